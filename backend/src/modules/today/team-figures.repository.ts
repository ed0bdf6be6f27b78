import { Injectable } from '@nestjs/common';
import type { RepTodayFigures } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { dealScopeSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';

/** Every active user's calls, talk time, missed calls, stage moves and wrap-ups owed for calls in [start, end): one statement. */
@Injectable()
export class TeamFiguresRepository {
  constructor(private readonly tx: Transactions) {}

  figures(actor: Actor, start: Date, end: Date): Promise<RepTodayFigures[]> {
    return this.tx.db().rows<RepTodayFigures>(
      `WITH k AS (
         SELECT c.id, c.direction, c.user_id, c.answered_by, c.answered_at, c.outcome, c.duration_sec, c.rang_user_ids
         FROM calls c WHERE COALESCE(c.offered_at, c.created_at) >= $1 AND COALESCE(c.offered_at, c.created_at) < $2
       ), taken AS (
         SELECT COALESCE(k.answered_by, k.user_id) AS who, count(*) AS calls,
                COALESCE(sum(k.duration_sec) FILTER (WHERE k.answered_at IS NOT NULL), 0) AS talk
         FROM k WHERE k.answered_by IS NOT NULL OR k.direction = 'outbound'
         GROUP BY 1
       ), missed AS (
         SELECT r.who, count(DISTINCT k.id) AS missed
         FROM k CROSS JOIN LATERAL unnest(k.rang_user_ids || CASE WHEN k.user_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[k.user_id] END) AS r(who)
         WHERE k.direction = 'inbound' AND k.outcome = 'missed'
         GROUP BY r.who
       ), moved AS (
         SELECT e.actor_id AS who, count(DISTINCT e.deal_id) AS moved
         FROM deal_events e JOIN deals d ON d.id = e.deal_id JOIN stages s ON s.id = d.stage_id
         WHERE e.type = 'moved' AND e.api_key_id IS NULL AND e.created_at >= $1 AND e.created_at < $2 AND ${dealScopeSql(actor, '$3')}
         GROUP BY 1
       ), wraps AS (
         SELECT w.user_id AS who, count(*) FILTER (WHERE w.status = 'done') AS done,
                count(*) FILTER (WHERE w.status = 'pending') AS pending, count(*) FILTER (WHERE w.status = 'dismissed') AS dismissed
         FROM call_wrap_ups w WHERE w.created_at >= $1 AND w.created_at < $2
         GROUP BY 1
       )
       SELECT u.id AS "userId", u.name, COALESCE(t.calls, 0)::int AS calls, COALESCE(t.talk, 0)::int AS "talkSeconds",
              COALESCE(m.missed, 0)::int AS missed, COALESCE(mv.moved, 0)::int AS "dealsMoved",
              COALESCE(w.done, 0)::int AS "wrapUpsDone", COALESCE(w.pending, 0)::int AS "wrapUpsPending",
              COALESCE(w.dismissed, 0)::int AS "wrapUpsDismissed"
       FROM users u LEFT JOIN taken t ON t.who = u.id LEFT JOIN missed m ON m.who = u.id LEFT JOIN moved mv ON mv.who = u.id
         LEFT JOIN wraps w ON w.who = u.id
       WHERE u.active
       ORDER BY u.name, u.id`,
      [start, end, actor.id],
    );
  }
}
