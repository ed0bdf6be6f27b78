import { Injectable } from '@nestjs/common';
import type { DialPolicySettings, DialPolicyUser, DialRefusal, DialRefusalReason } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';

export const DIAL_POLICY_KEY = 'telephony.dial_policy';

/** The caller of an outbound call, as the dial policy needs them (active users only). */
export interface DialCallerRecord {
  id: string;
  internationalAllowed: boolean;
}

const USER_COLUMNS = `id, name, role, extension, active, international_allowed AS "internationalAllowed"`;

@Injectable()
export class DialPolicyRepository {
  constructor(private readonly tx: Transactions) {}

  async settings(): Promise<Partial<DialPolicySettings> | null> {
    const row = await this.tx.db().one<{ value: Partial<DialPolicySettings> }>(`SELECT value FROM settings WHERE key = $1`, [DIAL_POLICY_KEY]);
    return row?.value ?? null;
  }

  async saveSettings(value: DialPolicySettings): Promise<void> {
    await this.tx.db().rows(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = now()`,
      [DIAL_POLICY_KEY, JSON.stringify(value)],
    );
  }

  activeCallerByExtension(extension: string): Promise<DialCallerRecord | null> {
    return this.tx
      .db()
      .one<DialCallerRecord>(`SELECT id, international_allowed AS "internationalAllowed" FROM users WHERE extension = $1 AND active`, [extension]);
  }

  users(): Promise<DialPolicyUser[]> {
    return this.tx.db().rows<DialPolicyUser>(`SELECT ${USER_COLUMNS} FROM users ORDER BY active DESC, name, id`);
  }

  setInternational(userId: string, allowed: boolean): Promise<DialPolicyUser | null> {
    return this.tx
      .db()
      .one<DialPolicyUser>(`UPDATE users SET international_allowed = $2, updated_at = now() WHERE id = $1 RETURNING ${USER_COLUMNS}`, [userId, allowed]);
  }

  async insertRefusal(r: { callId: string; extension: string; userId: string | null; destination: string; reason: DialRefusalReason }): Promise<void> {
    await this.tx.db().rows(
      `INSERT INTO dial_refusals (call_id, extension, user_id, destination, reason) VALUES ($1, $2, $3, $4, $5)`,
      [r.callId, r.extension, r.userId, r.destination, r.reason],
    );
  }

  recentRefusals(limit: number): Promise<DialRefusal[]> {
    return this.tx.db().rows<DialRefusal>(
      `SELECT r.id::text AS id, r.call_id AS "callId", r.extension, r.user_id AS "userId", u.name AS "userName",
              r.destination, r.reason, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt"
         FROM dial_refusals r LEFT JOIN users u ON u.id = r.user_id
        ORDER BY r.created_at DESC, r.id DESC LIMIT $1`,
      [limit],
    );
  }
}
