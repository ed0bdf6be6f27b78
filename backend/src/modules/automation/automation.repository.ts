import { Injectable } from '@nestjs/common';
import type { Rule, RuleRun } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DEFAULT_WRAP_UP_SETTINGS, WRAP_UP_OUTCOMES_KEY } from '../wrap-ups/wrap-ups.types';
import { type NewOutboxRow, outboxInsert, outboxParams } from './outbox.repository';

export type RuleRecord = Omit<Rule, 'summary'>;

export interface RunRow {
  ruleId: string;
  causeKey: string;
  dealId: string | null;
  actions: Record<string, unknown>[];
}

// $1..$4: acted runs (rule, cause, deal, actions); a cause already recorded is left out.
const RUNS_INSERT = `INSERT INTO automation_runs (rule_id, cause_key, deal_id, outcome, actions, created_at)
  SELECT r, c, d, 'acted', a, clock_timestamp() FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[]) AS v(r, c, d, a)
  ON CONFLICT (rule_id, cause_key) DO NOTHING`;

function runParams(runs: RunRow[]): unknown[] {
  return [runs.map((r) => r.ruleId), runs.map((r) => causeKeyOf(r.causeKey)), runs.map((r) => r.dealId), runs.map((r) => JSON.stringify(r.actions))];
}

/** The deal as a rule sees it: its fields and the counts conditions ask about. */
export interface DealFacts {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  stageKey: string | null;
  stageName: string;
  stageGroup: string;
  stageLimitHours: number | null;
  ownerId: string | null;
  ownerName: string | null;
  contactId: string | null;
  contactClass: string | null;
  status: string;
  source: string;
  qualification: string | null;
  amount: string;
  currency: string;
  missed: boolean;
  lastContactAt: Date | null;
  stageEnteredAt: Date;
  createdAt: Date;
  completedTasks: number;
  openTasks: number;
  attempts: number;
  unansweredAttempts: number;
  conversations: number;
  meetings: number;
  offersSent: number;
  /** With a claim asked for: the rule already ran (or failed) for the cause. */
  claimed?: boolean;
}

