import type { CurrencyAmount, ReportName, ReportRecords, ReportResponses } from '@callboard/contracts';
import type { CsvColumn } from '../../common/csv/csv-writer';

/** A report's main table as CSV columns and rows: what its chart and tables show, one row each. */
export interface CsvTable {
  columns: CsvColumn[];
  rows: object[];
}

const money = (amounts: CurrencyAmount[]) => amounts.map((a) => `${a.amount} ${a.currency}`).join('; ');
const col = (key: string, header: string): CsvColumn => ({ key, header });
const TEAM = 'Team';
const repName = (r: { userId: string | null; name: string }) => (r.userId === null ? 'Unassigned' : r.name);

/** The report as one flat table (docs/reports.md: the CSV of each report). */
export function reportTable<N extends ReportName>(name: N, report: ReportResponses[N]): CsvTable {
  const r = report as any;
  switch (name as ReportName) {
    case 'funnel':
      return {
        columns: [col('stage', 'Stage'), col('reached', 'Reached'), col('amount', 'Amount'), col('conversion', 'Conversion to next stage'), col('lost', 'Lost here'), col('reasons', 'Lost reasons')],
        rows: r.stages.map((s: any) => ({
          stage: s.name,
          reached: s.reached,
          amount: money(s.amounts),
          conversion: s.conversionToNext === null ? null : s.conversionToNext.toFixed(4),
          lost: s.lost,
          reasons: s.lostReasons.map((x: any) => `${x.reason ?? 'none'}: ${x.count}`).join('; '),
        })),
      };
    case 'never-contacted':
      return {
        columns: [col('rep', 'Rep'), col('count', 'Never contacted'), col('oldestAt', 'Oldest lead since')],
        rows: [{ rep: 'Unassigned (Unsorted)', ...r.unassigned }, ...r.perRep.map((x: any) => ({ rep: repName(x), count: x.count, oldestAt: x.oldestAt }))],
      };
    case 'dormant-contacts':
      return {
        columns: [col('rep', 'Owner'), col('count', `Class A not contacted in ${r.days} days`)],
        rows: [...r.perRep.map((x: any) => ({ rep: repName(x), count: x.count })), { rep: TEAM, count: r.count }],
      };
    case 'offer-conversion':
      return {
        columns: [col('rep', 'Rep'), col('leads', 'Leads'), col('withOffer', 'With an offer'), col('withOrder', 'With an order')],
        rows: [...r.perRep.map((x: any) => ({ ...x, rep: repName(x) })), { rep: TEAM, leads: r.leads, withOffer: r.withOffer, withOrder: r.withOrder }],
      };
    case 'offers':
      return {
        columns: [col('status', 'Status'), col('count', 'Offers'), col('amount', 'Total')],
        rows: r.byStatus.map((s: any) => ({ status: s.status, count: s.count, amount: money(s.amounts) })),
      };
    case 'calls':
      return {
        columns: [col('start', r.bucket === 'day' ? 'Day' : 'Week from'), col('answered', 'Answered'), col('missed', 'Missed'), col('outbound', 'Outbound')],
        rows: r.series,
      };
    case 'speed-to-lead':
      return {
        columns: [col('rep', 'Rep'), col('contacted', 'Leads contacted'), col('withinSla', `Within ${r.slaMinutes} minutes`), col('medianSeconds', 'Median seconds to first contact')],
        rows: [...r.perRep.map((x: any) => ({ ...x, rep: repName(x) })), { rep: TEAM, contacted: r.contacted, withinSla: r.withinSla, medianSeconds: r.medianSeconds }],
      };
    case 'outcomes':
      return {
        columns: [col('outcome', 'Outcome'), col('why', 'Source or reason'), col('count', 'Deals'), col('amount', 'Amount')],
        rows: [
          ...r.wonBySource.map((x: any) => ({ outcome: 'won', why: x.source, count: x.count, amount: money(x.amounts) })),
          ...r.lostByReason.map((x: any) => ({ outcome: 'lost', why: x.reason ?? 'none', count: x.count, amount: money(x.amounts) })),
        ],
      };
    case 'conversations': {
      const share = (v: number | null) => (v === null ? null : v.toFixed(4));
      const row = (x: any) => ({
        calls: x.calls, analysedSec: x.analysedSec, repTalkSec: x.repTalkSec, callerTalkSec: x.callerTalkSec, repTalkShare: share(x.repTalkShare),
        silenceShare: share(x.silenceShare), longestMonologueSec: x.longestMonologueSec, avgLongestMonologueSec: x.avgLongestMonologueSec,
        repInterruptions: x.repInterruptions, callerInterruptions: x.callerInterruptions,
      });
      return {
        columns: [
          col('rep', 'Rep'), col('calls', 'Calls analysed'), col('analysedSec', 'Seconds analysed'), col('repTalkSec', 'Rep talking (s)'),
          col('callerTalkSec', 'Caller talking (s)'), col('repTalkShare', 'Rep talk share'), col('silenceShare', 'Silence share'),
          col('longestMonologueSec', 'Longest monologue (s)'), col('avgLongestMonologueSec', 'Longest monologue per call, average (s)'),
          col('repInterruptions', 'Rep interrupted'), col('callerInterruptions', 'Caller interrupted'),
        ],
        rows: [...r.perRep.map((x: any) => ({ rep: repName(x), ...row(x) })), { rep: TEAM, ...row(r) }],
      };
    }
    case 'forecast':
      return {
        columns: [col('month', 'Expected close month'), col('currency', 'Currency'), col('deals', 'Open deals'), col('open', 'Open amount'), col('weighted', 'Weighted amount')],
        rows: r.months,
      };
  }
}

/** The records behind a figure as a table: every column of the drill-down. */
export function recordsTable(records: ReportRecords): CsvTable {
  const keys: Record<ReportRecords['kind'], string[]> = {
    deals: ['id', 'title', 'amount', 'currency', 'stageName', 'status', 'ownerName', 'contactName', 'createdAt', 'at'],
    contacts: ['id', 'name', 'company', 'importance', 'ownerName', 'lastContactAt'],
    calls: ['id', 'at', 'direction', 'outcome', 'number', 'contactName', 'dealTitle', 'repName', 'durationSec', 'calledBackAt'],
    offers: ['id', 'number', 'version', 'status', 'total', 'currency', 'dealTitle', 'ownerName', 'createdAt'],
  };
  return { columns: keys[records.kind].map((k) => col(k, k)), rows: records.rows };
}
