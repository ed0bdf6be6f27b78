import { Injectable } from '@nestjs/common';
import type { Webhook, WebhookDelivery } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const WEBHOOK_COLUMNS = `w.id, w.name, w.url, w.events, w.allowed_hosts AS "allowedHosts", w.enabled,
  w.disabled_reason AS "disabledReason", ${ISO('w.disabled_at')} AS "disabledAt",
  w.consecutive_failures AS "consecutiveFailures", ${ISO('w.created_at')} AS "createdAt"`;

/** A delivery taken by a drainer: what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  webhookId: string;
  attempts: number;
  eventId: string;
  eventType: string;
  body: string;
  url: string;
  allowedHosts: string[];
  secretEnc: string;
}

/** An event to write: its id is the one receivers dedupe on. */
export interface NewWebhookEvent {
  type: string;
  body: string;
  id: string;
  occurredAt: Date;
}

@Injectable()
export class WebhooksRepository {
  constructor(private readonly tx: Transactions) {}

  async insert(w: { name: string; url: string; events: string[]; allowedHosts: string[]; secretEnc: string; createdBy: string }): Promise<Webhook> {
    const row = await this.tx.db().one<Webhook>(
      `WITH w AS (INSERT INTO webhooks (name, url, events, allowed_hosts, secret_enc, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *)
       SELECT ${WEBHOOK_COLUMNS} FROM w`,
      [w.name, w.url, w.events, w.allowedHosts, w.secretEnc, w.createdBy],
    );
    return row!;
  }

  list(): Promise<Webhook[]> {
    return this.tx.db().rows<Webhook>(`SELECT ${WEBHOOK_COLUMNS} FROM webhooks w ORDER BY w.created_at DESC, w.id`);
  }

  get(id: string, tx?: Tx): Promise<(Webhook & { secretEnc: string }) | null> {
    return this.tx.db(tx).one(`SELECT ${WEBHOOK_COLUMNS}, w.secret_enc AS "secretEnc" FROM webhooks w WHERE w.id = $1`, [id]);
  }

