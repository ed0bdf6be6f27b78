import type { RoutingQuestion } from './crm-router.port';

/** Names the suspended INVITE transaction an answer resumes. */
export interface SuspendedInvite {
  tindex: number;
  tlabel: number;
}

export type RoutingAnswer = { ok: true; decision: unknown } | { ok: false; reason: string };

/** The PBX side of the routing relay: questions of suspended INVITEs in, answers out. */
export interface RoutingChannel {
  start(handler: (question: RoutingQuestion, invite: SuspendedInvite) => void): Promise<void>;
  /** False when the answer cannot be sent (connection gone): the PBX's own timeout takes over. */
  answer(invite: SuspendedInvite, answer: RoutingAnswer): boolean;
  stop(): void;
}
