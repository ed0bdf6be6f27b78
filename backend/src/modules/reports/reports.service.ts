import { Injectable } from '@nestjs/common';
import {
  REPORT_RECORDS_PAGE,
  type CallsReport,
  type ConversationsReport,
  type DormantContactsReport,
  type ForecastReport,
  type FunnelReport,
  type NeverContactedReport,
  type OfferConversionReport,
  type OffersReport,
  type OutcomesReport,
  type ReportName,
  type ReportQuery,
  type ReportRecords,
  type ReportRecordsQuery,
  type ReportResponses,
  type SpeedBucket,
  type SpeedToLeadReport,
} from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { BusinessZone } from '../../common/clock/business-zone';
import { Clock } from '../../common/clock/clock';
import { toCsv } from '../../common/csv/csv-writer';
import { CallReportsRepository } from './call-reports.repository';
import { ConversationReportsRepository } from './conversation-reports.repository';
import { sumConversations } from './conversation-sums';
import { DealReportsRepository, type Period } from './deal-reports.repository';
import { buildFunnel } from './funnel';
import { centsToDecimal, CurrencySums } from './money-sums';
import { recordsTable, reportTable } from './report-csv';
import { figureOfCell } from './report-figures';
import { ReportRecordsRepository } from './report-records.repository';
import { type ReportScope, showsUnownedInbox } from './report-scope';
import { recordFilter, seriesBucket } from './report-cells';
import { ReportException } from './reports.exception';
import { ReportSettingsRepository } from './report-settings.repository';
import { ReportSummariesService } from './report-summaries.service';
import { binStats } from './speed-bins';
import { SummaryReportsRepository } from './summary-reports.repository';

/**
 * Where a report's figures are read: the report summaries (ADR 0028) when they are built in the
 * team's zone, else the source tables. Both give the same rows (the reports' int-spec compares them).
 */
type FigureSource = Pick<SummaryReportsRepository,
  'funnelGroups' | 'offerConversion' | 'speedBins' | 'outcomes' | 'forecast' | 'undatedOpen' | 'offers' | 'callScan' | 'missedRang' | 'callBackBins'>;

/** The most records one CSV download holds (the data export issue streams whole tables). */
export const CSV_RECORDS_LIMIT = 50_000;
const SPEED_BUCKETS: SpeedBucket[] = ['lt1m', '1to5m', '5to10m', '10to30m', '30to60m', '1to4h', '4to24h', 'gt24h'];
const seconds = (v: number | null) => (v === null ? null : Math.round(v));
const DEFAULT_DORMANT_DAYS = 30;
const iso = (v: Date | string | null) => (v instanceof Date ? v.toISOString() : v);
const byName = <T extends { userId: string | null; name: string }>(rows: T[]) =>
  rows.sort((a, b) => (a.userId === null ? 1 : b.userId === null ? -1 : a.name.localeCompare(b.name)));

/** Every report of docs/reports.md, for the actor's scope; and the records behind each figure. */
@Injectable()
export class ReportsService {
  private readonly live: FigureSource;

  constructor(
    private readonly deals: DealReportsRepository,
    private readonly calls: CallReportsRepository,
    private readonly conversationSums: ConversationReportsRepository,
    private readonly summary: SummaryReportsRepository,
    private readonly summaries: ReportSummariesService,
    private readonly records: ReportRecordsRepository,
    private readonly settings: ReportSettingsRepository,
    private readonly clock: Clock,
    private readonly zone: BusinessZone,
  ) {
    this.live = {
      funnelGroups: (...a) => deals.funnelGroups(...a),
      offerConversion: (...a) => deals.offerConversion(...a),
      speedBins: (...a) => deals.speedBins(...a),
      outcomes: (...a) => deals.outcomes(...a),
      forecast: (...a) => deals.forecast(...a),
      undatedOpen: (scope, pipelineId) => deals.undatedOpen(scope, pipelineId),
      offers: (...a) => deals.offers(...a),
      callScan: (...a) => calls.scan(...a),
      missedRang: (...a) => calls.missedRang(...a),
      callBackBins: (...a) => calls.callBackBins(...a),
    };
  }

