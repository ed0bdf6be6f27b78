import { type ReportName, SpeedBucket } from '@callboard/contracts';
import { CALL_AT, CALL_REP, TRANSFER_LEG } from './call-reports.repository';
import type { Period } from './deal-reports.repository';
import { type FunnelStageDef, funnelSteps } from './funnel';
import type { Params } from './report-scope';
import type { RecordFilter } from './report-records.repository';

/** What the figures of one request depend on besides the scope. */
export interface CellContext {
  period: Period;
  bucket: 'day' | 'week';
  slaSeconds: number;
  days: number;
  now: Date;
  pipelineId: string | null;
  /** The funnel's pipeline and stages (funnel only). */
  pipeline: { id: string; stages: FunnelStageDef[] } | null;
  /** The rep the request is narrowed to (a Seller: themselves); null for the whole team. */
  rep: string | null;
  /** Whether the unowned inbox counts (showsUnownedInbox). */
  inboxShown: boolean;
}

export type CellRecords =
  | { kind: 'deals'; filter: RecordFilter; unownedOnly?: boolean }
  | { kind: 'offers' | 'contacts' | 'calls'; filter: RecordFilter };

/** The calls series is by day up to 62 days, by week (from Monday) beyond. */
export function seriesBucket(from: string, to: string): 'day' | 'week' {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 < 62 ? 'day' : 'week';
}

/** A speed bucket's bounds over a duration's bin `x` (seconds, speed-bins.ts), as the report counts them: (from, to], so 10 minutes is in 5to10m. */
export const SPEED_RANGES: Record<SpeedBucket, string> = {
  lt1m: 'x <= 60',
  '1to5m': 'x > 60 AND x <= 300',
  '5to10m': 'x > 300 AND x <= 600',
  '10to30m': 'x > 600 AND x <= 1800',
  '30to60m': 'x > 1800 AND x <= 3600',
  '1to4h': 'x > 3600 AND x <= 14400',
  '4to24h': 'x > 14400 AND x <= 86400',
  gt24h: 'x > 86400',
};

const pipelineOf = (ctx: CellContext, p: Params) => (ctx.pipelineId ? `d.pipeline_id = ${p.add(ctx.pipelineId)}` : 'true');
const createdIn = (ctx: CellContext, p: Params) => `d.created_at >= ${p.add(ctx.period.start)} AND d.created_at < ${p.add(ctx.period.end)}`;
const deals = (where: (p: Params) => string, at?: string, order?: string): CellRecords => ({ kind: 'deals', filter: { where, at, order } });

/**
 * The records behind one figure, as a filter built from the same definitions as the figure
 * (docs/reports.md); null when the cell names no figure of the report.
 */
