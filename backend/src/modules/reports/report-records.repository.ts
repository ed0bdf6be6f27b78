import { Injectable } from '@nestjs/common';
import {
  type ReportCallRecord,
  type ReportContactRecord,
  type ReportDealRecord,
  type ReportOfferRecord,
} from '@callboard/contracts';
import { contactScopeSql, dealVisibleSql } from '../../common/access/deal-visibility';
import { Transactions } from '../../common/database/transactions';
import { CALL_AT, CALL_REP, callRepParam, callScopeSql } from './call-reports.repository';
import { dealReportSql, narrowedRep, Params, type ReportScope } from './report-scope';
import { rowsWith } from './report-statement';

/**
 * A drill-down's filter: the rows of one table that make one figure. The service builds it from
 * the report's own definition (reports.records.ts), so the list and the figure cannot disagree.
 */
export interface RecordFilter {
  /** Predicate over `d` deals + `s` stage (+ `fs` furthest stage), `o` offers, `c` contacts or `c` calls. */
  where: (p: Params) => string;
  /** The instant shown as `at` and the order (newest first). */
  at?: string;
  /**
   * Another order than `at` (newest first), where `at` has no index to page in (speed to lead:
   * arrival). Pages are read in an index's order (migrations 196, 201), never sorted whole.
   */
  order?: string;
}

/** Where a page starts, how many rows it holds, and the figure it belongs to when the caller knows it (else it is counted). */
export interface RecordsPage {
  offset: number;
  limit: number;
  total: number | null;
}

const DEAL_SELECT = `d.id, d.title, d.amount::text AS amount, d.currency, s.name AS "stageName", d.status,
  d.owner_id AS "ownerId", u.name AS "ownerName", d.contact_id AS "contactId", c.name AS "contactName", d.created_at AS "createdAt"`;
const DEAL_FROM = `deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN stages fs ON fs.id = d.furthest_stage_id
  LEFT JOIN users u ON u.id = d.owner_id LEFT JOIN contacts c ON c.id = d.contact_id`;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));

@Injectable()
export class ReportRecordsRepository {
  constructor(private readonly tx: Transactions) {}

