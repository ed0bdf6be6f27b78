import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

/** A pending or finished blind transfer (ADR 0005), with the names the timeline needs. */
export interface TransferRecord {
  id: string;
  token: string;
  callId: string;
  dealId: string | null;
  fromUserId: string;
  fromUserName: string;
  toUserId: string;
  toUserName: string;
  requestedBy: string;
  expiresAt: Date;
  newSipCallId: string | null;
  consumedAt: Date | null;
  /** The transferred call's SIP Call-ID. */
  originalSipCallId: string;
  /** The Refer-To's user part it was issued for (null on rows older than issue 16). */
  referUser: string | null;
  /** An attended transfer: the consult call's SIP Call-ID the carrier's INVITE replaces. */
  replacesCallId: string | null;
  fromExtension: string;
  toExtension: string;
}

const COLUMNS = `t.id, t.token, t.call_id AS "callId", t.deal_id AS "dealId", t.from_user_id AS "fromUserId",
  fu.name AS "fromUserName", t.to_user_id AS "toUserId", tu.name AS "toUserName", t.requested_by AS "requestedBy",
  t.expires_at AS "expiresAt", t.new_sip_call_id AS "newSipCallId", t.consumed_at AS "consumedAt",
  c.sip_call_id AS "originalSipCallId", t.refer_user AS "referUser", t.replaces_call_id AS "replacesCallId",
  fu.extension AS "fromExtension", tu.extension AS "toExtension"`;

const FROM = `call_transfers t JOIN users fu ON fu.id = t.from_user_id JOIN users tu ON tu.id = t.to_user_id
  JOIN calls c ON c.id = t.call_id`;

@Injectable()
export class TransfersRepository {
  constructor(private readonly tx: Transactions) {}

  async insert(
    t: {
      token: string;
      callId: string;
      dealId: string | null;
      fromUserId: string;
      toUserId: string;
      requestedBy: string;
      expiresAt: Date;
      referUser: string;
      replacesCallId: string | null;
    },
    tx?: Tx,
  ): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO call_transfers (token, call_id, deal_id, from_user_id, to_user_id, requested_by, expires_at, refer_user, replaces_call_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [t.token, t.callId, t.dealId, t.fromUserId, t.toUserId, t.requestedBy, t.expiresAt, t.referUser, t.replacesCallId],
    );
    return row!.id;
  }

  /** The transfer a token names, locked until the transaction ends. */
  async lockByToken(token: string, tx: Tx): Promise<TransferRecord | null> {
    return this.tx.db(tx).one<TransferRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.token = $1 FOR UPDATE OF t`, [token]);
  }

  findByToken(token: string): Promise<TransferRecord | null> {
    return this.tx.db().one<TransferRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.token = $1`, [token]);
  }

  /** The transfer whose carrier INVITE became this call, locked. */
  async lockByNewCall(sipCallId: string, tx: Tx): Promise<TransferRecord | null> {
    return this.tx.db(tx).one<TransferRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.new_sip_call_id = $1 FOR UPDATE OF t`, [sipCallId]);
  }

  findByNewCall(sipCallId: string): Promise<TransferRecord | null> {
    return this.tx.db().one<TransferRecord>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.new_sip_call_id = $1`, [sipCallId]);
  }

  async claim(id: string, newSipCallId: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE call_transfers SET new_sip_call_id = $2, claimed_at = now() WHERE id = $1`, [id, newSipCallId]);
  }

  async consume(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE call_transfers SET consumed_at = now() WHERE id = $1 AND consumed_at IS NULL`, [id]);
  }

  /** True when a transfer of this call (calls.id) was answered by its target. */
  async wasTransferred(callId: string, tx: Tx): Promise<boolean> {
    const row = await this.tx.db(tx).one<{ n: number }>(
      `SELECT count(*)::int AS n FROM call_transfers WHERE call_id = $1 AND consumed_at IS NOT NULL`,
      [callId],
    );
    return (row?.n ?? 0) > 0;
  }

  /** The transferred call's outcome once its end was logged (before that, the end path sets it). */
  async markCallTransferred(callId: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE calls SET outcome = 'transferred', updated_at = now() WHERE id = $1 AND end_applied AND outcome = 'completed'`,
      [callId],
    );
  }
}
