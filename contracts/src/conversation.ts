import { z } from 'zod';
import { Id } from './common';

/**
 * Issue 16: conversation figures of a recorded call, from its two channels (caller and rep) by
 * energy-based voice activity on the server; no speech model, no cloud. docs/reports.md defines
 * each figure (frame size, thresholds, what an interruption is). Paused stretches are left out.
 */
export const ConversationSide = z.enum(['rep', 'caller']);
export type ConversationSide = z.infer<typeof ConversationSide>;

/** A call's conversation figures as the API shows them (seconds; shares between 0 and 1). */
export const CallConversation = z.object({
  callId: Id,
  analysedAt: z.string(),
  /** The recording less its paused stretches. */
  analysedSec: z.number().nonnegative(),
  pausedSec: z.number().nonnegative(),
  repTalkSec: z.number().nonnegative(),
  callerTalkSec: z.number().nonnegative(),
  /** Both talking at once. */
  overlapSec: z.number().nonnegative(),
  /** Neither talking. */
  silenceSec: z.number().nonnegative(),
  /** The rep's share of the talk: repTalk / (repTalk + callerTalk); null when nobody spoke. */
  repTalkShare: z.number().min(0).max(1).nullable(),
  /** silence / analysed; null when nothing was analysed. */
  silenceShare: z.number().min(0).max(1).nullable(),
  repLongestMonologueSec: z.number().nonnegative(),
  callerLongestMonologueSec: z.number().nonnegative(),
  longestMonologueBy: ConversationSide.nullable(),
  /** Times the rep started while the caller was talking (and both went on 0.3 s). */
  repInterruptions: z.number().int().nonnegative(),
  callerInterruptions: z.number().int().nonnegative(),
});
export type CallConversation = z.infer<typeof CallConversation>;

/** GET /api/calls/:id/conversation: null until the call's recording has been analysed. */
export const CallConversationResponse = z.object({ conversation: CallConversation.nullable() });
export type CallConversationResponse = z.infer<typeof CallConversationResponse>;

/** A call's figures were stored: views showing the call refetch them. To those who may see the call. */
export const CallConversationPayload = z.object({ callId: Id, dealId: Id.nullable() });
export type CallConversationPayload = z.infer<typeof CallConversationPayload>;
