import { Injectable } from '@nestjs/common';
import type { RuleTrigger } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';
import { timerMinutes } from './rule-catalog';

type TimerTrigger = Extract<RuleTrigger, { type: 'timer' }>;

export interface DueTimer {
  ruleId: string;
  subjectId: string;
  dealId: string | null;
  anchor: Date;
  dueAt: Date;
}

// A timer is re-armed only when its anchor moved (a new cause); the same anchor never fires twice.
const UPSERT = `ON CONFLICT (rule_id, subject_id) DO UPDATE
  SET anchor = EXCLUDED.anchor, due_at = EXCLUDED.due_at, deal_id = EXCLUDED.deal_id, status = 'pending', updated_at = now()
  WHERE automation_timers.anchor IS DISTINCT FROM EXCLUDED.anchor`;

/** Durable timers in PostgreSQL: one row per (rule, deal or task), polled with SKIP LOCKED. */
@Injectable()
export class TimersRepository {
  constructor(private readonly tx: Transactions) {}

  /** Arms a timer rule for open deals (`dealIds` null: every open deal, e.g. at boot or when a rule is enabled). */
  async armDeals(ruleId: string, t: TimerTrigger, dealIds: string[] | null, tx?: Tx): Promise<number> {
    const minutes = timerMinutes(t);
    const anchor = t.timer === 'no_contact' ? 'COALESCE(d.last_contact_at, d.created_at)' : 'd.stage_entered_at';
    const length = minutes === null ? `s.limit_hours * interval '1 hour'` : `$4::int * interval '1 minute'`;
    const rows = await this.tx.db(tx).rows(
      `INSERT INTO automation_timers (rule_id, subject_id, deal_id, anchor, due_at)
       SELECT $1, d.id, d.id, ${anchor}, ${anchor} + ${length}
       FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.deleted_at IS NULL AND d.status = 'open' AND ($2::uuid[] IS NULL OR d.id = ANY($2::uuid[]))
         AND ($3::text IS NULL OR s.system_key = $3) AND ($4::int IS NOT NULL OR s.limit_hours IS NOT NULL)
       ${UPSERT} RETURNING subject_id`,
      [ruleId, dealIds, t.stageKey ?? null, minutes],
    );
    return rows.length;
  }

  /** Arms several deal timer rules for a few deals in one statement (the listener's path on every stage change). */
  async armDealsForRules(rules: { id: string; trigger: TimerTrigger }[], dealIds: string[], tx?: Tx): Promise<number> {
    if (!rules.length || !dealIds.length) return 0;
    const rows = await this.tx.db(tx).rows(
      `INSERT INTO automation_timers (rule_id, subject_id, deal_id, anchor, due_at)
       SELECT r.rule_id, d.id, d.id, a.at, a.at + COALESCE(r.minutes * interval '1 minute', s.limit_hours * interval '1 hour')
       FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[]) AS r(rule_id, kind, minutes, stage_key)
       JOIN deals d ON d.id = ANY($5::uuid[]) AND d.deleted_at IS NULL AND d.status = 'open'
       JOIN stages s ON s.id = d.stage_id
       CROSS JOIN LATERAL (SELECT CASE WHEN r.kind = 'no_contact' THEN COALESCE(d.last_contact_at, d.created_at) ELSE d.stage_entered_at END AS at) a
       WHERE (r.stage_key IS NULL OR s.system_key = r.stage_key) AND (r.minutes IS NOT NULL OR s.limit_hours IS NOT NULL)
       ${UPSERT} RETURNING subject_id`,
      [
        rules.map((r) => r.id),
        rules.map((r) => r.trigger.timer),
        rules.map((r) => timerMinutes(r.trigger)),
        rules.map((r) => r.trigger.stageKey ?? null),
        [...new Set(dealIds)],
      ],
    );
    return rows.length;
  }

  /** Arms a task_overdue rule for open tasks with a due time. */
  async armTasks(ruleId: string, t: TimerTrigger, taskIds: string[] | null, tx?: Tx): Promise<number> {
    const rows = await this.tx.db(tx).rows(
      `INSERT INTO automation_timers (rule_id, subject_id, deal_id, anchor, due_at)
       SELECT $1, t.id, t.deal_id, t.due_at, t.due_at + $3::int * interval '1 minute'
       FROM tasks t WHERE t.status = 'open' AND t.due_at IS NOT NULL AND ($2::uuid[] IS NULL OR t.id = ANY($2::uuid[]))
       ${UPSERT} RETURNING subject_id`,
      [ruleId, taskIds, timerMinutes(t) ?? 0],
    );
    return rows.length;
  }

  /** Takes one due timer, locked for this transaction; other workers skip it. */
  claimDue(now: Date, tx: Tx): Promise<DueTimer | null> {
    return this.tx.db(tx).one<DueTimer>(
      `SELECT rule_id AS "ruleId", subject_id AS "subjectId", deal_id AS "dealId", anchor, due_at AS "dueAt"
       FROM automation_timers WHERE status = 'pending' AND due_at <= $1
       ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
  }

  /** Takes up to `limit` due timers, locked for this transaction; other workers skip them. */
  claimDueBatch(now: Date, limit: number, tx: Tx): Promise<DueTimer[]> {
    return this.tx.db(tx).rows<DueTimer>(
      `SELECT rule_id AS "ruleId", subject_id AS "subjectId", deal_id AS "dealId", anchor, due_at AS "dueAt"
       FROM automation_timers WHERE status = 'pending' AND due_at <= $1
       ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  /** Settles a batch in one statement: `dueAt` null marks the timer done at `anchor`, else re-arms it. */
  async settle(outcomes: { t: DueTimer; anchor: Date; dueAt: Date | null }[], tx: Tx): Promise<void> {
    if (!outcomes.length) return;
    await this.tx.db(tx).rows(
      `UPDATE automation_timers t SET status = CASE WHEN v.due_at IS NULL THEN 'done' ELSE 'pending' END,
         anchor = v.anchor, due_at = COALESCE(v.due_at, t.due_at), updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[]) AS v(rule_id, subject_id, anchor, due_at)
       WHERE t.rule_id = v.rule_id AND t.subject_id = v.subject_id`,
      [outcomes.map((o) => o.t.ruleId), outcomes.map((o) => o.t.subjectId), outcomes.map((o) => o.anchor), outcomes.map((o) => o.dueAt)],
    );
  }

  async rearm(t: DueTimer, anchor: Date, dueAt: Date, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE automation_timers SET anchor = $3, due_at = $4, updated_at = now() WHERE rule_id = $1 AND subject_id = $2`, [
        t.ruleId,
        t.subjectId,
        anchor,
        dueAt,
      ]);
  }

  async done(t: DueTimer, anchor: Date, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE automation_timers SET status = 'done', anchor = $3, updated_at = now() WHERE rule_id = $1 AND subject_id = $2`, [
        t.ruleId,
        t.subjectId,
        anchor,
      ]);
  }

  async dropRule(ruleId: string): Promise<void> {
    await this.tx.db().rows(`DELETE FROM automation_timers WHERE rule_id = $1 AND status = 'pending'`, [ruleId]);
  }

  pendingCount(): Promise<number> {
    return this.tx.db().one<{ n: number }>(`SELECT count(*)::int AS n FROM automation_timers WHERE status = 'pending'`).then((r) => r!.n);
  }
}