  update(id: string, p: { name?: string; url?: string; events?: string[]; allowedHosts?: string[]; enabled?: boolean }): Promise<Webhook | null> {
    return this.tx.db().one<Webhook>(
      `WITH w AS (
         UPDATE webhooks SET
           name = COALESCE($2, name), url = COALESCE($3, url), events = COALESCE($4, events),
           allowed_hosts = COALESCE($5, allowed_hosts),
           enabled = COALESCE($6, enabled),
           disabled_reason = CASE WHEN $6 IS NULL THEN disabled_reason WHEN $6 THEN NULL WHEN enabled THEN 'head' ELSE disabled_reason END,
           disabled_at = CASE WHEN $6 IS NULL THEN disabled_at WHEN $6 THEN NULL WHEN enabled THEN now() ELSE disabled_at END,
           consecutive_failures = CASE WHEN $6 AND NOT enabled THEN 0 ELSE consecutive_failures END,
           updated_at = now()
         WHERE id = $1 RETURNING *)
       SELECT ${WEBHOOK_COLUMNS} FROM w`,
      [id, p.name ?? null, p.url ?? null, p.events ?? null, p.allowedHosts ?? null, p.enabled ?? null],
    );
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.tx.db().rows(`DELETE FROM webhooks WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }

  /** The event types some enabled webhook subscribes to (the listener skips the others). */
  async subscribedTypes(): Promise<Set<string>> {
    const rows = await this.tx.db().rows<{ type: string }>(`SELECT DISTINCT unnest(events) AS type FROM webhooks WHERE enabled`);
    return new Set(rows.map((r) => r.type));
  }

  /**
   * Writes the events and one due delivery per enabled webhook subscribed to each, in one
   * statement (in the caller's transaction when it gives one). Events nobody subscribes to are
   * not written. Returns how many deliveries were queued.
   */
  async enqueue(events: NewWebhookEvent[], now: Date, tx?: Tx): Promise<number> {
    if (!events.length) return 0;
    const rows = await this.tx.db(tx).rows<{ n: number }>(
      `WITH e AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(id, type, body, occurred_at)
         WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.enabled AND x.type = ANY(w.events))),
       ins AS (INSERT INTO webhook_events (id, type, body, occurred_at) SELECT id, type, body, occurred_at FROM e RETURNING id, type),
       d AS (INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at)
             SELECT w.id, ins.id, $5 FROM ins JOIN webhooks w ON w.enabled AND ins.type = ANY(w.events) RETURNING 1)
       SELECT count(*)::int AS n FROM d`,
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.body), events.map((e) => e.occurredAt), now],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * Like enqueue, but the new deliveries come back already claimed by
   * the caller: counted as attempt 1 and leased until `leaseUntil`, as claim() would leave them.
   * The caller sends them at once (one round trip less than enqueue + claim); if it dies first,
   * the lease runs out and any drainer takes them.
   */
  enqueueClaimed(events: NewWebhookEvent[], leaseUntil: Date, tx?: Tx): Promise<ClaimedDelivery[]> {
    if (!events.length) return Promise.resolve([]);
    return this.tx.db(tx).rows<ClaimedDelivery>(
      `WITH e AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS x(id, type, body, occurred_at)
         WHERE EXISTS (SELECT 1 FROM webhooks w WHERE w.enabled AND x.type = ANY(w.events))),
       ins AS (INSERT INTO webhook_events (id, type, body, occurred_at) SELECT id, type, body, occurred_at FROM e RETURNING id, type, body),
       d AS (INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at, attempts)
             SELECT w.id, ins.id, $5, 1 FROM ins JOIN webhooks w ON w.enabled AND ins.type = ANY(w.events) RETURNING id, webhook_id, event_id, attempts)
       SELECT d.id, d.webhook_id AS "webhookId", d.attempts, ins.id AS "eventId", ins.type AS "eventType", ins.body,
         w.url, w.allowed_hosts AS "allowedHosts", w.secret_enc AS "secretEnc"
       FROM d JOIN ins ON ins.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id`,
      [events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.body), events.map((e) => e.occurredAt), leaseUntil],
    );
  }

  /**
   * Open tasks whose due time has come (within the last `lookbackHours`) and was not announced
   * yet, marked announced in `tx`: of several nodes scanning at once, each pair goes to one.
   */
  takeDueTasks(now: Date, lookbackHours: number, tx: Tx) {
    return this.tx.db(tx).rows<{ taskId: string; dealId: string | null; type: string; title: string; assigneeId: string | null; dueAt: Date }>(
      `WITH due AS (
         INSERT INTO webhook_task_due (task_id, due_at)
         SELECT t.id, t.due_at FROM tasks t
         WHERE t.status = 'open' AND t.due_at <= $1 AND t.due_at > $1 - make_interval(hours => $2)
         ON CONFLICT DO NOTHING RETURNING task_id, due_at)
       SELECT t.id AS "taskId", t.deal_id AS "dealId", t.type, t.title, t.assignee_id AS "assigneeId", due.due_at AS "dueAt"
       FROM due JOIN tasks t ON t.id = due.task_id ORDER BY due.due_at, t.id`,
      [now, lookbackHours],
    );
  }

  /** One event for one webhook (a ping), due now; returns the delivery's id. */
  async enqueueFor(webhookId: string, event: NewWebhookEvent, now: Date): Promise<string> {
    const row = await this.tx.db().one<{ id: string }>(
      `WITH ins AS (INSERT INTO webhook_events (id, type, body, occurred_at) VALUES ($2, $3, $4, $5) RETURNING id)
       INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at, manual) SELECT $1, ins.id, $6, true FROM ins RETURNING id`,
      [webhookId, event.id, event.type, event.body, event.occurredAt, now],
    );
    return row!.id;
  }

  /** A new manual delivery of a delivery's event (same event id, same body); null when there is no such delivery. */
  redeliver(webhookId: string, deliveryId: string, now: Date): Promise<{ deliveryId: string; eventId: string } | null> {
    return this.tx.db().one(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at, manual)
       SELECT d.webhook_id, d.event_id, $3, true FROM webhook_deliveries d WHERE d.id = $2 AND d.webhook_id = $1
       RETURNING id AS "deliveryId", event_id AS "eventId"`,
      [webhookId, deliveryId, now],
    );
  }

  /**
   * Takes up to `limit` due deliveries of enabled webhooks: rows locked by another drainer are
   * skipped, and the taken ones are leased (their next attempt moved past `leaseUntil`), so a
   * drainer that dies mid-send leaves them to be taken again after the lease.
   */
  claim(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.tx.db().rows<ClaimedDelivery>(
      `WITH c AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id AND w.enabled
         WHERE d.status = 'pending' AND d.next_attempt_at <= $1
         ORDER BY d.next_attempt_at, d.id LIMIT $3
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = $2
       FROM c, webhook_events e, webhooks w
       WHERE d.id = c.id AND e.id = d.event_id AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id AS "webhookId", d.attempts, e.id AS "eventId", e.type AS "eventType", e.body,
         w.url, w.allowed_hosts AS "allowedHosts", w.secret_enc AS "secretEnc"`,
      [now, leaseUntil, limit],
    );
  }

  async logAttempt(
    a: { deliveryId: string; at: Date; statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null },
    tx: Tx,
  ): Promise<void> {
    await this.tx
      .db(tx)
      .rows(
        `INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, response_excerpt, error) VALUES ($1, $2, $3, $4, $5, $6)`,
        [a.deliveryId, a.at, a.statusCode, a.durationMs, a.responseExcerpt, a.error],
      );
  }

  /** A delivered attempt, in one statement: logged, the delivery done, the webhook's failure streak ended. */
  async delivered(
    a: { deliveryId: string; at: Date; statusCode: number | null; durationMs: number; responseExcerpt: string | null; error: string | null },
    webhookId: string,
    attempts: number,
    finishedAt: Date,
  ): Promise<void> {
    await this.tx.db().rows(
      `WITH a AS (INSERT INTO webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, response_excerpt, error) VALUES ($1, $2, $3, $4, $5, $6)),
            d AS (UPDATE webhook_deliveries SET status = 'delivered', next_attempt_at = NULL, finished_at = $8 WHERE id = $1 AND attempts = $7),
            w AS (UPDATE webhooks SET consecutive_failures = 0 WHERE id = $9 AND consecutive_failures <> 0)
       SELECT 1`,
      [a.deliveryId, a.at, a.statusCode, a.durationMs, a.responseExcerpt, a.error, attempts, finishedAt, webhookId],
    );
  }

  /**
   * A failed attempt: the delivery waits until `retryAt` (null: given up), and the webhook's
   * failure streak grows. Returns the streak and whether the webhook is still enabled.
   */
  async failed(deliveryId: string, webhookId: string, attempts: number, retryAt: Date | null, at: Date, tx: Tx) {
    await this.tx
      .db(tx)
      .rows(
        `UPDATE webhook_deliveries SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = $3, finished_at = CASE WHEN $3::timestamptz IS NULL THEN $4::timestamptz END
         WHERE id = $1 AND attempts = $2`,
        [deliveryId, attempts, retryAt, at],
      );
    return this.tx
      .db(tx)
      .one<{ streak: number; enabled: boolean; name: string; url: string }>(
        `UPDATE webhooks SET consecutive_failures = consecutive_failures + 1 WHERE id = $1
         RETURNING consecutive_failures AS streak, enabled, name, url`,
        [webhookId],
      );
  }

  /** Switches a webhook off after failures; false when it was off already. */
  async disableForFailures(webhookId: string, at: Date, tx: Tx): Promise<boolean> {
    const rows = await this.tx
      .db(tx)
      .rows(
        `UPDATE webhooks SET enabled = false, disabled_reason = 'failures', disabled_at = $2, updated_at = now() WHERE id = $1 AND enabled RETURNING id`,
        [webhookId, at],
      );
    return rows.length > 0;
  }

  /** The newest deliveries of a webhook with their attempts, newest first. */
  deliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]> {
    return this.tx.db().rows<WebhookDelivery>(
      `SELECT d.id, d.event_id AS "eventId", e.type AS "eventType", d.status, d.attempts,
         CASE WHEN d.status = 'pending' THEN ${ISO('d.next_attempt_at')} END AS "nextAttemptAt", d.manual, ${ISO('d.created_at')} AS "createdAt",
         COALESCE((SELECT json_agg(json_build_object('at', ${ISO('a.attempted_at')}, 'statusCode', a.status_code, 'durationMs', a.duration_ms,
                    'responseExcerpt', a.response_excerpt, 'error', a.error) ORDER BY a.id DESC)
                   FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS log
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
       WHERE d.webhook_id = $1 ORDER BY d.created_at DESC, d.id DESC LIMIT $2`,
      [webhookId, limit],
    );
  }
}

