import { Injectable } from '@nestjs/common';
import type { Task, TaskBadge, TaskType } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { dealVisibleSql } from '../../common/access/deal-visibility';
import { actingApiKeyId } from '../../common/access/acting-api-key';
import { Transactions, type Tx } from '../../common/database/transactions';

const COLUMNS = `t.id, t.title, t.type, t.status, t.due_at AS "dueAt", t.assignee_id AS "assigneeId", u.name AS "assigneeName",
  t.deal_id AS "dealId", d.title AS "dealTitle", t.contact_id AS "contactId", t.call_id AS "callId",
  t.created_by AS "createdBy", t.completed_at AS "completedAt", COALESCE(t.status = 'open' AND t.due_at < $2, false) AS overdue,
  t.created_at AS "createdAt", t.updated_at AS "updatedAt"`;
const FROM = `tasks t LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN deals d ON d.id = t.deal_id`;

/**
 * A Seller sees the tasks assigned to them, and unassigned tasks of deals they may see (e.g. the
 * call-back task of a missed call on an inbox deal). Never another Seller's. `$1` is the actor.
 */
function visible(actor: Actor): string {
  return actor.role === 'head'
    ? `($1::uuid IS NOT NULL)`
    : `(t.assignee_id = $1 OR (t.assignee_id IS NULL AND t.deal_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM deals vd JOIN stages vs ON vs.id = vd.stage_id WHERE vd.id = t.deal_id AND ${dealVisibleSql('$1', 'vd', 'vs')})))`;
}

export interface TaskFilter {
  dealId?: string;
  contactId?: string;
  assigneeId?: string;
  status?: string;
  due?: 'today' | 'overdue' | 'upcoming';
  limit: number;
}

