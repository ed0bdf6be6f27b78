import { Injectable, Logger } from '@nestjs/common';
import { type CallConversationResponse, Id, RecordingPause } from '@callboard/contracts';
import { z } from 'zod';
import type { Actor } from '../../common/access/access.decorators';
import { HEADS_ROOM, userRoom } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';
import { RealtimeService } from '../realtime/realtime.service';
import { type ConversationFigures, conversationFigures } from './conversation-analyser';
import { ConversationException } from './conversation.exception';
import { ConversationRepository } from './conversation.repository';
import { conversationRooms } from './conversation-rooms';
import { DEFAULT_WAV_LIMITS, readWavEnergies, type WavLimits, type WavProblem, WavRefused } from './wav-reader';

/** What the recordings module hands over once a call's recording is stored (checked here too). */
export const AnalyseRecordingInput = z.object({
  /** The call's id in the CRM (calls.id), not its SIP Call-ID. */
  callId: Id,
  /** An absolute path to the stored WAV (the recordings module's own file, never a client's). */
  wavPath: z.string().min(1).max(4096).startsWith('/'),
  /** Which channel holds the rep; null for a mono recording (no figures: the sides cannot be told apart). */
  repChannel: z.union([z.literal(0), z.literal(1)]).nullable(),
  pauses: z.array(RecordingPause).max(1000),
});
export type AnalyseRecordingInput = z.infer<typeof AnalyseRecordingInput>;

export type AnalyseOutcome =
  | { status: 'stored'; figures: ConversationFigures }
  /** Mono recording, or the rep's channel unknown. */
  | { status: 'one_channel' }
  | { status: 'refused'; problem: WavProblem }
  | { status: 'no_call' };

/**
 * Conversation figures of a recorded call: reads its WAV (streamed), computes the figures
 * (conversation-analyser.ts), stores them (one row per call) and tells the call's views. One
 * analysis at a time per process: a call's hour of audio is ~1 s of CPU, and calls keep the rest.
 */
@Injectable()
export class ConversationService {
  private readonly logger = new Logger(ConversationService.name);
  private queue: Promise<unknown> = Promise.resolve();
  /** What a recording may be (docs/reports.md, "What is accepted"). */
  private readonly limits: WavLimits = DEFAULT_WAV_LIMITS;

  constructor(
    private readonly conversations: ConversationRepository,
    private readonly tx: Transactions,
    private readonly realtime: RealtimeService,
  ) {}

  /** Analyses a call's stored recording; never throws for a bad file (logged, nothing stored). */
  analyseRecording(input: AnalyseRecordingInput): Promise<AnalyseOutcome> {
    const run = this.queue.then(() => this.analyse(AnalyseRecordingInput.parse(input)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** GET /calls/:id/conversation: the figures of a call the actor may see (null until analysed). */
  async ofCall(actor: Actor, callId: string): Promise<CallConversationResponse> {
    const found = await this.conversations.forActor(actor, callId);
    if (!found.visible) throw new ConversationException('NOT_FOUND', 'No such call');
    return { conversation: found.conversation };
  }

  private async analyse({ callId, wavPath, repChannel, pauses }: AnalyseRecordingInput): Promise<AnalyseOutcome> {
    if (repChannel === null) {
      this.logger.log(`call ${callId}: one-channel recording, no conversation figures`);
      return { status: 'one_channel' };
    }
    const started = Date.now();
    let read: Awaited<ReturnType<typeof readWavEnergies>>;
    try {
      read = await readWavEnergies(wavPath, { ...this.limits, channels: 2 });
    } catch (err) {
      if (!(err instanceof WavRefused)) throw err;
      this.logger.warn(`call ${callId}: recording not analysed: ${err.message}`);
      return { status: 'refused', problem: err.problem };
    }
    const figures = conversationFigures(read.energies, repChannel, pauses);
    const audience = await this.tx.run(
      async (tx) => {
        const call = await this.conversations.audience(callId, tx);
        if (call) await this.conversations.save(callId, read.format.sampleRate, figures, tx);
        return call;
      },
      { retry: true, label: `conversation of call ${callId}` },
    );
    if (!audience) {
      this.logger.warn(`call ${callId}: no such call, figures dropped`);
      return { status: 'no_call' };
    }
    this.logger.log(`call ${callId}: ${read.format.durationSec.toFixed(1)} s analysed in ${Date.now() - started} ms`);
    // after commit: the call's views refetch, the reports of its rep and the Heads too
    this.realtime.toRooms(conversationRooms(audience), 'call.conversation', { callId, dealId: audience.dealId });
    const rep = audience.direction === 'outbound' ? audience.userId : audience.answeredBy;
    this.realtime.figuresChanged(rep ? [HEADS_ROOM, userRoom(rep)] : [HEADS_ROOM], 'calls');
    return { status: 'stored', figures };
  }
}