  /** The summaries when built in the period's zone, else the source tables. */
  private async source(period: Period): Promise<FigureSource> {
    return (await this.summaries.readable(period.timeZone)) ? this.summary : this.live;
  }

  async report<N extends ReportName>(actor: Actor, name: N, q: ReportQuery): Promise<ReportResponses[N]> {
    const scope = this.scope(actor, q.rep);
    const period = await this.period(q.from, q.to);
    const head = { from: q.from, to: q.to, timeZone: period.timeZone, rep: actor.role === 'head' ? (q.rep ?? null) : actor.id };
    const pipeline = q.pipeline ?? null;
    const build: { [K in ReportName]: () => Promise<Omit<ReportResponses[K], 'from' | 'to' | 'timeZone' | 'rep'>> } = {
      funnel: () => this.funnel(scope, period, pipeline),
      'never-contacted': () => this.neverContacted(scope, period, pipeline),
      'dormant-contacts': () => this.dormant(scope, q.days ?? DEFAULT_DORMANT_DAYS),
      'offer-conversion': () => this.offerConversion(scope, period, pipeline),
      offers: () => this.offers(scope, period, pipeline),
      calls: () => this.callsReport(scope, period),
      'speed-to-lead': () => this.speedToLead(scope, period, pipeline),
      outcomes: () => this.outcomes(scope, period, pipeline),
      forecast: () => this.forecast(scope, period, pipeline),
      conversations: () => this.conversations(scope, period),
    };
    return { ...head, ...(await build[name]()) } as ReportResponses[N];
  }

  /** The report's main table as a CSV file's text. */
  async reportCsv(actor: Actor, name: ReportName, q: ReportQuery): Promise<string> {
    const t = reportTable(name, await this.report(actor, name, q));
    return toCsv(t.columns, t.rows);
  }

  /** Every record behind a figure (up to CSV_RECORDS_LIMIT) as a CSV file's text. */
  async recordsCsv(actor: Actor, name: ReportName, q: ReportRecordsQuery): Promise<string> {
    const t = recordsTable(await this.recordsOf(actor, name, { ...q, offset: 0 }, CSV_RECORDS_LIMIT, false));
    return toCsv(t.columns, t.rows);
  }

  /**
   * One page of the records behind a figure. Its total is the figure, read off the report (from the
   * summaries: no second count of a year of rows); cells the report has no figure for are counted.
   */
  async recordsOf(actor: Actor, name: ReportName, q: ReportRecordsQuery, limit = REPORT_RECORDS_PAGE, withTotal = true): Promise<ReportRecords> {
    const scope = this.scope(actor, q.rep);
    const period = await this.period(q.from, q.to);
    const context = {
      period,
      bucket: seriesBucket(q.from, q.to),
      slaSeconds: (await this.settings.speedToLeadSlaMinutes()) * 60,
      days: q.days ?? DEFAULT_DORMANT_DAYS,
      now: this.clock.now(),
      pipeline: name === 'funnel' ? await this.deals.pipeline(q.pipeline ?? null) : null,
      pipelineId: q.pipeline ?? null,
      rep: scope.rep,
      inboxShown: showsUnownedInbox(scope),
    };
    if (name === 'funnel' && !context.pipeline) throw new ReportException('PIPELINE_NOT_FOUND', 'No such pipeline');
    const cell = recordFilter(name, q.cell, context);
    if (!cell) throw new ReportException('VALIDATION_FAILED', `"${q.cell}" is not a figure of the ${name} report`, { field: 'cell' });
    const offset = q.offset ?? 0;
    const total = withTotal ? figureOfCell(name, await this.report(actor, name, q), q.cell) : 0;
    const page = { offset, limit, total };
    switch (cell.kind) {
      case 'deals':
        return { kind: 'deals', offset, ...(await this.records.deals(scope, cell.filter, page, cell.unownedOnly)) };
      case 'offers':
        return { kind: 'offers', offset, ...(await this.records.offers(scope, cell.filter, page)) };
      case 'contacts':
        return { kind: 'contacts', offset, ...(await this.records.contacts(scope, cell.filter, page)) };
      case 'calls':
        return { kind: 'calls', offset, ...(await this.records.calls(scope, cell.filter, page)) };
    }
  }

