import { Injectable } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';
import type { FunnelGroup, FunnelStageDef } from './funnel';
import { dealReportSql, Params, type ReportScope } from './report-scope';

/** A period as instants: [start, end), the team zone's midnights. */
export interface Period {
  start: Date;
  end: Date;
  /** The same period as days (YYYY-MM-DD, both included), for date columns. */
  from: string;
  to: string;
  timeZone: string;
}

const CENTS = `(sum(d.amount) * 100)::bigint::text`;

/** Leads of one owner in one speed bin. */
export interface SpeedBinRow {
  ownerId: string | null;
  name: string | null;
  bin: number | null;
  n: number;
}

/**
 * The deal reports' figures, each one statement over a narrow scan (docs/reports.md defines
 * them; ADR 0026 the columns and indexes they read). Cohort reports count the deals created in
 * the period; outcomes count the deals closed in it.
 */
@Injectable()
export class DealReportsRepository {
  constructor(private readonly tx: Transactions) {}

  /** The team zone's midnights that bound [from, to]. */
  async bounds(from: string, to: string, timeZone: string): Promise<{ start: Date; end: Date }> {
    return (await this.tx.db().one<{ start: Date; end: Date }>(
      `SELECT ($1::date::timestamp AT TIME ZONE $3) AS start, (($2::date + 1)::timestamp AT TIME ZONE $3) AS "end"`,
      [from, to, timeZone],
    ))!;
  }

  async pipeline(pipelineId: string | null): Promise<{ id: string; name: string; stages: FunnelStageDef[] } | null> {
    const p = await this.tx.db().one<{ id: string; name: string }>(
      `SELECT id, name FROM pipelines WHERE ($1::uuid IS NULL AND is_default) OR id = $1 ORDER BY is_default DESC LIMIT 1`,
      [pipelineId],
    );
    if (!p) return null;
    const stages = await this.tx.db().rows<FunnelStageDef>(
      `SELECT id, name, "group", sort_order AS "sortOrder" FROM stages WHERE pipeline_id = $1 ORDER BY sort_order, id`,
      [p.id],
    );
    return { ...p, stages };
  }

