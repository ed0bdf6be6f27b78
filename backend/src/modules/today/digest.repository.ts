import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';
import { unownedInboxSql } from '../../common/access/deal-visibility';

export const DIGEST_KEY = 'sales.daily_digest';

/** The digest's schedule, a row of `settings`: the hour (business time) and the next run. */
export interface DigestSchedule {
  hour: number;
  nextRunAt: string;
  /** The business day of the last run (YYYY-MM-DD). */
  lastRunFor: string | null;
}

export interface ForgottenDeal {
  dealId: string;
  dealTitle: string;
  contactName: string | null;
  lastContactAt: Date;
}

export interface DigestUser {
  id: string;
  name: string;
  role: 'head' | 'seller';
}

@Injectable()
export class DigestRepository {
  constructor(private readonly tx: Transactions) {}

  /** The next `hour:00` in `timeZone` strictly after `after`. */
  async nextRun(after: Date, hour: number, timeZone: string, tx?: Tx): Promise<Date> {
    const row = await this.tx.db(tx).one<{ at: Date }>(
      `SELECT CASE WHEN t > $1 THEN t ELSE ((d + interval '1 day' + make_interval(hours => $2)) AT TIME ZONE $3) END AS at
       FROM (SELECT d, (d + make_interval(hours => $2)) AT TIME ZONE $3 AS t
             FROM (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $3) AS d) x) y`,
      [after, hour, timeZone],
    );
    return new Date(row!.at);
  }

  /** Creates the schedule if there is none yet (first boot); another instance's row wins. */
  async ensureSchedule(schedule: DigestSchedule): Promise<void> {
    await this.tx.db().rows(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [DIGEST_KEY, JSON.stringify(schedule)]);
  }

  /** The schedule, locked for this transaction; null while another instance holds it. */
  claimSchedule(tx: Tx): Promise<DigestSchedule | null> {
    return this.tx
      .db(tx)
      .one<{ value: DigestSchedule }>(`SELECT value FROM settings WHERE key = $1 FOR UPDATE SKIP LOCKED`, [DIGEST_KEY])
      .then((r) => r?.value ?? null);
  }

  async saveSchedule(schedule: DigestSchedule, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE settings SET value = $2::jsonb, updated_at = now() WHERE key = $1`, [DIGEST_KEY, JSON.stringify(schedule)]);
  }

  activeUsers(tx: Tx): Promise<DigestUser[]> {
    return this.tx.db(tx).rows<DigestUser>(`SELECT id, name, role FROM users WHERE active ORDER BY role, name, id`);
  }

  /** A Seller's open deals that had contact once, but none since `before`: oldest first. */
  forgotten(userId: string, before: Date, tx: Tx): Promise<ForgottenDeal[]> {
    return this.tx.db(tx).rows<ForgottenDeal>(
      `SELECT d.id AS "dealId", d.title AS "dealTitle", c.name AS "contactName", d.last_contact_at AS "lastContactAt"
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN contacts c ON c.id = d.contact_id
       WHERE d.owner_id = $1 AND d.deleted_at IS NULL AND d.status = 'open' AND s."group" IN ('inbox', 'active')
         AND d.last_contact_at < $2
       ORDER BY d.last_contact_at, d.id LIMIT 50`,
      [userId, before],
    );
  }

  unassignedLeads(tx: Tx): Promise<number> {
    return this.tx
      .db(tx)
      .one<{ n: number }>(
        `SELECT count(*)::int AS n FROM deals d JOIN stages s ON s.id = d.stage_id
         WHERE ${unownedInboxSql('d', 's')} AND d.deleted_at IS NULL AND d.status = 'open'`,
      )
      .then((r) => r?.n ?? 0);
  }
}
