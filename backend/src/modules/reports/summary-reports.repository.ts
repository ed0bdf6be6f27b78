import { Injectable } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';
import type { CallScanRow } from './call-reports.repository';
import type { Period, SpeedBinRow } from './deal-reports.repository';
import type { FunnelGroup } from './funnel';
import { narrowedRep, Params, type ReportScope } from './report-scope';
import type { BinCount } from './speed-bins';
import { rowsWith } from './report-statement';
import { daysFrom, spanFrom } from './summary-span';

/**
 * Whose rows a report adds up: the summaries hold live deals only, keyed by owner, so the board's
 * visibility rule (`dealReportSql`) comes down to the owner here: a Seller's own, a Head's team,
 * one rep's, or the unowned (`none`). The reports' int-spec checks both give the same figures.
 */
function ownerSql(scope: ReportScope, p: Params, column = 'r.owner_id'): string {
  const rep = narrowedRep(scope);
  if (rep === null) return 'true';
  if (rep === 'none') return `${column} IS NULL`;
  return `${column} = ${p.add(rep)}`;
}

const pipelineSql = (p: Params, pipelineId: string | null) => {
  const pipe = p.add(pipelineId);
  return `(${pipe}::uuid IS NULL OR r.pipeline_id = ${pipe})`;
};

/** The calls scan's figures over `k` (rows of the call cube's shape, `n` calls each). */
const CALL_FIGURES = (caller = `k.direction = 'inbound' AND NOT k.leg`) => `
  COALESCE(sum(k.n) FILTER (WHERE ${caller}), 0)::int AS inbound,
  COALESCE(sum(k.n) FILTER (WHERE ${caller} AND k.answered), 0)::int AS answered,
  COALESCE(sum(k.n) FILTER (WHERE ${caller} AND k.missed), 0)::int AS missed,
  COALESCE(sum(k.n) FILTER (WHERE k.direction = 'outbound'), 0)::int AS outbound,
  COALESCE(sum(k.n) FILTER (WHERE k.direction = 'outbound' AND k.answered), 0)::int AS "outboundAnswered",
  COALESCE(sum(k.talk), 0)::text AS "talkSeconds",
  COALESCE(sum(k.n) FILTER (WHERE k.direction = 'inbound' AND k.answered), 0)::int AS "repAnswered",
  COALESCE(sum(k.n) FILTER (WHERE NOT k.leg), 0)::int AS "classCalls",
  COALESCE(sum(k.n) FILTER (WHERE NOT k.leg AND k.answered), 0)::int AS "classAnswered",
  COALESCE(sum(k.n) FILTER (WHERE NOT k.leg AND k.direction = 'inbound' AND k.missed), 0)::int AS "classMissed"`;

/**
 * The reports' figures read from the summaries of migration 200 (ADR 0028): the same rows the
 * live repositories return, from a few thousand pre-added rows instead of a year of deals and
 * calls. Used only when the summaries are built in the team's zone (ReportSummariesService).
 */
@Injectable()
export class SummaryReportsRepository {
  constructor(private readonly tx: Transactions) {}

  /** A report statement with room to hash its groups in memory (4 MB made the funnel sort on disk). */
  private rows<T>(sql: string, values: unknown[]): Promise<T[]> {
    return rowsWith<T>(this.tx, { work_mem: '32MB' }, sql, values);
  }

