import { Injectable } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';

/** A call the CRM still holds open (not ended, not missed). */
export interface OpenCall {
  sipCallId: string;
  answered: boolean;
}

/** Reads for the reconciler; every change it makes goes through the calls and users services. */
@Injectable()
export class CallReconcilerRepository {
  constructor(private readonly tx: Transactions) {}

  /** Open calls, oldest first. */
  openCalls(limit = 1000): Promise<OpenCall[]> {
    return this.tx.db().rows<OpenCall>(
      `SELECT sip_call_id AS "sipCallId", answered_at IS NOT NULL AS answered
       FROM calls WHERE direction IS NOT NULL AND ended_at IS NULL
       ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /** Reps on_call with no answered call open in the CRM. */
  async repsOnCallWithoutCall(): Promise<string[]> {
    const rows = await this.tx.db().rows<{ id: string }>(
      `SELECT u.id FROM users u
       WHERE u.presence = 'on_call'
         AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.answered_by = u.id AND c.answered_at IS NOT NULL AND c.ended_at IS NULL)`,
    );
    return rows.map((r) => r.id);
  }
}