  async deals(scope: ReportScope, f: RecordFilter, page: RecordsPage, unownedOnly = false) {
    const { offset, limit } = page;
    const build = (withPage: boolean) => {
      const p = new Params();
      const where = `${dealReportSql(scope, p, { unownedOnly })} AND ${f.where(p)}`;
      return { p, where, tail: withPage ? `LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}` : '' };
    };
    const at = f.at ?? 'd.created_at';
    const list = build(true);
    const count = build(false);
    const [rows, total] = await Promise.all([
      this.pageRows<ReportDealRecord>(
        `SELECT ${DEAL_SELECT}, ${at} AS at FROM ${DEAL_FROM} WHERE ${list.where} ORDER BY ${f.order ?? at} DESC, d.id DESC ${list.tail}`,
        list.p.values,
      ),
      page.total ?? this.count(`SELECT count(*)::int AS n FROM ${DEAL_FROM} WHERE ${count.where}`, count.p.values),
    ]);
    return { total, rows: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)!, at: iso(r.at) })) };
  }

  async offers(scope: ReportScope, f: RecordFilter, page: RecordsPage) {
    const { offset, limit } = page;
    const build = () => {
      const p = new Params();
      return { p, where: `${dealReportSql(scope, p)} AND ${f.where(p)}` };
    };
    const from = `offers o JOIN deals d ON d.id = o.deal_id JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id`;
    const list = build();
    const count = build();
    const [rows, total] = await Promise.all([
      this.pageRows<ReportOfferRecord>(
        `SELECT o.id, o.number, o.version, o.status, o.total::text AS total, o.currency, d.id AS "dealId", d.title AS "dealTitle",
                u.name AS "ownerName", o.created_at AS "createdAt"
         FROM ${from} WHERE ${list.where} ORDER BY o.created_at DESC, o.id LIMIT ${list.p.add(limit)} OFFSET ${list.p.add(offset)}`,
        list.p.values,
      ),
      page.total ?? this.count(`SELECT count(*)::int AS n FROM ${from} WHERE ${count.where}`, count.p.values),
    ]);
    return { total, rows: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt)! })) };
  }

  /** Contacts: the same scope as the dormant contacts report (contact owner, contact visibility). */
  async contacts(scope: ReportScope, f: RecordFilter, page: RecordsPage) {
    const { offset, limit } = page;
    const build = () => {
      const p = new Params();
      const me = p.add(scope.actor.id);
      const rep = narrowedRep(scope);
      const owner = rep === null ? 'true' : rep === 'none' ? 'c.owner_id IS NULL' : `c.owner_id = ${p.add(rep)}`;
      return { p, where: `${contactScopeSql(scope.actor, me, 'c')} AND ${owner} AND ${f.where(p)}` };
    };
    const list = build();
    const count = build();
    const [rows, total] = await Promise.all([
      this.pageRows<ReportContactRecord>(
        `SELECT c.id, c.name, c.company, c.importance, c.owner_id AS "ownerId", u.name AS "ownerName", c.last_contact_at AS "lastContactAt"
         FROM contacts c LEFT JOIN users u ON u.id = c.owner_id
         WHERE ${list.where} ORDER BY c.last_contact_at NULLS FIRST, c.name, c.id LIMIT ${list.p.add(limit)} OFFSET ${list.p.add(offset)}`,
        list.p.values,
      ),
      page.total ?? this.count(`SELECT count(*)::int AS n FROM contacts c WHERE ${count.where}`, count.p.values),
    ]);
    return { total, rows: rows.map((r) => ({ ...r, lastContactAt: iso(r.lastContactAt) })) };
  }

  /**
   * Calls: the same scope as the calls report. A Seller sees the deal and the contact of a call
   * only where they may see them (a missed call that rang them may be on a colleague's deal).
   */
  async calls(scope: ReportScope, f: RecordFilter, page: RecordsPage) {
    const { offset, limit } = page;
    const build = () => {
      const p = new Params();
      const rep = callRepParam(scope, p);
      return { p, where: `${CALL_AT} IS NOT NULL AND c.direction IS NOT NULL AND ${callScopeSql(rep)} AND ${f.where(p)}` };
    };
    const list = build();
    const me = list.p.add(scope.actor.id);
    const seller = scope.actor.role !== 'head';
    const seesDeal = seller
      ? `EXISTS (SELECT 1 FROM deals vd JOIN stages vs ON vs.id = vd.stage_id WHERE vd.id = c.deal_id AND ${dealVisibleSql(me, 'vd', 'vs')})`
      : `${me}::uuid IS NOT NULL`;
    const count = build();
    const [rows, total] = await Promise.all([
      this.pageRows<ReportCallRecord>(
        `SELECT c.id, ${CALL_AT} AS at, c.direction, c.outcome,
                CASE WHEN c.direction = 'outbound' THEN c.to_number ELSE c.from_number END AS number,
                CASE WHEN ${contactScopeSql(scope.actor, me, 'ct')} THEN c.contact_id END AS "contactId",
                CASE WHEN ${contactScopeSql(scope.actor, me, 'ct')} THEN ct.name END AS "contactName",
                CASE WHEN ${seesDeal} THEN c.deal_id END AS "dealId", CASE WHEN ${seesDeal} THEN d.title END AS "dealTitle",
                ${CALL_REP} AS "repId", ru.name AS "repName", c.duration_sec AS "durationSec", c.called_back_at AS "calledBackAt"
         FROM calls c LEFT JOIN contacts ct ON ct.id = c.contact_id LEFT JOIN deals d ON d.id = c.deal_id
              LEFT JOIN users ru ON ru.id = ${CALL_REP}
         WHERE ${list.where} ORDER BY ${CALL_AT} DESC, c.id LIMIT ${list.p.add(limit)} OFFSET ${list.p.add(offset)}`,
        list.p.values,
      ),
      page.total ?? this.count(`SELECT count(*)::int AS n FROM calls c WHERE ${count.where}`, count.p.values),
    ]);
    return {
      total,
      rows: rows.map((r) => ({ ...r, at: iso(r.at)!, calledBackAt: iso(r.calledBackAt), contactId: r.contactName === null ? null : r.contactId })),
    };
  }

  /**
   * A page's rows, planned for its own values: a prepared statement's generic plan cannot know
   * that one owner's year is 15 % of the deals, and sorts the whole year instead of reading the
   * owner's index backwards (1.2 s against 14 ms on a million deals).
   */
  private pageRows<T>(sql: string, values: unknown[]): Promise<T[]> {
    return rowsWith<T>(this.tx, { plan_cache_mode: 'force_custom_plan' }, sql, values);
  }

  private async count(sql: string, values: unknown[]): Promise<number> {
    return (await this.tx.db().one<{ n: number }>(sql, values))?.n ?? 0;
  }
}