export function recordFilter(name: ReportName, cell: string, ctx: CellContext): CellRecords | null {
  const [what, arg, more, ...rest] = cell.split(':');
  if (rest.length) return null;
  switch (name) {
    case 'funnel': {
      const steps = funnelSteps(ctx.pipeline?.stages ?? []);
      const base = (p: Params) => `d.pipeline_id = ${p.add(ctx.pipeline!.id)} AND ${createdIn(ctx, p)}`;
      if (['cohort', 'won', 'lost', 'open'].includes(what) && arg === undefined) {
        return deals((p) => `${base(p)} AND ${what === 'cohort' ? 'true' : `d.status = ${p.add(what)}`}`);
      }
      const step = steps.find((s) => s.id === arg);
      if (!step) return null;
      if (what === 'reached' && more === undefined) {
        return deals((p) => `${base(p)} AND (d.status = 'won' OR fs.sort_order >= ${p.add(step.sortOrder)})`);
      }
      if (what === 'lost-at') {
        const reason = (p: Params) => (more === undefined ? 'true' : more === 'none' ? 'd.lost_reason IS NULL' : `d.lost_reason = ${p.add(more)}`);
        return deals((p) => `${base(p)} AND d.status = 'lost' AND d.lost_from_stage_id = ${p.add(step.id)} AND ${reason(p)}`, 'd.closed_at');
      }
      return null;
    }
    case 'never-contacted': {
      if (arg !== undefined) return null;
      const base = (p: Params) => `d.status = 'open' AND d.first_contact_at IS NULL AND ${createdIn(ctx, p)} AND ${pipelineOf(ctx, p)}`;
      if (what === 'unassigned') {
        return { kind: 'deals', unownedOnly: true, filter: { where: (p) => `${base(p)} AND ${ctx.inboxShown}` } };
      }
      if (what === 'assigned') return deals((p) => `${base(p)} AND d.owner_id IS NOT NULL`);
      return null;
    }
    case 'dormant-contacts': {
      if (arg !== undefined) return null;
      const dormant = (p: Params) =>
        `c.importance = 'A' AND (c.last_contact_at IS NULL OR c.last_contact_at < ${p.add(ctx.now)}::timestamptz - make_interval(days => ${p.add(ctx.days)}))`;
      if (what === 'dormant') return { kind: 'contacts', filter: { where: dormant } };
      if (what === 'never') return { kind: 'contacts', filter: { where: (p) => `${dormant(p)} AND c.last_contact_at IS NULL` } };
      return null;
    }
    case 'offer-conversion': {
      const measure = { leads: 'true', offer: 'd.first_offer_at IS NOT NULL', order: 'd.first_order_at IS NOT NULL' }[what];
      if (!measure || arg !== undefined) return null;
      return deals((p) => `${createdIn(ctx, p)} AND ${pipelineOf(ctx, p)} AND ${measure}`);
    }
    case 'offers': {
      const base = (p: Params) => `o.created_at >= ${p.add(ctx.period.start)} AND o.created_at < ${p.add(ctx.period.end)} AND ${pipelineOf(ctx, p)}`;
      if (what === 'all' && arg === undefined) return { kind: 'offers', filter: { where: base } };
      if (what === 'status' && arg && more === undefined) return { kind: 'offers', filter: { where: (p) => `${base(p)} AND o.status = ${p.add(arg)}` } };
      return null;
    }
    case 'speed-to-lead': {
      const secs = `extract(epoch FROM d.first_contact_at - d.created_at)`;
      const measure: Record<string, (p: Params) => string> = {
        leads: () => 'true',
        contacted: () => 'd.first_contact_at IS NOT NULL',
        // counted in bins, as the figure is (speed-bins.ts)
        'within-sla': (p) => `report_speed_bin(${secs}) <= ${p.add(ctx.slaSeconds)}`,
        'not-contacted': () => 'd.first_contact_at IS NULL',
      };
      let m = arg === undefined ? measure[what] : undefined;
      if (what === 'bucket' && more === undefined && SpeedBucket.safeParse(arg).success) {
        const range = SPEED_RANGES[arg as SpeedBucket];
        m = () => `(${range.replaceAll('x', `report_speed_bin(${secs})`)})`;
      }
      if (!m) return null;
      const f = m;
      return deals(
        (p) => `d.source IN ('inbound_call', 'web_form') AND ${createdIn(ctx, p)} AND ${pipelineOf(ctx, p)} AND ${f(p)}`,
        'd.first_contact_at',
        'd.created_at', // newest leads first: paged along the cohort's index, not sorted whole
      );
    }
    case 'outcomes': {
      const base = (p: Params) => `d.status IN ('won', 'lost') AND d.closed_at >= ${p.add(ctx.period.start)} AND d.closed_at < ${p.add(ctx.period.end)} AND ${pipelineOf(ctx, p)}`;
      if ((what === 'won' || what === 'lost') && arg === undefined) return deals((p) => `${base(p)} AND d.status = ${p.add(what)}`, 'd.closed_at');
      if (what === 'won-source' && arg && more === undefined) return deals((p) => `${base(p)} AND d.status = 'won' AND d.source = ${p.add(arg)}`, 'd.closed_at');
      if (what === 'lost-reason' && arg && more === undefined) {
        return deals((p) => `${base(p)} AND d.status = 'lost' AND ${arg === 'none' ? 'd.lost_reason IS NULL' : `d.lost_reason = ${p.add(arg)}`}`, 'd.closed_at');
      }
      return null;
    }
    case 'forecast': {
      if (what === 'undated' && arg === undefined) return deals((p) => `d.status = 'open' AND d.expected_close_on IS NULL AND ${pipelineOf(ctx, p)}`);
      if (what === 'month' && /^\d{4}-(0[1-9]|1[0-2])$/.test(arg ?? '') && more) {
        return deals(
          // the month as a date range inside the period (an index range, not a scan of the year)
          (p) => {
            const month = p.add(`${arg}-01`);
            return `d.status = 'open' AND d.expected_close_on >= greatest(${p.add(ctx.period.from)}::date, ${month}::date)
                    AND d.expected_close_on < least(${p.add(ctx.period.to)}::date + 1, (${month}::date + interval '1 month')::date)
                    AND d.currency = ${p.add(more)} AND ${pipelineOf(ctx, p)}`;
          },
          'd.expected_close_on::text',
          'd.expected_close_on',
        );
      }
      return null;
    }
    case 'calls':
      return callCell(what, arg, more, ctx);
    case 'conversations': {
      // the report's own definition of its calls (conversationCallsSql) is applied by the records query's scope
      const measure = { calls: 'true', 'rep-interrupted': 'v.rep_interruptions > 0' }[what];
      if (!measure || arg !== undefined) return null;
      return {
        kind: 'calls',
        filter: {
          where: (p) => {
            const rep = ctx.rep && ctx.rep !== 'none' ? `AND ${CALL_REP} = ${p.add(ctx.rep)}` : ctx.rep === 'none' ? 'AND false' : '';
            return `${CALL_AT} >= ${p.add(ctx.period.start)} AND ${CALL_AT} < ${p.add(ctx.period.end)} ${rep}
              AND EXISTS (SELECT 1 FROM call_conversations v WHERE v.call_id = c.id AND ${measure})`;
          },
        },
      };
    }
  }
}