  funnelGroups(scope: ReportScope, period: Period, pipelineId: string): Promise<FunnelGroup[]> {
    const p = new Params();
    return this.rows<FunnelGroup>(
      `SELECT g.owner_id AS "ownerId", u.name AS "ownerName", fs.sort_order AS "furthestOrder", g.status, g.currency,
              g.lost_from_stage_id AS "lostFromStageId", g.lost_reason AS "lostReason", g.deals, g.cents
       FROM (SELECT r.owner_id, r.furthest_stage_id, r.status, r.currency, r.lost_from_stage_id, r.lost_reason,
                    sum(r.n)::int AS deals, (sum(r.amount) * 100)::bigint::text AS cents
             FROM ${spanFrom('report_deal_cohorts', p, period.timeZone, period.from, period.to)} r
             WHERE r.pipeline_id = ${p.add(pipelineId)} AND ${ownerSql(scope, p)}
             GROUP BY r.owner_id, r.furthest_stage_id, r.status, r.currency, r.lost_from_stage_id, r.lost_reason
             HAVING sum(r.n) <> 0) g
       LEFT JOIN stages fs ON fs.id = g.furthest_stage_id LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  offerConversion(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    return this.rows<{ ownerId: string | null; name: string | null; leads: number; withOffer: number; withOrder: number }>(
      `SELECT g.owner_id AS "ownerId", u.name, g.leads, g."withOffer", g."withOrder"
       FROM (SELECT r.owner_id, sum(r.n)::int AS leads, sum(r.with_offer)::int AS "withOffer", sum(r.with_order)::int AS "withOrder"
             FROM ${spanFrom('report_deal_cohorts', p, period.timeZone, period.from, period.to)} r
             WHERE ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}
             GROUP BY r.owner_id HAVING sum(r.n) <> 0) g
       LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  speedBins(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    return this.rows<SpeedBinRow>(
      `SELECT g.owner_id AS "ownerId", u.name, g.bin, g.n
       FROM (SELECT r.owner_id, r.bin, sum(r.n)::int AS n
             FROM ${spanFrom('report_lead_speeds', p, period.timeZone, period.from, period.to)} r
             WHERE ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}
             GROUP BY r.owner_id, r.bin HAVING sum(r.n) <> 0) g
       LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  outcomes(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    return this.rows<{ ownerId: string | null; name: string | null; status: 'won' | 'lost'; source: string; lostReason: string | null; currency: string; deals: number; cents: string }>(
      `SELECT g.owner_id AS "ownerId", u.name, g.status, g.source, g.lost_reason AS "lostReason", g.currency, g.deals, g.cents
       FROM (SELECT r.owner_id, r.status, r.source, r.lost_reason, r.currency, sum(r.n)::int AS deals, (sum(r.amount) * 100)::bigint::text AS cents
             FROM ${spanFrom('report_deal_closures', p, period.timeZone, period.from, period.to)} r
             WHERE ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}
             GROUP BY r.owner_id, r.status, r.source, r.lost_reason, r.currency HAVING sum(r.n) <> 0) g
       LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  /** Expected close dates are dates, not instants: the zone only picks which rows (every zone's are alike). */
  forecast(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    return this.rows<{ month: string; ownerId: string | null; name: string | null; currency: string; deals: number; cents: string; weightedCents: string }>(
      `SELECT g.month, g.owner_id AS "ownerId", u.name, g.currency, g.deals, g.cents, g."weightedCents"
       FROM (SELECT to_char(r.day, 'YYYY-MM') AS month, r.owner_id, r.currency, sum(r.n)::int AS deals,
                    (sum(r.amount) * 100)::bigint::text AS cents, round(sum(r.amount * s.probability))::bigint::text AS "weightedCents"
             FROM ${spanFrom('report_deal_forecast', p, period.timeZone, period.from, period.to)} r JOIN stages s ON s.id = r.stage_id
             WHERE ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}
             GROUP BY 1, r.owner_id, r.currency HAVING sum(r.n) <> 0) g
       LEFT JOIN users u ON u.id = g.owner_id`,
      p.values,
    );
  }

  async undatedOpen(scope: ReportScope, pipelineId: string | null, timeZone: string): Promise<number> {
    const p = new Params();
    const [r] = await this.rows<{ n: number }>(
      `SELECT COALESCE(sum(r.n), 0)::int AS n FROM report_deal_forecast r
       WHERE r.zone = ${p.add(timeZone)} AND r.grain = 'd' AND r.day = '-infinity'::date AND ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}`,
      p.values,
    );
    return r?.n ?? 0;
  }

  offers(scope: ReportScope, period: Period, pipelineId: string | null) {
    const p = new Params();
    return this.rows<{ status: string; currency: string; offers: number; cents: string }>(
      `SELECT r.status, r.currency, sum(r.n)::int AS offers, (sum(r.amount) * 100)::bigint::text AS cents
       FROM ${spanFrom('report_offer_days', p, period.timeZone, period.from, period.to)} r
       WHERE ${pipelineSql(p, pipelineId)} AND ${ownerSql(scope, p)}
       GROUP BY r.status, r.currency HAVING sum(r.n) <> 0`,
      p.values,
    );
  }

  /**
   * The calls scan's rows (CallReportsRepository.scan's shape). The team's series comes from the
   * whole team's days, its per-rep, per-class and total rows from the call cube; a rep's from the
   * calls they handled plus the missed ones that rang them.
   */
  async callScan(scope: ReportScope, period: Period, bucket: 'day' | 'week'): Promise<CallScanRow[]> {
    const rep = narrowedRep(scope);
    const { timeZone: zone, from, to } = period;
    const series = (rows: string, p: Params) =>
      this.rows<CallScanRow>(
        `SELECT 'series' AS part, to_char(date_trunc('${bucket}', k.day::timestamp), 'YYYY-MM-DD') AS start, NULL::uuid AS who, NULL AS importance, ${CALL_FIGURES()}
         FROM ${rows} k GROUP BY 2`,
        p.values,
      );
    const folds = (rows: string, p: Params) =>
      this.rows<CallScanRow>(
        `SELECT CASE WHEN grouping(k.who, k.importance) = 3 THEN 'total' WHEN grouping(k.who) = 0 THEN 'rep' ELSE 'class' END AS part,
                NULL AS start, k.who, k.importance, ${CALL_FIGURES()}
         FROM ${rows} k GROUP BY GROUPING SETS ((k.who), (k.importance), ())`,
        p.values,
      );
    if (rep === null) {
      const ps = new Params();
      const pf = new Params();
      const [s, f] = await Promise.all([
        series(`(SELECT r.day, r.direction, r.answered, r.missed, r.leg, r.n, 0::bigint AS talk FROM ${daysFrom('report_call_team_days', ps, zone, from, to)} r)`, ps),
        folds(`(SELECT r.who, r.importance, r.direction, r.answered, r.missed, r.leg, r.n, r.talk FROM ${spanFrom('report_call_cube', pf, zone, from, to)} r)`, pf),
      ]);
      return [...s, ...f];
    }
    // `none` (no owner) handled no calls: a user id no call can carry
    const repId = rep === 'none' ? '00000000-0000-0000-0000-000000000000' : rep;
    const repRows = (p: Params, span: typeof spanFrom) => {
      const id = p.add(repId);
      return `(SELECT r.day, r.who, r.importance, r.direction, r.answered, r.missed, r.leg, r.n, r.talk FROM ${span('report_call_cube', p, zone, from, to)} r WHERE r.who = ${id}
               UNION ALL
               SELECT m.day, NULL::uuid, m.importance, 'inbound', false, true, m.leg, m.n, 0 FROM ${span('report_missed_rang', p, zone, from, to)} m WHERE m.rep = ${id})`;
    };
    const ps = new Params();
    const pf = new Params();
    const [s, f] = await Promise.all([
      series(repRows(ps, daysFrom), ps),
      folds(repRows(pf, spanFrom), pf),
    ]);
    return [...s, ...f];
  }

  missedRang(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = narrowedRep(scope);
    const who = rep === null ? 'r.rep IS NOT NULL' : `r.rep = ${p.add(rep === 'none' ? '00000000-0000-0000-0000-000000000000' : rep)}`;
    return this.rows<{ who: string; missed: number }>(
      `SELECT r.rep AS who, sum(r.n)::int AS missed FROM ${spanFrom('report_missed_rang', p, period.timeZone, period.from, period.to)} r
       WHERE ${who}
       GROUP BY r.rep HAVING sum(r.n) <> 0`,
      p.values,
    );
  }

  callBackBins(scope: ReportScope, period: Period) {
    const p = new Params();
    const rep = narrowedRep(scope);
    const who = rep === null ? 'r.rep IS NULL' : `r.rep = ${p.add(rep === 'none' ? '00000000-0000-0000-0000-000000000000' : rep)}`;
    return this.rows<BinCount>(
      `SELECT r.bin, sum(r.n)::int AS n FROM ${spanFrom('report_call_backs', p, period.timeZone, period.from, period.to)} r
       WHERE ${who}
       GROUP BY r.bin HAVING sum(r.n) <> 0`,
      p.values,
    );
  }
}
