import { Injectable } from '@nestjs/common';
import type { Notification } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

const COLUMNS = `id, title, body, deal_id AS "dealId", rule_id AS "ruleId", read_at AS "readAt", created_at AS "createdAt"`;

export interface PendingEmail {
  id: string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

@Injectable()
export class NotificationsRepository {
  constructor(private readonly tx: Transactions) {}

  /** One notification per reader, each with its own words. */
  async insert(
    notes: { userId: string; title: string; body: string }[],
    n: { dealId: string | null; ruleId: string | null },
    tx: Tx,
  ): Promise<(Notification & { userId: string })[]> {
    const rows = await this.tx.db(tx).rows<Notification & { userId: string }>(
      `INSERT INTO notifications (user_id, title, body, deal_id, rule_id)
       SELECT u, t, b, $4, $5 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(u, t, b)
       RETURNING user_id AS "userId", ${COLUMNS}`,
      [notes.map((x) => x.userId), notes.map((x) => x.title), notes.map((x) => x.body), n.dealId, n.ruleId],
    );
    return rows.map(iso);
  }

  list(userId: string, unread: boolean, limit: number): Promise<Notification[]> {
    return this.tx
      .db()
      .rows<Notification>(
        `SELECT ${COLUMNS} FROM notifications WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
         ORDER BY created_at DESC, id DESC LIMIT $3`,
        [userId, unread, limit],
      )
      .then((r) => r.map(iso));
  }

  markRead(userId: string, id: string): Promise<Notification | null> {
    return this.tx
      .db()
      .one<Notification>(
        `UPDATE notifications SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`,
        [id, userId],
      )
      .then((r) => r && iso(r));
  }

  headIds(tx?: Tx): Promise<string[]> {
    return this.tx.db(tx).rows<{ id: string }>(`SELECT id FROM users WHERE role = 'head' AND active ORDER BY id`).then((r) => r.map((x) => x.id));
  }

  /** The active ones of these users, with their addresses. */
  emailsOf(userIds: string[], tx?: Tx): Promise<{ id: string; email: string }[]> {
    return this.tx.db(tx).rows(`SELECT id, email FROM users WHERE id = ANY($1::uuid[]) AND active ORDER BY email`, [userIds]);
  }

  async queueEmail(e: { to: string; subject: string; body: string; ruleId: string | null; dealId: string | null }, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `INSERT INTO outbound_emails (to_address, subject, body, rule_id, deal_id) VALUES ($1, $2, $3, $4, $5)`,
      [e.to, e.subject, e.body, e.ruleId, e.dealId],
    );
  }

  /**
   * Takes one due email for sending, in a short transaction of its own: the row is leased (its
   * next attempt moved `leaseSeconds` ahead) so no other pass or instance takes it while SMTP runs
   * outside any transaction; a process that dies mid-send leaves it to be taken again when the
   * lease ends (at least once).
   */
  takeEmail(leaseSeconds: number, tx: Tx): Promise<PendingEmail | null> {
    return this.tx.db(tx).one<PendingEmail>(
      `UPDATE outbound_emails SET next_attempt_at = now() + $1 * interval '1 second'
       WHERE id = (SELECT id FROM outbound_emails WHERE status = 'pending' AND next_attempt_at <= now()
                   ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address AS "to", subject, body, attempts`,
      [leaseSeconds],
    );
  }

  async emailSent(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE outbound_emails SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  /** Retries with backoff, up to 5 attempts. */
  async emailFailed(id: string, error: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE outbound_emails SET attempts = attempts + 1, last_error = $2,
         status = CASE WHEN attempts + 1 >= 5 THEN 'failed' ELSE 'pending' END,
         next_attempt_at = now() + (30 * power(2, attempts)) * interval '1 second' WHERE id = $1`,
      [id, error.slice(0, 1000)],
    );
  }
}

function iso<T>(row: T): T {
  const r = row as Record<string, unknown>;
  for (const key of ['readAt', 'createdAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