function callCell(what: string, arg: string | undefined, more: string | undefined, ctx: CellContext): CellRecords | null {
  const callerCall = `c.direction = 'inbound' AND NOT ${TRANSFER_LEG}`;
  const measure: Record<string, string> = {
    inbound: callerCall,
    answered: `${callerCall} AND c.answered_at IS NOT NULL`,
    missed: `${callerCall} AND c.outcome = 'missed'`,
    outbound: `c.direction = 'outbound'`,
    'outbound-answered': `c.direction = 'outbound' AND c.answered_at IS NOT NULL`,
    'called-back': `${callerCall} AND c.outcome = 'missed' AND c.called_back_at IS NOT NULL`,
    'not-called-back': `${callerCall} AND c.outcome = 'missed' AND c.called_back_at IS NULL`,
  };
  const base = (p: Params) => `${CALL_AT} >= ${p.add(ctx.period.start)} AND ${CALL_AT} < ${p.add(ctx.period.end)}`;
  const calls = (where: (p: Params) => string): CellRecords => ({ kind: 'calls', filter: { where: (p) => `${base(p)} AND ${where(p)}` } });
  if (arg === undefined && measure[what]) return calls(() => measure[what]);
  if (what === 'series' && arg && /^\d{4}-\d{2}-\d{2}$/.test(arg) && more && ['answered', 'missed', 'outbound'].includes(more)) {
    return calls((p) => `to_char(date_trunc('${ctx.bucket}', ${CALL_AT} AT TIME ZONE ${p.add(ctx.period.timeZone)}), 'YYYY-MM-DD') = ${p.add(arg)} AND ${measure[more]}`);
  }
  if (what === 'class' && arg && ['A', 'B', 'C', 'none'].includes(arg) && more && ['calls', 'answered', 'missed'].includes(more)) {
    const cls = (p: Params) => `c.contact_importance ${arg === 'none' ? 'IS NULL' : `= ${p.add(arg)}`}`;
    const m = { calls: 'true', answered: 'c.answered_at IS NOT NULL', missed: `c.direction = 'inbound' AND c.outcome = 'missed'` }[more];
    return calls((p) => `NOT ${TRANSFER_LEG} AND ${cls(p)} AND ${m}`);
  }
  // A rep's own figures (the per-rep table): their answered calls include transfers to them.
  const rep = ctx.rep && ctx.rep !== 'none' ? ctx.rep : null;
  if (rep && arg === undefined) {
    const own: Record<string, (p: Params) => string> = {
      'rep-answered': (p) => `c.direction = 'inbound' AND c.answered_at IS NOT NULL AND c.answered_by = ${p.add(rep)}`,
      'rep-outbound': (p) => `c.direction = 'outbound' AND c.user_id = ${p.add(rep)}`,
      'rep-outbound-answered': (p) => `c.direction = 'outbound' AND c.answered_at IS NOT NULL AND c.user_id = ${p.add(rep)}`,
      'rep-missed': (p) => {
        const r = p.add(rep);
        return `c.direction = 'inbound' AND c.outcome = 'missed' AND (c.rang_user_ids @> ARRAY[${r}]::uuid[] OR c.user_id = ${r})`;
      },
    };
    if (own[what]) return calls(own[what]);
  }
  return null;
}
