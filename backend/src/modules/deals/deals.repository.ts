import { Injectable } from '@nestjs/common';
import type { BoardColumn, Deal, DealEvent, DealEventType, DealStatus, LeadDetails } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { actingApiKeyId } from '../../common/access/acting-api-key';
import { dealScopeSql } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';
import { toDeal, type DealRow } from './deals.types';

export { toDeal, type DealRow };

const DEAL_COLUMNS = `d.id, d.title, d.amount::text AS amount, d.currency, d.pipeline_id AS "pipelineId",
  d.stage_id AS "stageId", d.owner_id AS "ownerId", u.name AS "ownerName", d.contact_id AS "contactId",
  c.name AS "contactName",
  (SELECT p.e164 FROM contact_phones p WHERE p.contact_id = d.contact_id ORDER BY p.sort_order, p.e164 LIMIT 1) AS "contactPhone",
  d.source, d.status, d.position, d.missed, d.lost_reason AS "lostReason", d.qualification,
  d.stage_entered_at AS "stageEnteredAt", d.last_contact_at AS "lastContactAt",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.tags, d.lead_details AS "leadDetails",
  to_char(d.expected_close_on, 'YYYY-MM-DD') AS "expectedCloseOn", s."group" AS "stageGroup"`;

const DEAL_FROM = `deals d JOIN stages s ON s.id = d.stage_id
  LEFT JOIN users u ON u.id = d.owner_id LEFT JOIN contacts c ON c.id = d.contact_id`;

/** Who may see a deal, over `d` (deals) and `s` (its stage): the one definition in deal-visibility. */
function visible(actor: Actor, param: string): string {
  return dealScopeSql(actor, param, 'd', 's');
}

export type OwnerFilter = string | 'none' | undefined;

/** The board's and the list's filters besides pipeline and owner (contracts' DealFilters). */
export interface DealFilter {
  source?: string;
  minAmount?: string;
  maxAmount?: string;
  noNextTask?: boolean;
  tag?: string;
}

/**
 * The filters over `d` as extra conditions (" AND ..."), their values appended to `params`. Only
 * the filters that are set: the unfiltered board keeps exactly the plan it had (no "$n IS NULL OR"
 * conditions for a prepared statement's generic plan to carry).
 */
function filterSql(f: DealFilter = {}, params: unknown[]): string {
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let sql = '';
  if (f.source !== undefined) sql += ` AND d.source = ${bind(f.source)}`;
  if (f.minAmount !== undefined) sql += ` AND d.amount >= ${bind(f.minAmount)}::numeric`;
  if (f.maxAmount !== undefined) sql += ` AND d.amount <= ${bind(f.maxAmount)}::numeric`;
  // lower_tags(tags) is what deals_tags_idx (GIN) indexes: one lookup, whatever the case typed.
  if (f.tag !== undefined) sql += ` AND lower_tags(d.tags) @> ARRAY[lower(${bind(f.tag)}::text)]`;
  if (f.noNextTask) sql += ` AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.deal_id = d.id AND t.status = 'open')`;
  return sql;
}

/**
 * The deal's next open task as JSON (earliest due first, undated last), over `d`; one index
 * lookup per card (tasks_deal_open_due_idx), part of the same statement.
 */
const NEXT_TASK = `(SELECT json_build_object('id', t.id, 'title', t.title, 'dueAt', t.due_at) FROM tasks t
    WHERE t.deal_id = d.id AND t.status = 'open' ORDER BY t.due_at ASC NULLS LAST, t.created_at, t.id LIMIT 1) AS "nextTask"`;

function ownerFilter(filter: OwnerFilter, param: string): string {
  if (filter === undefined) return `(${param}::text IS NULL)`;
  if (filter === 'none') return `(d.owner_id IS NULL AND ${param}::text = 'none')`;
  return `(d.owner_id = ${param}::uuid)`;
}

/** The deal list's filters (GET /api/deals), as the service resolved them. */
export interface DealListFilter {
  pipelineId?: string;
  stageId?: string;
  contactId?: string;
  owner: OwnerFilter;
  text?: string;
  filter?: DealFilter;
}