/** A task as exported: the list's columns, times as Date. */
export type TaskExportRow = Omit<Task, 'dueAt' | 'completedAt' | 'createdAt' | 'updatedAt'> & {
  dueAt: Date | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

/** The task list's one statement; a null limit is LIMIT ALL (the export). */
function listStatement(actor: Actor, f: Omit<TaskFilter, 'limit'>, now: Date, dayStart: Date, dayEnd: Date, limit: number | null): { sql: string; params: unknown[] } {
  const sql = `SELECT ${COLUMNS} FROM ${FROM}
       WHERE ${visible(actor)} AND (d.id IS NULL OR d.deleted_at IS NULL)
         AND ($3::uuid IS NULL OR t.deal_id = $3) AND ($4::uuid IS NULL OR t.contact_id = $4)
         AND ($5::uuid IS NULL OR t.assignee_id = $5) AND ($6::text IS NULL OR t.status = $6)
         AND ($7::text IS NULL
           OR ($7 = 'today' AND t.due_at >= $8 AND t.due_at < $9)
           OR ($7 = 'overdue' AND t.status = 'open' AND t.due_at < $2)
           OR ($7 = 'upcoming' AND t.due_at >= $9))
       ORDER BY t.status, t.due_at NULLS LAST, t.created_at, t.id LIMIT $10`;
  return { sql, params: [actor.id, now, f.dealId ?? null, f.contactId ?? null, f.assigneeId ?? null, f.status ?? null, f.due ?? null, dayStart, dayEnd, limit] };
}

export interface TaskInsert {
  title: string;
  type: TaskType;
  dueAt: Date | null;
  assigneeId: string | null;
  dealId: string | null;
  contactId: string | null;
  createdBy: string | null;
}

@Injectable()
export class TasksRepository {
  constructor(private readonly tx: Transactions) {}

  async findVisible(actor: Actor, id: string, now: Date, tx?: Tx, lock = false): Promise<Task | null> {
    const row = await this.tx
      .db(tx)
      .one<Task>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $3 AND ${visible(actor)}${lock ? ' FOR UPDATE OF t' : ''}`, [actor.id, now, id]);
    return row && iso(row);
  }

  async findById(id: string, now: Date, tx?: Tx): Promise<Task | null> {
    const row = await this.tx.db(tx).one<Task>(`SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $3 AND $1::uuid IS NULL`, [null, now, id]);
    return row && iso(row);
  }

  async list(actor: Actor, f: TaskFilter, now: Date, dayStart: Date, dayEnd: Date): Promise<Task[]> {
    const { sql, params } = listStatement(actor, f, now, dayStart, dayEnd, f.limit);
    const rows = await this.tx.db().rows<Task>(sql, params);
    return rows.map(iso);
  }

  /** Every task the list would show with these filters, in its order, through a cursor (exports). */
  exportRows(actor: Actor, f: Omit<TaskFilter, 'limit'>, now: Date, dayStart: Date, dayEnd: Date): AsyncIterable<TaskExportRow> {
    const { sql, params } = listStatement(actor, f, now, dayStart, dayEnd, null);
    return this.tx.stream<TaskExportRow>(sql, params);
  }

  /** Per visible deal with open tasks: how many are overdue and due today. */
  badges(actor: Actor, pipelineId: string | null, now: Date, dayStart: Date, dayEnd: Date): Promise<TaskBadge[]> {
    return this.tx
      .db()
      .rows<TaskBadge & { nextDueAt: Date | null }>(
        `SELECT t.deal_id AS "dealId", count(*) FILTER (WHERE t.due_at < $2)::int AS overdue,
           count(*) FILTER (WHERE t.due_at >= $2 AND t.due_at >= $4 AND t.due_at < $5)::int AS "dueToday",
           min(t.due_at) FILTER (WHERE t.due_at >= $2) AS "nextDueAt"
         FROM tasks t JOIN deals d ON d.id = t.deal_id
         WHERE t.status = 'open' AND d.deleted_at IS NULL AND ($3::uuid IS NULL OR d.pipeline_id = $3) AND ${visible(actor)}
         GROUP BY t.deal_id HAVING count(*) FILTER (WHERE t.due_at < $5) > 0`,
        [actor.id, now, pipelineId, dayStart, dayEnd],
      )
      .then((rows) => rows.map((r) => ({ ...r, nextDueAt: r.nextDueAt ? new Date(r.nextDueAt).toISOString() : null })));
  }

  async insert(t: TaskInsert, tx: Tx): Promise<string> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO tasks (title, type, due_at, assignee_id, deal_id, contact_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [t.title, t.type, t.dueAt, t.assigneeId, t.dealId, t.contactId, t.createdBy],
    );
    return row!.id;
  }

  async update(id: string, patch: { title?: string; type?: string; dueAt?: Date | null; assigneeId?: string | null }, tx: Tx): Promise<void> {
    const cols: Record<string, string> = { title: 'title', type: 'type', dueAt: 'due_at', assigneeId: 'assignee_id' };
    const sets = ['updated_at = now()'];
    const params: unknown[] = [id];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      params.push(v);
      sets.push(`${cols[k]} = $${params.length}`);
    }
    await this.tx.db(tx).rows(`UPDATE tasks SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async setStatus(id: string, status: 'open' | 'done', at: Date, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE tasks SET status = $2::varchar, completed_at = CASE WHEN $2::varchar = 'done' THEN $3::timestamptz ELSE NULL END, updated_at = now() WHERE id = $1`, [
        id,
        status,
        at,
      ]);
  }

  async remove(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`DELETE FROM tasks WHERE id = $1`, [id]);
  }

  /** Inserts a missed call's call-back once per call; null when it already exists (a repeated event). */
  async insertCallBack(t: Omit<TaskInsert, 'type' | 'createdBy'> & { callId: string }, tx: Tx): Promise<string | null> {
    const row = await this.tx.db(tx).one<{ id: string }>(
      `INSERT INTO tasks (title, type, due_at, assignee_id, deal_id, contact_id, call_id)
       VALUES ($1, 'call_back', $2, $3, $4, $5, $6) ON CONFLICT (call_id) WHERE call_id IS NOT NULL DO NOTHING RETURNING id`,
      [t.title, t.dueAt, t.assigneeId, t.dealId, t.contactId, t.callId],
    );
    return row?.id ?? null;
  }

  /** Deletes the open call-back of a missed call (an answer outranked the miss); what it was, or null. */
  removeOpenCallBack(callId: string, tx: Tx): Promise<{ id: string; title: string; assigneeId: string | null; dealId: string | null } | null> {
    return this.tx.db(tx).one(
      `DELETE FROM tasks WHERE call_id = $1 AND type = 'call_back' AND status = 'open'
       RETURNING id, title, assignee_id AS "assigneeId", deal_id AS "dealId"`,
      [callId],
    );
  }

  /**
   * Gives an open, unassigned task to `userId`. The row lock makes two claims at once queue up:
   * the second re-reads the row after the first committed and matches nothing. False when lost.
   */
  async claim(id: string, userId: string, tx: Tx): Promise<boolean> {
    const rows = await this.tx
      .db(tx)
      .rows(`UPDATE tasks SET assignee_id = $2, updated_at = now() WHERE id = $1 AND assignee_id IS NULL AND status = 'open' RETURNING id`, [id, userId]);
    return rows.length === 1;
  }

  /** The open, unassigned call-backs of missed calls on a deal (a call back claims them). */
  unclaimedCallBacksOf(dealId: string, tx?: Tx): Promise<{ id: string; title: string }[]> {
    return this.tx.db(tx).rows<{ id: string; title: string }>(
      `SELECT id, title FROM tasks WHERE deal_id = $1 AND type = 'call_back' AND call_id IS NOT NULL AND assignee_id IS NULL AND status = 'open'
       ORDER BY created_at, id`,
      [dealId],
    );
  }

  async addDealEvent(dealId: string, actorId: string | null, data: Record<string, unknown>, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`INSERT INTO deal_events (deal_id, type, actor_id, data, api_key_id) VALUES ($1, 'task', $2, $3, $4)`, [dealId, actorId, JSON.stringify(data), actingApiKeyId(actorId)]);
  }
}

function iso(row: Task): Task {
  const r = row as Record<string, unknown>;
  for (const key of ['dueAt', 'completedAt', 'createdAt', 'updatedAt']) if (r[key] instanceof Date) r[key] = (r[key] as Date).toISOString();
  return row;
}