const RULE_COLUMNS = `id, name, enabled, system_key AS "systemKey", trigger, conditions, actions, position,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

// One statement for the deal and every count a condition may ask about (one index scan per table).
const FACTS_OF = (where: string, extra = '') => `SELECT d.id,${extra} d.title, d.pipeline_id AS "pipelineId", d.stage_id AS "stageId", s.system_key AS "stageKey",
    s.name AS "stageName", s."group" AS "stageGroup", s.limit_hours AS "stageLimitHours", d.owner_id AS "ownerId",
    u.name AS "ownerName", d.contact_id AS "contactId", ct.importance AS "contactClass", d.status, d.source,
    d.qualification, d.amount::text AS amount, d.currency, d.missed, d.last_contact_at AS "lastContactAt",
    d.stage_entered_at AS "stageEnteredAt", d.created_at AS "createdAt",
    tk."completedTasks", tk."openTasks", cl.attempts, cl."unansweredAttempts", cl.conversations,
    (SELECT count(*) FROM activities a WHERE a.deal_id = d.id AND a.kind = 'visit')::int AS meetings,
    (SELECT count(*) FROM offers o WHERE o.deal_id = d.id AND o.status <> 'draft')::int AS "offersSent"
  FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
  LEFT JOIN contacts ct ON ct.id = d.contact_id
  CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE t.status = 'done')::int AS "completedTasks",
      count(*) FILTER (WHERE t.status = 'open')::int AS "openTasks" FROM tasks t WHERE t.deal_id = d.id) tk
  CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE c.direction = 'outbound')::int AS attempts,
      count(*) FILTER (WHERE c.direction = 'outbound' AND c.answered_at IS NULL)::int AS "unansweredAttempts",
      count(*) FILTER (WHERE c.answered_at IS NOT NULL)::int AS conversations FROM calls c WHERE c.deal_id = d.id) cl
  WHERE ${where} AND d.deleted_at IS NULL`;
const FACTS = FACTS_OF('d.id = $1');
// Under the deal's lock every acted run of a deal's cause is visible: all of them are written under it.
const FACTS_CLAIMED = FACTS_OF('d.id = $1', ` EXISTS (SELECT 1 FROM automation_runs r WHERE r.rule_id = $2 AND r.cause_key = $3) AS claimed,`);

/** A deal's facts in a group, with the runs already recorded for the group's causes. */
export interface GroupFacts extends DealFacts {
  claims: string[];
}

// $1 deal ids; $2..$4 (deal, rule, cause) triples to look up in automation_runs.
const FACTS_GROUP = FACTS_OF(
  'd.id = ANY($1::uuid[])',
  ` ARRAY(SELECT c.rule_id::text || '|' || c.cause_key FROM unnest($2::uuid[], $3::uuid[], $4::text[]) AS c(deal_id, rule_id, cause_key)
      WHERE c.deal_id = d.id AND EXISTS (SELECT 1 FROM automation_runs r WHERE r.rule_id = c.rule_id AND r.cause_key = c.cause_key)) AS claims,`,
);

@Injectable()
export class AutomationRepository {
  constructor(private readonly tx: Transactions) {}

  // ---- rules ----

  listRules(tx?: Tx): Promise<RuleRecord[]> {
    return this.tx.db(tx).rows<RuleRecord>(`SELECT ${RULE_COLUMNS} FROM automation_rules ORDER BY position, created_at, id`).then((r) => r.map(iso));
  }

  findRule(id: string, tx?: Tx): Promise<RuleRecord | null> {
    return this.tx.db(tx).one<RuleRecord>(`SELECT ${RULE_COLUMNS} FROM automation_rules WHERE id = $1`, [id]).then((r) => r && iso(r));
  }

  async insertRule(r: Pick<RuleRecord, 'name' | 'enabled' | 'trigger' | 'conditions' | 'actions' | 'position'>, createdBy: string, tx?: Tx): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO automation_rules (name, enabled, trigger, conditions, actions, position, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [r.name, r.enabled, JSON.stringify(r.trigger), JSON.stringify(r.conditions), JSON.stringify(r.actions), r.position, createdBy],
    );
    return row!.id;
  }

  async updateRule(id: string, r: RuleRecord, tx?: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE automation_rules SET name = $2, enabled = $3, trigger = $4, conditions = $5, actions = $6, position = $7,
         updated_at = now() WHERE id = $1`,
      [id, r.name, r.enabled, JSON.stringify(r.trigger), JSON.stringify(r.conditions), JSON.stringify(r.actions), r.position],
    );
  }

  nextPosition(): Promise<number> {
    return this.tx.db().one<{ p: number }>(`SELECT COALESCE(max(position), 0) + 10 AS p FROM automation_rules`).then((r) => Number(r!.p));
  }

  runs(ruleId: string, limit: number): Promise<RuleRun[]> {
    return this.tx
      .db()
      .rows<RuleRun>(
        `SELECT id, rule_id AS "ruleId", cause_key AS "causeKey", deal_id AS "dealId", outcome, actions, error, created_at AS "createdAt"
         FROM automation_runs WHERE rule_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
        [ruleId, limit],
      )
      .then((r) => r.map(iso));
  }

  /** Records what a rule did for a cause; false when the cause was already recorded (the caller rolls back). */
  async recordRun(ruleId: string, causeKey: string, dealId: string | null, actions: Record<string, unknown>[], tx: Tx): Promise<boolean> {
    const row = await this.tx.db(tx).one(
      `INSERT INTO automation_runs (rule_id, cause_key, deal_id, outcome, actions, created_at) VALUES ($1, $2, $3, 'acted', $4, clock_timestamp())
       ON CONFLICT (rule_id, cause_key) DO NOTHING RETURNING id`,
      [ruleId, causeKeyOf(causeKey), dealId, JSON.stringify(actions)],
    );
    return row !== null;
  }

  /** Records several acted runs in one statement; returns how many were new (fewer: a cause was already recorded, roll back). */
  async recordRuns(runs: RunRow[], tx: Tx): Promise<number> {
    if (!runs.length) return 0;
    return (await this.tx.db(tx).rows(`${RUNS_INSERT} RETURNING id`, runParams(runs))).length;
  }

  /**
   * The end of a group, in one statement: its runs, the events its rules caused (into the
   * outbox), and the outbox rows it handled deleted. Returns how many runs were new.
   */
  async finishGroup(runs: RunRow[], caused: NewOutboxRow[], handled: string[], tx: Tx): Promise<number> {
    const row = await this.tx.db(tx).one<{ n: number }>(
      `WITH runs AS (${RUNS_INSERT} RETURNING 1),
         caused AS (${outboxInsert(5)}),
         handled AS (DELETE FROM automation_outbox WHERE id = ANY($9::bigint[]))
       SELECT count(*)::int AS n FROM runs`,
      [...runParams(runs), ...outboxParams(caused), handled],
    );
    return row!.n;
  }

  async recordFailure(ruleId: string, causeKey: string, dealId: string | null, error: string, tx?: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `INSERT INTO automation_runs (rule_id, cause_key, deal_id, outcome, error) VALUES ($1, $2, $3, 'failed', $4)
       ON CONFLICT (rule_id, cause_key) DO NOTHING`,
      [ruleId, causeKey.slice(0, 300), dealId, error.slice(0, 2000)],
    );
  }

  // ---- what rules look at ----

  /**
   * Several deals' facts for a group of events, locked for the transaction, each with the
   * (rule, cause) pairs of `claims` that already ran (`ruleId|causeKey`). Never waits: deals
   * another transaction holds come back in `busy` (the caller handles their events later) unless
   * `wait`, when they are locked in id order and read again, so their counts include what the
   * holder committed. Deleted deals are in neither.
   */
  async lockFacts(
    dealIds: string[],
    claims: { dealId: string; ruleId: string; causeKey: string }[],
    tx: Tx,
    wait = false,
  ): Promise<{ facts: Map<string, GroupFacts>; busy: Set<string> }> {
    const ids = [...new Set(dealIds)];
    const facts = new Map<string, GroupFacts>();
    const busy = new Set<string>();
    if (!ids.length) return { facts, busy };
    const claimParams = [claims.map((c) => c.dealId), claims.map((c) => c.ruleId), claims.map((c) => causeKeyOf(c.causeKey))];
    const db = this.tx.db(tx);
    for (const f of await db.rows<GroupFacts>(`${FACTS_GROUP} ORDER BY d.id FOR UPDATE OF d SKIP LOCKED`, [ids, ...claimParams])) facts.set(f.id, f);
    const missing = ids.filter((id) => !facts.has(id));
    if (!missing.length) return { facts, busy };
    if (!wait) {
      for (const r of await db.rows<{ id: string }>(`SELECT id FROM deals WHERE id = ANY($1::uuid[]) AND deleted_at IS NULL`, [missing])) busy.add(r.id);
      return { facts, busy };
    }
    await db.rows(`SELECT id FROM deals WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [missing]);
    for (const f of await db.rows<GroupFacts>(FACTS_GROUP, [missing, ...claimParams])) facts.set(f.id, f);
    return { facts, busy };
  }

  /**
   * The deal's facts; with `lock`, the deal row is locked for the transaction first. Uncontended,
   * that is one statement (SKIP LOCKED); when another transaction holds the deal, it waits for
   * the lock and then reads in a new statement, so the counts include what that one committed.
   */
  async facts(dealId: string, tx?: Tx, lock = false, claim?: { ruleId: string; causeKey: string }): Promise<DealFacts | null> {
    const [sql, params] = claim ? [FACTS_CLAIMED, [dealId, claim.ruleId, causeKeyOf(claim.causeKey)]] : [FACTS, [dealId]];
    if (!lock || !tx) return this.tx.db(tx).one<DealFacts>(sql, params);
    const fast = await this.tx.db(tx).one<DealFacts>(`${sql} FOR UPDATE OF d SKIP LOCKED`, params);
    if (fast) return fast;
    await this.tx.db(tx).rows(`SELECT 1 FROM deals WHERE id = $1 FOR UPDATE`, [dealId]);
    return this.tx.db(tx).one<DealFacts>(sql, params);
  }

  stageByKey(pipelineId: string, key: string, tx?: Tx): Promise<{ id: string; name: string } | null> {
    return this.tx.db(tx).one(`SELECT id, name FROM stages WHERE pipeline_id = $1 AND system_key = $2`, [pipelineId, key]);
  }

  stageKeyOf(stageId: string): Promise<string | null> {
    return this.tx.db().one<{ k: string | null }>(`SELECT system_key AS k FROM stages WHERE id = $1`, [stageId]).then((r) => r?.k ?? null);
  }

  stageKeys(): Promise<{ id: string; pipelineId: string; key: string | null }[]> {
    return this.tx.db().rows(`SELECT id, pipeline_id AS "pipelineId", system_key AS key FROM stages`);
  }

  stageNamesByKey(): Promise<{ key: string; name: string }[]> {
    return this.tx.db().rows(`SELECT DISTINCT ON (system_key) system_key AS key, name FROM stages WHERE system_key IS NOT NULL ORDER BY system_key, created_at`);
  }

  /** Stages and users by id, for rule summaries in words. */
  namesById(): Promise<{ id: string; name: string }[]> {
    return this.tx.db().rows(`SELECT id, name FROM stages UNION ALL SELECT id, name FROM users`);
  }

  stageExists(stageId: string): Promise<boolean> {
    return this.tx.db().one(`SELECT 1 FROM stages WHERE id = $1`, [stageId]).then(Boolean);
  }

  /** The Head's wrap-up outcome keys (a rule's "wrap-up outcome is ..." must name one of them). */
  async wrapUpOutcomes(): Promise<string[]> {
    const row = await this.tx.db().one<{ value: { outcomes?: string[] } }>(`SELECT value FROM settings WHERE key = $1`, [WRAP_UP_OUTCOMES_KEY]);
    return row?.value.outcomes ?? DEFAULT_WRAP_UP_SETTINGS.outcomes;
  }

  activeUserExists(userId: string): Promise<boolean> {
    return this.tx.db().one(`SELECT 1 FROM users WHERE id = $1 AND active`, [userId]).then(Boolean);
  }

  /** Which fields an edit of the deal changed, from the timeline entry written with it. */
  async editedFields(dealId: string, at: string, tx?: Tx): Promise<string[]> {
    const row = await this.tx.db(tx).one<{ data: { changes?: Record<string, unknown> } }>(
      `SELECT data FROM deal_events WHERE deal_id = $1 AND type = 'edited'
         AND abs(extract(epoch FROM created_at - $2::timestamptz)) < 0.002 ORDER BY created_at DESC LIMIT 1`,
      [dealId, at],
    );
    return Object.keys(row?.data?.changes ?? {});
  }

  task(taskId: string, tx?: Tx): Promise<{ id: string; title: string; dealId: string | null; status: string; dueAt: Date | null; assigneeId: string | null } | null> {
    return this.tx
      .db(tx)
      .one(`SELECT id, title, deal_id AS "dealId", status, due_at AS "dueAt", assignee_id AS "assigneeId" FROM tasks WHERE id = $1`, [taskId]);
  }
}

export function causeKeyOf(causeKey: string): string {
  return causeKey.slice(0, 300);
}

function iso<T>(row: T): T {
  const r = row as Record<string, unknown>;
  for (const key of ['createdAt', 'updatedAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