/** A deal as exported: the list's columns and the names of its stage and pipeline (times as Date). */
export type DealExportRow = Omit<DealRow, 'stageEnteredAt' | 'lastContactAt' | 'createdAt' | 'updatedAt'> & {
  stageName: string;
  pipelineName: string;
  nextTask: { title: string; dueAt: string | null } | null;
  stageEnteredAt: Date;
  lastContactAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

const EXPORT_COLUMNS = `${DEAL_COLUMNS}, ${NEXT_TASK}, s.name AS "stageName",
  (SELECT pl.name FROM pipelines pl WHERE pl.id = d.pipeline_id) AS "pipelineName"`;

/**
 * The deal list's one statement: visibility, owner, pipeline, stage, text and the filters; the
 * page when `limit` is set (a null limit is LIMIT ALL: the export). Ordered by board position.
 */
function listStatement(actor: Actor, q: DealListFilter, columns: string, cursor: Cursor | null, limit: number | null): { sql: string; params: unknown[] } {
  const params: unknown[] = [
    actor.id,
    q.owner ?? null,
    q.pipelineId ?? null,
    q.stageId ?? null,
    q.text ? `%${q.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%` : null,
    cursor?.position ?? null,
    cursor?.id ?? null,
    limit,
    q.contactId ?? null,
  ];
  const filtered = filterSql(q.filter, params);
  const sql = `SELECT ${columns} FROM ${DEAL_FROM}
       WHERE ${visible(actor, '$1')} AND ${ownerFilter(q.owner, '$2')}
         AND ($3::uuid IS NULL OR d.pipeline_id = $3) AND ($4::uuid IS NULL OR d.stage_id = $4)
         AND ($5::text IS NULL OR d.title ILIKE $5 OR c.name ILIKE $5)
         AND ($6::float8 IS NULL OR (d.position, d.id) > ($6::float8, $7::uuid))
         AND ($9::uuid IS NULL OR d.contact_id = $9)${filtered}
       ORDER BY d.position, d.id LIMIT $8`;
  return { sql, params };
}

export interface Cursor {
  position: number;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.position}|${c.id}`).toString('base64url');
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  const [pos, id] = Buffer.from(s, 'base64url').toString().split('|');
  const position = Number(pos);
  if (!Number.isFinite(position) || !/^[0-9a-f-]{36}$/.test(id ?? '')) return null;
  return { position, id };
}

export interface DealInsert {
  title: string;
  amount: string;
  currency: string;
  pipelineId: string;
  stageId: string;
  ownerId: string | null;
  contactId: string | null;
  source: string;
  status: DealStatus;
  tags: string[];
  /** The expected close date is the creation day in this zone plus `days`. */
  expectedClose: { timeZone: string; days: number };
  /** A web-form lead's form, page and UTM tags. */
  leadDetails?: LeadDetails | null;
}

export interface DealPatch {
  title?: string;
  amount?: string;
  currency?: string;
  contactId?: string | null;
  ownerId?: string | null;
  qualification?: string | null;
  lostReason?: string | null;
  tags?: string[];
  /** "YYYY-MM-DD" or null. */
  expectedCloseOn?: string | null;
  stageId?: string;
  position?: number;
  status?: DealStatus;
  missed?: boolean;
  lastContactAt?: Date;
}

/** One deal's change made by the system (rules, telephony); fields left undefined stay as they are. */
export interface SystemDealChange {
  id: string;
  /** Target stage; its status comes with it. */
  stageId?: string;
  status?: DealStatus;
  /** 1, 2, ... among the changes moving to the same stage: the later one lands on top. */
  rank?: number;
  onlyFromGroup?: string;
  ownerId?: string | null;
  lostReason?: string | null;
  qualification?: string | null;
  missed?: boolean;
  lastContactAt?: Date;
}

export interface SystemChangeResult {
  before: Pick<DealRow, 'id' | 'stageId' | 'ownerId' | 'ownerName' | 'stageGroup' | 'lostReason' | 'qualification'>;
  after: DealRow;
}

const PATCH_COLUMNS: Record<keyof DealPatch, string> = {
  title: 'title',
  amount: 'amount',
  currency: 'currency',
  contactId: 'contact_id',
  ownerId: 'owner_id',
  qualification: 'qualification',
  lostReason: 'lost_reason',
  tags: 'tags',
  expectedCloseOn: 'expected_close_on',
  stageId: 'stage_id',
  position: 'position',
  status: 'status',
  missed: 'missed',
  lastContactAt: 'last_contact_at',
};

@Injectable()
export class DealsRepository {
  constructor(private readonly tx: Transactions) {}

  async findVisible(actor: Actor, id: string, tx?: Tx, lock = false): Promise<DealRow | null> {
    if (lock) await this.lock(id, tx);
    const row = await this.tx.db(tx).one<DealRow>(
      `SELECT ${DEAL_COLUMNS} FROM ${DEAL_FROM} WHERE d.id = $2 AND ${visible(actor, '$1')}`,
      [actor.id, id],
    );
    return row && toRow(row);
  }

  /** The system's read: any live deal, regardless of owner. */
  async findById(id: string, tx?: Tx, lock = false): Promise<DealRow | null> {
    if (lock) await this.lock(id, tx);
    const row = await this.tx
      .db(tx)
      .one<DealRow>(`SELECT ${DEAL_COLUMNS} FROM ${DEAL_FROM} WHERE d.id = $1 AND d.deleted_at IS NULL`, [id]);
    return row && toRow(row);
  }

  /**
   * Locks the deal row alone. Locking through the join with its stage would lose the row when
   * a concurrent transaction changed its stage (the re-check joins the old stage).
   */
  /** Locks a live deal row alone and says whose contact it is (null: no such live deal). */
  async lockLive(id: string, tx: Tx): Promise<{ id: string; contactId: string | null } | null> {
    return this.tx
      .db(tx)
      .one<{ id: string; contactId: string | null }>(`SELECT id, contact_id AS "contactId" FROM deals WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
  }

  private async lock(id: string, tx?: Tx): Promise<void> {
    await this.tx.db(tx).rows(`SELECT id FROM deals WHERE id = $1 FOR UPDATE`, [id]);
  }

  async board(
    actor: Actor,
    pipelineId: string,
    owner: OwnerFilter,
    limit: number,
    filter: DealFilter = {},
  ): Promise<BoardColumn[]> {
    const db = this.tx.db();
    const params: unknown[] = [actor.id, pipelineId, owner ?? null, limit + 1];
    const filtered = filterSql(filter, params);
    const [totals, cards] = await Promise.all([
      db.rows<{ stageId: string; count: number; amount: string; amounts: { currency: string; amount: string }[] }>(
        // A LATERAL aggregate per stage plans well even before `stages` has statistics; the
        // per-currency sums read deals_board_totals_cur_idx only (stage, owner, amount, currency).
        `SELECT s.id AS "stageId", a.count::int AS count, a.amount::numeric(16,2)::text AS amount, a.amounts
         FROM stages s CROSS JOIN LATERAL (
           SELECT COALESCE(sum(g.n), 0) AS count, COALESCE(sum(g.total), 0) AS amount,
             COALESCE(json_agg(json_build_object('currency', g.currency, 'amount', g.total::numeric(16,2)::text) ORDER BY g.currency), '[]') AS amounts
           FROM (SELECT d.currency, count(*) AS n, sum(d.amount) AS total FROM deals d
                 WHERE d.stage_id = s.id AND ${visible(actor, '$1')} AND ${ownerFilter(owner, '$3')} AND $4::int > 0${filtered}
                 GROUP BY d.currency) g) a
         WHERE s.pipeline_id = $2 ORDER BY s.sort_order, s.id`,
        params,
      ),
      db.rows<DealRow>(
        `SELECT x.* FROM stages s0 CROSS JOIN LATERAL (
           SELECT ${DEAL_COLUMNS}, ${NEXT_TASK} FROM ${DEAL_FROM}
           WHERE d.stage_id = s0.id AND ${visible(actor, '$1')} AND ${ownerFilter(owner, '$3')}${filtered}
           ORDER BY d.position, d.id LIMIT $4) x
         WHERE s0.pipeline_id = $2`,
        params,
      ),
    ]);
    const byStage = new Map<string, DealRow[]>();
    for (const card of cards) {
      const list = byStage.get(card.stageId) ?? [];
      list.push(toRow(card));
      byStage.set(card.stageId, list);
    }
    return totals.map((t) => {
      const list = byStage.get(t.stageId) ?? [];
      const page = list.slice(0, limit);
      const more = list.length > limit;
      return {
        stageId: t.stageId,
        count: t.count,
        amount: t.amount,
        amounts: t.amounts,
        deals: page.map(toDeal),
        nextCursor: more ? encodeCursor(page[page.length - 1]) : null,
      };
    });
  }

  async list(actor: Actor, q: DealListFilter & { cursor: Cursor | null; limit: number }): Promise<{ items: Deal[]; nextCursor: string | null }> {
    const { sql, params } = listStatement(actor, q, `${DEAL_COLUMNS}, ${NEXT_TASK}`, q.cursor, q.limit + 1);
    const rows = await this.tx.db().rows<DealRow>(sql, params);
    const page = rows.slice(0, q.limit).map(toRow);
    return {
      items: page.map(toDeal),
      nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  /**
   * Every deal the list would page through, in its order, read through a cursor (exports): the
   * list's own statement without its page, with the stage's and pipeline's names beside.
   */
  exportRows(actor: Actor, q: DealListFilter): AsyncIterable<DealExportRow> {
    const { sql, params } = listStatement(actor, q, EXPORT_COLUMNS, null, null);
    return this.tx.stream<DealExportRow>(sql, params);
  }

  /**
   * The tags on the deals `actor` may see, most used first (case variants counted as one, shown
   * as most often typed); for suggestions.
   */
  tagsInUse(actor: Actor, limit: number): Promise<{ tag: string; count: number }[]> {
    return this.tx.db().rows(
      `SELECT mode() WITHIN GROUP (ORDER BY t.tag) AS tag, count(*)::int AS count
       FROM deals d JOIN stages s ON s.id = d.stage_id CROSS JOIN LATERAL unnest(d.tags) AS t(tag)
       WHERE ${visible(actor, '$1')} AND d.tags <> '{}'
       GROUP BY lower(t.tag) ORDER BY count(*) DESC, lower(t.tag) LIMIT $2`,
      [actor.id, limit],
    );
  }

  /** Position for a card put on top of a stage's column. */
  async topPosition(stageId: string, tx?: Tx): Promise<number> {
    const row = await this.tx
      .db(tx)
      .one<{ p: number | null }>(`SELECT min(position) AS p FROM deals WHERE stage_id = $1 AND deleted_at IS NULL`, [stageId]);
    return row?.p === null || row?.p === undefined ? 0 : Number(row.p) - 1024;
  }

  /**
   * A new deal at the top of its stage with its `created` timeline entry, read back as a full row:
   * one statement (position, insert, event, read were four round trips on every inbound call).
   */
  async insertWithEvent(
    input: DealInsert,
    event: { actorId: string | null; data: Record<string, unknown> },
    tx: Tx,
  ): Promise<DealRow> {
    const row = await this.tx.db(tx).one<DealRow>(
      `WITH top AS (SELECT COALESCE(min(position) - 1024, 0) AS p FROM deals WHERE stage_id = $5 AND deleted_at IS NULL),
       d AS (
         INSERT INTO deals (title, amount, currency, pipeline_id, stage_id, owner_id, contact_id, source, status, position, closed_at, tags,
                            expected_close_on, lead_details)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9::varchar, top.p, CASE WHEN $9::text = 'open' THEN NULL ELSE now() END, $12::text[],
                (now() AT TIME ZONE $13::text)::date + $14::int, $15::jsonb FROM top
         RETURNING *),
       e AS (INSERT INTO deal_events (deal_id, type, actor_id, data, api_key_id) SELECT d.id, 'created', $10, $11, $16::uuid FROM d)
       SELECT ${DEAL_COLUMNS} FROM d JOIN stages s ON s.id = d.stage_id
         LEFT JOIN users u ON u.id = d.owner_id LEFT JOIN contacts c ON c.id = d.contact_id`,
      [
        input.title,
        input.amount,
        input.currency,
        input.pipelineId,
        input.stageId,
        input.ownerId,
        input.contactId,
        input.source,
        input.status,
        event.actorId,
        JSON.stringify(event.data),
        input.tags,
        input.expectedClose.timeZone,
        input.expectedClose.days,
        input.leadDetails ? JSON.stringify(input.leadDetails) : null,
        actingApiKeyId(event.actorId),
      ],
    );
    return toRow(row!);
  }

  async update(id: string, patch: DealPatch, tx: Tx): Promise<void> {
    const sets: string[] = ['updated_at = now()'];
    const params: unknown[] = [id];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    for (const [key, value] of Object.entries(patch) as [keyof DealPatch, unknown][]) {
      if (value === undefined || key === 'status') continue;
      sets.push(`${PATCH_COLUMNS[key]} = ${bind(value)}`);
    }
    if (patch.stageId !== undefined) sets.push('stage_entered_at = now()');
    if (patch.status !== undefined) {
      const status = `${bind(patch.status)}::varchar`;
      sets.push(`status = ${status}`, `closed_at = CASE WHEN ${status} = 'open' THEN NULL ELSE COALESCE(closed_at, now()) END`);
    }
    await this.tx.db(tx).rows(`UPDATE deals SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  /**
   * The system's change path: locks the deals, applies each one's change and returns the rows
   * before (the locked values) and after, in one statement. A move puts the card on top of its
   * new column (`rank` orders several moves to one stage); `onlyFromGroup` moves only a deal
   * still in that stage group. Deleted deals are left out.
   */
  async applySystemChanges(changes: SystemDealChange[], tx: Tx): Promise<SystemChangeResult[]> {
    if (!changes.length) return [];
    const col = <T>(f: (c: SystemDealChange) => T) => changes.map(f);
    const rows = await this.tx.db(tx).rows<DealRow & Record<string, any>>(
      `WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::bool[], $7::uuid[], $8::bool[], $9::text[],
                              $10::bool[], $11::text[], $12::bool[], $13::timestamptz[])
           AS v(id, stage_id, status, rank, only_group, set_owner, owner_id, set_lost, lost_reason, set_qual, qualification, missed, last_contact_at)),
       o AS (SELECT d.id, d.stage_id, d.owner_id, d.lost_reason, d.qualification FROM deals d
             WHERE d.id = ANY($1::uuid[]) AND d.deleted_at IS NULL ORDER BY d.id FOR UPDATE),
       m AS (SELECT v.*, o.stage_id AS old_stage_id, o.owner_id AS old_owner_id, o.lost_reason AS old_lost_reason, o.qualification AS old_qualification,
               (v.stage_id IS NOT NULL AND v.stage_id <> o.stage_id
                 AND (v.only_group IS NULL OR (SELECT st."group" FROM stages st WHERE st.id = o.stage_id) = v.only_group)) AS moving
             FROM v JOIN o ON o.id = v.id),
       upd AS (UPDATE deals d SET updated_at = now(),
           stage_id = CASE WHEN m.moving THEN m.stage_id ELSE d.stage_id END,
           status = CASE WHEN m.moving THEN m.status ELSE d.status END,
           closed_at = CASE WHEN NOT m.moving THEN d.closed_at WHEN m.status = 'open' THEN NULL ELSE COALESCE(d.closed_at, now()) END,
           stage_entered_at = CASE WHEN m.moving THEN now() ELSE d.stage_entered_at END,
           position = CASE WHEN m.moving
             THEN COALESCE((SELECT min(x.position) FROM deals x WHERE x.stage_id = m.stage_id AND x.deleted_at IS NULL), 1024) - 1024 * m.rank
             ELSE d.position END,
           owner_id = CASE WHEN m.set_owner THEN m.owner_id ELSE d.owner_id END,
           lost_reason = CASE WHEN m.set_lost THEN m.lost_reason ELSE d.lost_reason END,
           qualification = CASE WHEN m.set_qual THEN m.qualification ELSE d.qualification END,
           missed = COALESCE(m.missed, d.missed),
           last_contact_at = COALESCE(m.last_contact_at, d.last_contact_at)
         FROM m WHERE d.id = m.id
         RETURNING d.*, m.old_stage_id, m.old_owner_id, m.old_lost_reason, m.old_qualification)
       SELECT ${DEAL_COLUMNS}, d.old_stage_id AS "oldStageId", d.old_owner_id AS "oldOwnerId",
         (SELECT ou.name FROM users ou WHERE ou.id = d.old_owner_id) AS "oldOwnerName",
         (SELECT os."group" FROM stages os WHERE os.id = d.old_stage_id) AS "oldStageGroup",
         d.old_lost_reason AS "oldLostReason", d.old_qualification AS "oldQualification"
       FROM upd d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id LEFT JOIN contacts c ON c.id = d.contact_id`,
      [
        col((c) => c.id),
        col((c) => c.stageId ?? null),
        col((c) => c.status ?? null),
        col((c) => c.rank ?? 1),
        col((c) => c.onlyFromGroup ?? null),
        col((c) => c.ownerId !== undefined),
        col((c) => c.ownerId ?? null),
        col((c) => c.lostReason !== undefined),
        col((c) => c.lostReason ?? null),
        col((c) => c.qualification !== undefined),
        col((c) => c.qualification ?? null),
        col((c) => c.missed ?? null),
        col((c) => c.lastContactAt ?? null),
      ],
    );
    return rows.map((r) => {
      const { oldStageId, oldOwnerId, oldOwnerName, oldStageGroup, oldLostReason, oldQualification, ...after } = r;
      return {
        before: { id: r.id, stageId: oldStageId, ownerId: oldOwnerId, ownerName: oldOwnerName, stageGroup: oldStageGroup, lostReason: oldLostReason, qualification: oldQualification },
        after: toRow(after as DealRow),
      };
    });
  }

  /** Several timeline rows in one statement. */
  async addEvents(events: { dealId: string; type: DealEventType; actorId: string | null; data: Record<string, unknown> }[], tx?: Tx): Promise<void> {
    if (!events.length) return;
    await this.tx.db(tx).rows(
      `INSERT INTO deal_events (deal_id, type, actor_id, data, api_key_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::jsonb[], $5::uuid[])`,
      [
        events.map((e) => e.dealId),
        events.map((e) => e.type),
        events.map((e) => e.actorId),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => actingApiKeyId(e.actorId)),
      ],
    );
  }

  async softDelete(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE deals SET deleted_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /** Takes a live deal off the boards as declined spam or merged into `intoId` (the inbox's actions). */
  async removeAs(id: string, as: 'spam' | 'merged', intoId: string | null, tx: Tx): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`UPDATE deals SET deleted_at = now(), updated_at = now(), removed_as = $2, merged_into_id = $3 WHERE id = $1 AND deleted_at IS NULL`, [id, as, intoId]);
  }

  /** A deal declined as spam, locked (null: none such, or no longer declined). */
  async lockDeclined(id: string, tx: Tx): Promise<{ id: string } | null> {
    return this.tx.db(tx).one<{ id: string }>(`SELECT id FROM deals WHERE id = $1 AND removed_as = 'spam' FOR UPDATE`, [id]);
  }

  /** Puts a declined lead back where it was (its stage is still the inbox's); the caller holds the lock. */
  async restoreDeclined(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE deals SET deleted_at = NULL, removed_as = NULL, updated_at = now() WHERE id = $1 AND removed_as = 'spam'`, [id]);
  }

  /** The leads declined as spam, newest first, with who declined each (the last such timeline entry). */
  async declined(limit: number): Promise<{ total: number; last7Days: number; items: (DealRow & { declinedAt: Date; declinedById: string | null; declinedByName: string | null })[] }> {
    const db = this.tx.db();
    const counts = await db.one<{ total: number; last7Days: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE deleted_at > now() - interval '7 days')::int AS "last7Days" FROM deals WHERE removed_as = 'spam'`,
    );
    const rows = await db.rows<DealRow & { declinedAt: Date; declinedById: string | null; declinedByName: string | null }>(
      `SELECT ${DEAL_COLUMNS}, d.deleted_at AS "declinedAt", e.actor_id AS "declinedById", eu.name AS "declinedByName"
       FROM ${DEAL_FROM}
       LEFT JOIN LATERAL (SELECT x.actor_id FROM deal_events x WHERE x.deal_id = d.id AND x.type = 'declined_spam' ORDER BY x.created_at DESC LIMIT 1) e ON true
       LEFT JOIN users eu ON eu.id = e.actor_id
       WHERE d.removed_as = 'spam' ORDER BY d.deleted_at DESC, d.id LIMIT $1`,
      [limit],
    );
    return { total: counts?.total ?? 0, last7Days: counts?.last7Days ?? 0, items: rows.map((r) => ({ ...toRow(r), declinedAt: r.declinedAt, declinedById: r.declinedById, declinedByName: r.declinedByName })) };
  }

  /** One deal declined as spam, as its row (null: none such). */
  async findDeclined(id: string, tx?: Tx): Promise<DealRow | null> {
    const row = await this.tx.db(tx).one<DealRow>(`SELECT ${DEAL_COLUMNS} FROM ${DEAL_FROM} WHERE d.id = $1 AND d.removed_as = 'spam'`, [id]);
    return row && toRow(row);
  }

  async addEvent(
    e: { dealId: string; type: DealEventType; actorId: string | null; data: Record<string, unknown> },
    tx?: Tx,
  ): Promise<void> {
    await this.tx
      .db(tx)
      .rows(`INSERT INTO deal_events (deal_id, type, actor_id, data, api_key_id) VALUES ($1, $2, $3, $4, $5)`, [
        e.dealId,
        e.type,
        e.actorId,
        JSON.stringify(e.data),
        actingApiKeyId(e.actorId),
      ]);
  }

  async events(dealId: string, limit = 200): Promise<DealEvent[]> {
    const rows = await this.tx.db().rows<DealEvent & { createdAt: Date }>(
      `SELECT e.id, e.deal_id AS "dealId", e.type,
         CASE WHEN e.api_key_id IS NOT NULL THEN 'api_key' WHEN e.actor_id IS NULL THEN 'system' ELSE 'user' END AS "actorKind",
         COALESCE(e.api_key_id, e.actor_id) AS "actorId", COALESCE(k.name, u.name) AS "actorName", e.data, e.created_at AS "createdAt"
       FROM deal_events e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN api_keys k ON k.id = e.api_key_id
       WHERE e.deal_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2`,
      [dealId, limit],
    );
    return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
  }

  /** Open deals of a contact, most recently active first (the system's read). */
  openDealsOfContact(contactId: string, tx?: Tx): Promise<{ id: string; ownerId: string | null; stageGroup: string }[]> {
    return this.tx.db(tx).rows(
      `SELECT d.id, d.owner_id AS "ownerId", s."group" AS "stageGroup" FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.contact_id = $1 AND d.deleted_at IS NULL AND d.status = 'open'
       ORDER BY d.updated_at DESC, d.id LIMIT 5`,
      [contactId],
    );
  }
}

function toRow(row: DealRow): DealRow {
  const r = row as any;
  for (const key of ['stageEnteredAt', 'lastContactAt', 'createdAt', 'updatedAt']) {
    if (r[key] instanceof Date) r[key] = r[key].toISOString();
  }
  r.position = Number(r.position);
  return row;
}