  /** A Seller's reports are their own: naming anyone else is refused, not silently narrowed. */
  private scope(actor: Actor, rep: ReportQuery['rep']): ReportScope {
    if (actor.role !== 'head' && rep !== undefined && rep !== actor.id) {
      throw new ReportException('FORBIDDEN', "A Seller's reports show only their own numbers");
    }
    return { actor, rep: actor.role === 'head' ? (rep ?? null) : actor.id };
  }

  private async period(from: string, to: string): Promise<Period> {
    const timeZone = await this.timeZone();
    return { from, to, timeZone, ...(await this.deals.bounds(from, to, timeZone)) };
  }

  /** The team's time zone (a Head setting, Admin → Team). */
  private timeZone(): Promise<string> {
    return this.zone.timeZone();
  }

  private async funnel(scope: ReportScope, period: Period, pipelineId: string | null) {
    const pipeline = await this.deals.pipeline(pipelineId);
    if (!pipeline) throw new ReportException('PIPELINE_NOT_FOUND', 'No such pipeline');
    const groups = await (await this.source(period)).funnelGroups(scope, period, pipeline.id);
    return { pipelineId: pipeline.id, pipelineName: pipeline.name, ...buildFunnel(pipeline.stages, groups) } satisfies Omit<FunnelReport, 'from' | 'to' | 'timeZone' | 'rep'>;
  }

  private async neverContacted(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<NeverContactedReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const showInbox = showsUnownedInbox(scope);
    const [inbox, owned] = await Promise.all([
      showInbox ? this.deals.neverContacted(scope, period, pipelineId, true) : Promise.resolve([]),
      scope.rep === 'none' ? Promise.resolve([]) : this.deals.neverContacted(scope, period, pipelineId, false),
    ]);
    const oldest = (rows: { oldestAt: Date | null }[]) =>
      rows.reduce<Date | null>((m, r) => (r.oldestAt && (!m || r.oldestAt < m) ? r.oldestAt : m), null);
    return {
      unassigned: { count: inbox.reduce((n, r) => n + r.count, 0), oldestAt: iso(oldest(inbox)) },
      assigned: { count: owned.reduce((n, r) => n + r.count, 0), oldestAt: iso(oldest(owned)) },
      perRep: byName(owned.map((r) => ({ userId: r.ownerId, name: r.name ?? '', count: r.count, oldestAt: iso(r.oldestAt) }))),
    };
  }

