import { Injectable } from '@nestjs/common';
import type { WallboardFigures, WallboardTokenInfo } from '@callboard/contracts';
import { unownedInboxSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const TOKEN_COLUMNS = `w.id, w.name, ${ISO('w.created_at')} AS "createdAt", u.name AS "createdByName",
  ${ISO('w.last_used_at')} AS "lastUsedAt", ${ISO('w.revoked_at')} AS "revokedAt"`;

export type WallboardDayFigures = Omit<WallboardFigures, 'generatedAt' | 'name' | 'timeZone'>;

@Injectable()
export class WallboardRepository {
  constructor(private readonly tx: Transactions) {}

  async insertToken(t: { name: string; tokenHash: string; createdBy: string }): Promise<{ id: string; name: string }> {
    const row = await this.tx
      .db()
      .one<{ id: string; name: string }>(`INSERT INTO wallboard_tokens (name, token_hash, created_by) VALUES ($1, $2, $3) RETURNING id, name`, [
        t.name,
        t.tokenHash,
        t.createdBy,
      ]);
    return row!;
  }

  /** Every token, live first; never the hash. */
  tokens(): Promise<WallboardTokenInfo[]> {
    return this.tx
      .db()
      .rows<WallboardTokenInfo>(
        `SELECT ${TOKEN_COLUMNS} FROM wallboard_tokens w LEFT JOIN users u ON u.id = w.created_by
         ORDER BY (w.revoked_at IS NULL) DESC, w.created_at DESC, w.id`,
      );
  }

  /** Sets revoked_at once; null when there is no such token. */
  revoke(id: string): Promise<WallboardTokenInfo | null> {
    return this.tx.db().one<WallboardTokenInfo>(
      `WITH r AS (UPDATE wallboard_tokens SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING *)
       SELECT ${TOKEN_COLUMNS} FROM r w LEFT JOIN users u ON u.id = w.created_by`,
      [id],
    );
  }

  /**
   * The live token with this hash, or null. Marks it used, at most once a minute (a TV polls every
   * minute and reconnects; a row write per request would only churn the table).
   */
  useToken(tokenHash: string): Promise<{ id: string; name: string } | null> {
    return this.tx.db().one<{ id: string; name: string }>(
      `WITH t AS (SELECT id, name, last_used_at FROM wallboard_tokens WHERE token_hash = $1 AND revoked_at IS NULL),
            used AS (UPDATE wallboard_tokens w SET last_used_at = now() FROM t
                     WHERE w.id = t.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute'))
       SELECT id, name FROM t`,
      [tokenHash],
    );
  }

  async revokedAmong(ids: string[]): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.tx
      .db()
      .rows<{ id: string }>(`SELECT id FROM wallboard_tokens WHERE id = ANY($1::uuid[]) AND revoked_at IS NOT NULL`, [ids]);
    return rows.map((r) => r.id);
  }

  /**
   * Today's figures (the calendar day of `now` in `zone`), in one statement. Calls count on the day
   * they were offered; a deal is won today when closed as won today; speed to lead is of the deals
   * created today that were contacted; waiting leads are the uncontacted open deals nobody owns in an
   * inbox stage now (the shared inbox, `unownedInboxSql`).
   */
  async figures(now: Date, zone: string): Promise<WallboardDayFigures> {
    const row = await this.tx.db().one<WallboardDayFigures>(
      `WITH day AS (
         SELECT (d AT TIME ZONE $2::text) AS d0, ((d + interval '1 day') AT TIME ZONE $2::text) AS d1, to_char(d, 'YYYY-MM-DD') AS date
         FROM (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $2::text) AS d) x
       ), k AS (
         SELECT c.direction, c.user_id, c.answered_by, c.answered_at, c.outcome
         FROM calls c, day WHERE COALESCE(c.offered_at, c.created_at) >= day.d0 AND COALESCE(c.offered_at, c.created_at) < day.d1
       ), taken AS (
         SELECT COALESCE(k.answered_by, k.user_id) AS who, count(*) AS calls
         FROM k WHERE k.answered_by IS NOT NULL OR k.direction = 'outbound' GROUP BY 1
       ), won AS (
         SELECT d.owner_id, d.currency, d.amount
         FROM deals d, day WHERE d.status = 'won' AND d.deleted_at IS NULL AND d.closed_at >= day.d0 AND d.closed_at < day.d1
       ), wins AS (
         SELECT owner_id AS who, count(*) AS won FROM won WHERE owner_id IS NOT NULL GROUP BY 1
       ), lead AS (
         SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.first_contact_at - d.created_at) / 60) AS median,
                count(*) AS contacted
         FROM deals d, day WHERE d.deleted_at IS NULL AND d.created_at >= day.d0 AND d.created_at < day.d1 AND d.first_contact_at IS NOT NULL
       ), waiting AS (
         SELECT count(*) AS waiting, floor(extract(epoch FROM $1::timestamptz - min(d.created_at)) / 60) AS oldest
         FROM deals d JOIN stages s ON s.id = d.stage_id
         WHERE ${unownedInboxSql('d', 's')} AND d.status = 'open' AND d.deleted_at IS NULL AND d.first_contact_at IS NULL
       ), reps AS (
         SELECT u.id AS "userId", u.name, u.presence, COALESCE(t.calls, 0)::int AS calls, COALESCE(w.won, 0)::int AS "wonToday"
         FROM users u LEFT JOIN taken t ON t.who = u.id LEFT JOIN wins w ON w.who = u.id
         WHERE u.active AND (u.role = 'seller' OR t.calls > 0 OR w.won > 0)
       )
       SELECT day.date,
              json_build_object(
                'answered', (SELECT count(*) FROM k WHERE k.direction = 'inbound' AND k.answered_at IS NOT NULL),
                'missed', (SELECT count(*) FROM k WHERE k.direction = 'inbound' AND k.outcome = 'missed')) AS calls,
              json_build_object(
                'medianMinutes', (SELECT round(median::numeric, 1)::float8 FROM lead),
                'contacted', (SELECT contacted FROM lead),
                'waiting', (SELECT waiting FROM waiting),
                'oldestWaitingMinutes', (SELECT oldest::int FROM waiting)) AS "speedToLead",
              COALESCE((SELECT json_agg(r ORDER BY r.name, r."userId") FROM reps r), '[]'::json) AS reps,
              json_build_object(
                'count', (SELECT count(*) FROM won),
                'amounts', COALESCE((SELECT json_agg(json_build_object('currency', currency, 'amount', amount::text) ORDER BY currency)
                                     FROM (SELECT currency, sum(amount) AS amount FROM won GROUP BY currency) a), '[]'::json)) AS won
       FROM day`,
      [now, zone],
    );
    return row!;
  }
}
