import { Injectable } from '@nestjs/common';
import type { CallConversation } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { callVisibleSql } from '../../common/access/call-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';
import type { ConversationFigures } from './conversation-analyser';

/** Who may hear about a call: its deal's owner and inbox state, and the reps who handled it. */
export interface CallAudienceRow {
  dealId: string | null;
  dealOwnerId: string | null;
  dealStageGroup: string | null;
  dealDeleted: boolean;
  answeredBy: string | null;
  userId: string | null;
  direction: 'inbound' | 'outbound' | null;
}

const FIGURE_COLUMNS = `v.call_id AS "callId", v.analysed_at AS "analysedAt", v.analysed_sec AS "analysedSec", v.paused_sec AS "pausedSec",
  v.rep_talk_sec AS "repTalkSec", v.caller_talk_sec AS "callerTalkSec", v.overlap_sec AS "overlapSec", v.silence_sec AS "silenceSec",
  v.rep_talk_share AS "repTalkShare", v.silence_share AS "silenceShare", v.rep_longest_monologue_sec AS "repLongestMonologueSec",
  v.caller_longest_monologue_sec AS "callerLongestMonologueSec", v.longest_monologue_by AS "longestMonologueBy",
  v.rep_interruptions AS "repInterruptions", v.caller_interruptions AS "callerInterruptions"`;

@Injectable()
export class ConversationRepository {
  constructor(private readonly tx: Transactions) {}

  /** Stores a call's figures, replacing an earlier analysis of the same call. */
  async save(callId: string, sampleRate: number, f: ConversationFigures, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `INSERT INTO call_conversations (call_id, analysed_at, sample_rate, analysed_sec, paused_sec, rep_talk_sec, caller_talk_sec, overlap_sec,
         silence_sec, rep_talk_share, silence_share, rep_longest_monologue_sec, caller_longest_monologue_sec, longest_monologue_by,
         rep_interruptions, caller_interruptions)
       VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (call_id) DO UPDATE SET analysed_at = now(), sample_rate = EXCLUDED.sample_rate, analysed_sec = EXCLUDED.analysed_sec,
         paused_sec = EXCLUDED.paused_sec, rep_talk_sec = EXCLUDED.rep_talk_sec, caller_talk_sec = EXCLUDED.caller_talk_sec,
         overlap_sec = EXCLUDED.overlap_sec, silence_sec = EXCLUDED.silence_sec, rep_talk_share = EXCLUDED.rep_talk_share,
         silence_share = EXCLUDED.silence_share, rep_longest_monologue_sec = EXCLUDED.rep_longest_monologue_sec,
         caller_longest_monologue_sec = EXCLUDED.caller_longest_monologue_sec, longest_monologue_by = EXCLUDED.longest_monologue_by,
         rep_interruptions = EXCLUDED.rep_interruptions, caller_interruptions = EXCLUDED.caller_interruptions`,
      [callId, sampleRate, f.analysedSec, f.pausedSec, f.repTalkSec, f.callerTalkSec, f.overlapSec, f.silenceSec, f.repTalkShare, f.silenceShare,
        f.repLongestMonologueSec, f.callerLongestMonologueSec, f.longestMonologueBy, f.repInterruptions, f.callerInterruptions],
    );
  }

  /** The call's audience (locked: the row must still exist when the figures are written); null when there is no such call. */
  audience(callId: string, tx: Tx): Promise<CallAudienceRow | null> {
    return this.tx.db(tx).one<CallAudienceRow>(
      `SELECT c.deal_id AS "dealId", d.owner_id AS "dealOwnerId", s."group" AS "dealStageGroup", d.deleted_at IS NOT NULL AS "dealDeleted",
              c.answered_by AS "answeredBy", c.user_id AS "userId", c.direction
       FROM calls c LEFT JOIN deals d ON d.id = c.deal_id LEFT JOIN stages s ON s.id = d.stage_id
       WHERE c.id = $1 FOR SHARE OF c`,
      [callId],
    );
  }

  /**
   * The call's figures for this actor: `visible` false when there is no such call or the actor may
   * not see it (the call's visibility rule, in the query), else its figures or null.
   */
  async forActor(actor: Actor, callId: string): Promise<{ visible: boolean; conversation: CallConversation | null }> {
    const row = await this.tx.db().one<CallConversation & { seen: true }>(
      `SELECT true AS seen, ${FIGURE_COLUMNS}
       FROM calls c LEFT JOIN call_conversations v ON v.call_id = c.id
       WHERE c.id = $1 AND ${callVisibleSql(actor, '$2', 'c')}`,
      [callId, actor.id],
    );
    if (!row) return { visible: false, conversation: null };
    if (row.callId === null) return { visible: true, conversation: null };
    const { seen: _, ...figures } = row;
    return { visible: true, conversation: { ...figures, analysedAt: new Date(figures.analysedAt).toISOString() } };
  }
}