  /**
   * The funnel's cohort in groups that count alike (funnel.ts turns them into steps): grouped on
   * the deal's own columns first (a hash over the covering index), named after.
   */
  funnelGroups(scope: ReportScope, period: Period, pipelineId: string): Promise<FunnelGroup[]> {
    const p = new Params();
    const where = dealReportSql(scope, p);
    return this.tx.db().rows<FunnelGroup>(
      `SELECT g.owner_id AS "ownerId", u.name AS "ownerName", fs.sort_order AS "furthestOrder", g.status, g.currency,
              g.lost_from_stage_id AS "lostFromStageId", g.lost_reason AS "lostReason", g.deals, g.cents
       FROM (SELECT d.owner_id, d.furthest_stage_id, d.status, d.currency, d.lost_from_stage_id, d.lost_reason,
                    count(*)::int AS deals, ${CENTS} AS cents
             FROM deals d JOIN stages s ON s.id = d.stage_id
             WHERE d.pipeline_id = ${p.add(pipelineId)} AND d.created_at >= ${p.add(period.start)} AND d.created_at < ${p.add(period.end)} AND ${where}
             GROUP BY d.owner_id, d.furthest_stage_id, d.status, d.currency, d.lost_from_stage_id, d.lost_reason) g
       LEFT JOIN stages fs ON fs.id = g.furthest_stage_id LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  /** Open deals never contacted, created in the period: the unowned inbox's and each rep's. */
  neverContacted(scope: ReportScope, period: Period, pipelineId: string | null, unownedOnly: boolean) {
    const p = new Params();
    const where = dealReportSql(scope, p, { unownedOnly });
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<{ ownerId: string | null; name: string | null; count: number; oldestAt: Date | null }>(
      `SELECT d.owner_id AS "ownerId", u.name, count(*)::int AS count, min(d.created_at) AS "oldestAt"
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.status = 'open' AND d.first_contact_at IS NULL
         AND d.created_at >= ${p.add(period.start)} AND d.created_at < ${p.add(period.end)}
         AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe})
         AND ${where} ${unownedOnly ? '' : 'AND d.owner_id IS NOT NULL'}
       GROUP BY d.owner_id, u.name`,
      p.values,
    );
  }

  /** The cohort's leads, with an offer, with an order; per owner. */
  offerConversion(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<{ ownerId: string | null; name: string | null; leads: number; withOffer: number; withOrder: number }>(
      `SELECT d.owner_id AS "ownerId", u.name, count(*)::int AS leads,
              count(*) FILTER (WHERE d.first_offer_at IS NOT NULL)::int AS "withOffer",
              count(*) FILTER (WHERE d.first_order_at IS NOT NULL)::int AS "withOrder"
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.created_at >= ${p.add(period.start)} AND d.created_at < ${p.add(period.end)}
         AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}
       GROUP BY d.owner_id, u.name`,
      p.values,
    );
  }

  /** Leads (deals that came from outside) created in the period, by owner and speed bin (speed-bins.ts; bin null: not contacted). */
  speedBins(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<SpeedBinRow>(
      `SELECT x.owner_id AS "ownerId", u.name, x.bin, count(*)::int AS n
       FROM (SELECT d.owner_id, report_speed_bin(extract(epoch FROM d.first_contact_at - d.created_at)) AS bin
             FROM deals d JOIN stages s ON s.id = d.stage_id
             WHERE d.source IN ('inbound_call', 'web_form') AND d.created_at >= ${p.add(period.start)} AND d.created_at < ${p.add(period.end)}
               AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}) x
       LEFT JOIN users u ON u.id = x.owner_id
       GROUP BY x.owner_id, u.name, x.bin`,
      p.values,
    );
  }

  /** Deals closed (won or lost) in the period, by owner, source, reason and currency. */
  outcomes(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<{ ownerId: string | null; name: string | null; status: 'won' | 'lost'; source: string; lostReason: string | null; currency: string; deals: number; cents: string }>(
      `SELECT d.owner_id AS "ownerId", u.name, d.status, d.source, d.lost_reason AS "lostReason", d.currency, count(*)::int AS deals, ${CENTS} AS cents
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.status IN ('won', 'lost') AND d.closed_at >= ${p.add(period.start)} AND d.closed_at < ${p.add(period.end)}
         AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}
       GROUP BY d.owner_id, u.name, d.status, d.source, d.lost_reason, d.currency`,
      p.values,
    );
  }

  /** Open deals expected to close in the period, by month, owner and currency: open and weighted amounts. */
  forecast(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<{ month: string; ownerId: string | null; name: string | null; currency: string; deals: number; cents: string; weightedCents: string }>(
      `SELECT to_char(d.expected_close_on, 'YYYY-MM') AS month, d.owner_id AS "ownerId", u.name, d.currency, count(*)::int AS deals,
              ${CENTS} AS cents, round(sum(d.amount * s.probability))::bigint::text AS "weightedCents"
       FROM deals d JOIN stages s ON s.id = d.stage_id LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.status = 'open' AND d.expected_close_on >= ${p.add(period.from)}::date AND d.expected_close_on <= ${p.add(period.to)}::date
         AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}
       GROUP BY 1, d.owner_id, u.name, d.currency`,
      p.values,
    );
  }

  async undatedOpen(scope: ReportScope, pipelineId: string | null): Promise<number> {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    const r = await this.tx.db().one<{ n: number }>(
      `SELECT count(*)::int AS n FROM deals d JOIN stages s ON s.id = d.stage_id
       WHERE d.status = 'open' AND d.expected_close_on IS NULL AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}`,
      p.values,
    );
    return r?.n ?? 0;
  }

  /** Offers created in the period, on the deals in scope, by status and currency. */
  offers(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    const where = dealReportSql(scope, p);
    const pipe = p.add(pipelineId);
    return this.tx.db().rows<{ status: string; currency: string; offers: number; cents: string }>(
      `SELECT o.status, o.currency, count(*)::int AS offers, (sum(o.total) * 100)::bigint::text AS cents
       FROM offers o JOIN deals d ON d.id = o.deal_id JOIN stages s ON s.id = d.stage_id
       WHERE o.created_at >= ${p.add(period.start)} AND o.created_at < ${p.add(period.end)}
         AND (${pipe}::uuid IS NULL OR d.pipeline_id = ${pipe}) AND ${where}
       GROUP BY o.status, o.currency`,
      p.values,
    );
  }
}