  private async dormant(scope: ReportScope, days: number): Promise<Omit<DormantContactsReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const rows = await this.calls.dormantContacts(scope, days, this.clock.now());
    return {
      days,
      count: rows.reduce((n, r) => n + r.count, 0),
      neverContacted: rows.reduce((n, r) => n + r.never, 0),
      perRep: byName(rows.map((r) => ({ userId: r.ownerId, name: r.name ?? '', count: r.count }))),
    };
  }

  private async offerConversion(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<OfferConversionReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const rows = await (await this.source(period)).offerConversion(scope, period, pipelineId);
    const sum = (k: 'leads' | 'withOffer' | 'withOrder') => rows.reduce((n, r) => n + r[k], 0);
    return {
      leads: sum('leads'),
      withOffer: sum('withOffer'),
      withOrder: sum('withOrder'),
      perRep: byName(rows.map((r) => ({ userId: r.ownerId, name: r.name ?? '', leads: r.leads, withOffer: r.withOffer, withOrder: r.withOrder }))),
    };
  }

  private async offers(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<OffersReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const rows = await (await this.source(period)).offers(scope, period, pipelineId);
    const statuses = new Map<string, { count: number; sums: CurrencySums }>();
    for (const r of rows) {
      const s = statuses.get(r.status) ?? { count: 0, sums: new CurrencySums() };
      statuses.set(r.status, s);
      s.count += r.offers;
      s.sums.add(r.currency, r.cents);
    }
    return {
      count: rows.reduce((n, r) => n + r.offers, 0),
      byStatus: [...statuses.entries()].map(([status, s]) => ({ status, count: s.count, amounts: s.sums.list() })).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status)),
    };
  }

  private async callsReport(scope: ReportScope, period: Period): Promise<Omit<CallsReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const bucket = seriesBucket(period.from, period.to);
    const source = await this.source(period);
    const [scan, rang, backs] = await Promise.all([source.callScan(scope, period, bucket), source.missedRang(scope, period), source.callBackBins(scope, period)]);
    const total = scan.find((r) => r.part === 'total');
    const back = binStats(backs);
    // per rep: who handled calls (a Seller's scan holds only theirs) and who was rung by missed ones
    const rep = scope.actor.role === 'head' ? scope.rep : scope.actor.id;
    const handled = new Map(scan.filter((r) => r.part === 'rep' && r.who !== null && (!rep || r.who === rep)).map((r) => [r.who!, r]));
    const rung = new Map(rang.map((r) => [r.who, r.missed]));
    const ids = [...new Set([...handled.keys(), ...rung.keys()])];
    const names = new Map((await this.calls.names(ids)).map((u) => [u.id, u.name]));
    const perRep = ids
      .map((id) => {
        const h = handled.get(id);
        return {
          userId: id,
          name: names.get(id) ?? '',
          answered: h?.repAnswered ?? 0,
          outbound: h?.outbound ?? 0,
          outboundAnswered: h?.outboundAnswered ?? 0,
          talkSeconds: Number(h?.talkSeconds ?? 0),
          missed: rung.get(id) ?? 0,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
    const classOrder = (v: string | null) => (v === null ? 'Z' : v);
    return {
      bucket,
      inbound: total?.inbound ?? 0,
      answered: total?.answered ?? 0,
      missed: total?.missed ?? 0,
      outbound: total?.outbound ?? 0,
      outboundAnswered: total?.outboundAnswered ?? 0,
      talkSeconds: Number(total?.talkSeconds ?? 0),
      series: scan
        .filter((r) => r.part === 'series')
        .sort((a, b) => a.start!.localeCompare(b.start!))
        .map((r) => ({ start: r.start!, answered: r.answered, missed: r.missed, outbound: r.outbound })),
      perRep,
      perClass: scan
        .filter((r) => r.part === 'class' && r.classCalls > 0)
        .sort((a, b) => classOrder(a.importance).localeCompare(classOrder(b.importance)))
        .map((r) => ({ importance: r.importance, calls: r.classCalls, answered: r.classAnswered, missed: r.classMissed })),
      callBack: { missed: back.count, calledBack: back.measured, medianSeconds: seconds(back.median), p90Seconds: seconds(back.p90) },
    };
  }

  /** Conversation figures of the analysed calls (issue 16), per rep who handled them and for the whole scope. */
  private async conversations(scope: ReportScope, period: Period): Promise<Omit<ConversationsReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const rows = await this.conversationSums.perRep(scope, period);
    // the totals count every analysed call (as its drill-down lists them); a call no rep handled has no row of its own
    return {
      ...sumConversations(rows),
      perRep: rows
        .filter((r) => r.who !== null)
        .map((r) => ({ userId: r.who, name: r.name ?? '', ...sumConversations([r]) }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.userId!.localeCompare(b.userId!)),
    };
  }

  private async speedToLead(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<SpeedToLeadReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const slaMinutes = await this.settings.speedToLeadSlaMinutes();
    const rows = await (await this.source(period)).speedBins(scope, period, pipelineId);
    const sla = slaMinutes * 60;
    const total = binStats(rows, sla);
    const reps = new Map<string, { userId: string | null; name: string; bins: typeof rows }>();
    for (const r of rows) {
      const e = reps.get(r.ownerId ?? '') ?? { userId: r.ownerId, name: r.name ?? '', bins: [] };
      reps.set(r.ownerId ?? '', e);
      e.bins.push(r);
    }
    return {
      slaMinutes,
      leads: total.count,
      contacted: total.measured,
      withinSla: total.within,
      notContacted: total.count - total.measured,
      medianSeconds: seconds(total.median),
      buckets: SPEED_BUCKETS.map((key) => ({ key, count: total.buckets[key] })),
      perRep: byName(
        [...reps.values()].map((r) => {
          const st = binStats(r.bins, sla);
          return { userId: r.userId, name: r.name, contacted: st.measured, withinSla: st.within, medianSeconds: seconds(st.median) };
        }),
      ),
    };
  }

  private async outcomes(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<OutcomesReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const rows = await (await this.source(period)).outcomes(scope, period, pipelineId);
    const won = new CurrencySums();
    const lost = new CurrencySums();
    const sources = new Map<string, { count: number; sums: CurrencySums }>();
    const reasons = new Map<string | null, { count: number; sums: CurrencySums }>();
    const reps = new Map<string, { userId: string | null; name: string; won: number; lost: number }>();
    const bump = <K>(m: Map<K, { count: number; sums: CurrencySums }>, k: K, r: (typeof rows)[number]) => {
      const e = m.get(k) ?? { count: 0, sums: new CurrencySums() };
      m.set(k, e);
      e.count += r.deals;
      e.sums.add(r.currency, r.cents);
    };
    for (const r of rows) {
      const rep = reps.get(r.ownerId ?? '') ?? { userId: r.ownerId, name: r.name ?? '', won: 0, lost: 0 };
      reps.set(r.ownerId ?? '', rep);
      if (r.status === 'won') (won.add(r.currency, r.cents), bump(sources, r.source, r), (rep.won += r.deals));
      else (lost.add(r.currency, r.cents), bump(reasons, r.lostReason, r), (rep.lost += r.deals));
    }
    const count = (status: string) => rows.filter((r) => r.status === status).reduce((n, r) => n + r.deals, 0);
    return {
      won: { count: count('won'), amounts: won.list() },
      lost: { count: count('lost'), amounts: lost.list() },
      wonBySource: [...sources.entries()].map(([source, e]) => ({ source, count: e.count, amounts: e.sums.list() })).sort((a, b) => b.count - a.count),
      lostByReason: [...reasons.entries()].map(([reason, e]) => ({ reason, count: e.count, amounts: e.sums.list() })).sort((a, b) => b.count - a.count),
      perRep: byName([...reps.values()]),
    };
  }

  private async forecast(scope: ReportScope, period: Period, pipelineId: string | null): Promise<Omit<ForecastReport, 'from' | 'to' | 'timeZone' | 'rep'>> {
    const source = await this.source(period);
    const [rows, undated] = await Promise.all([source.forecast(scope, period, pipelineId), source.undatedOpen(scope, pipelineId, period.timeZone)]);
    const months = new Map<string, { month: string; currency: string; deals: number; open: bigint; weighted: bigint }>();
    const reps = new Map<string, { userId: string | null; name: string; currency: string; deals: number; open: bigint; weighted: bigint }>();
    for (const r of rows) {
      const m = months.get(`${r.month}|${r.currency}`) ?? { month: r.month, currency: r.currency, deals: 0, open: 0n, weighted: 0n };
      months.set(`${r.month}|${r.currency}`, m);
      const p = reps.get(`${r.ownerId}|${r.currency}`) ?? { userId: r.ownerId, name: r.name ?? '', currency: r.currency, deals: 0, open: 0n, weighted: 0n };
      reps.set(`${r.ownerId}|${r.currency}`, p);
      for (const e of [m, p]) (e.deals += r.deals), (e.open += BigInt(r.cents)), (e.weighted += BigInt(r.weightedCents));
    }
    return {
      months: [...months.values()]
        .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency))
        .map((m) => ({ month: m.month, currency: m.currency, deals: m.deals, open: centsToDecimal(m.open), weighted: centsToDecimal(m.weighted) })),
      perRep: byName([...reps.values()].map((r) => ({ userId: r.userId, name: r.name, currency: r.currency, deals: r.deals, open: centsToDecimal(r.open), weighted: centsToDecimal(r.weighted) }))),
      undated,
    };
  }
}
