import type { ReportName, ReportResponses } from '@callboard/contracts';

/**
 * The figure a drill-down cell stands for, read off the report itself: the records list takes its
 * total from here instead of counting a year of rows again (the reports' int-spec walks every
 * figure's pages and checks they hold exactly this many rows). Null when the cell is not one.
 */
export function figureOfCell<N extends ReportName>(name: N, report: ReportResponses[N], cell: string): number | null {
  const r = report as ReportResponses[ReportName];
  const [what, arg, more] = cell.split(':');
  const pick = <T>(list: readonly T[], match: (x: T) => boolean, value: (x: T) => number) => {
    const x = list.find(match);
    return x ? value(x) : 0;
  };
  switch (name) {
    case 'funnel': {
      const f = r as ReportResponses['funnel'];
      const whole: Record<string, number> = { cohort: f.cohort, won: f.won.count, lost: f.lost.count, open: f.open };
      if (arg === undefined) return whole[what] ?? null;
      const stage = f.stages.find((s) => s.stageId === arg);
      if (!stage) return null;
      if (what === 'reached' && more === undefined) return stage.reached;
      if (what === 'lost-at' && more === undefined) return stage.lost;
      if (what === 'lost-at') return pick(stage.lostReasons, (x) => (x.reason ?? 'none') === more, (x) => x.count);
      return null;
    }
    case 'never-contacted': {
      const f = r as ReportResponses['never-contacted'];
      return arg !== undefined ? null : ({ unassigned: f.unassigned.count, assigned: f.assigned.count } as Record<string, number>)[what] ?? null;
    }
    case 'dormant-contacts': {
      const f = r as ReportResponses['dormant-contacts'];
      return arg !== undefined ? null : ({ dormant: f.count, never: f.neverContacted } as Record<string, number>)[what] ?? null;
    }
    case 'offer-conversion': {
      const f = r as ReportResponses['offer-conversion'];
      return arg !== undefined ? null : ({ leads: f.leads, offer: f.withOffer, order: f.withOrder } as Record<string, number>)[what] ?? null;
    }
    case 'offers': {
      const f = r as ReportResponses['offers'];
      if (what === 'all' && arg === undefined) return f.count;
      if (what === 'status' && arg !== undefined && more === undefined) return pick(f.byStatus, (x) => x.status === arg, (x) => x.count);
      return null;
    }
    case 'calls': {
      const f = r as ReportResponses['calls'];
      const whole: Record<string, number> = {
        inbound: f.inbound, answered: f.answered, missed: f.missed, outbound: f.outbound, 'outbound-answered': f.outboundAnswered,
        'called-back': f.callBack.calledBack, 'not-called-back': f.callBack.missed - f.callBack.calledBack,
      };
      if (arg === undefined && whole[what] !== undefined) return whole[what];
      if (what === 'series' && (more === 'answered' || more === 'missed' || more === 'outbound')) return pick(f.series, (x) => x.start === arg, (x) => x[more]);
      if (what === 'class' && (more === 'calls' || more === 'answered' || more === 'missed')) return pick(f.perClass, (x) => (x.importance ?? 'none') === arg, (x) => x[more]);
      return null; // a rep's own cells are counted
    }
    case 'speed-to-lead': {
      const f = r as ReportResponses['speed-to-lead'];
      const whole: Record<string, number> = { leads: f.leads, contacted: f.contacted, 'within-sla': f.withinSla, 'not-contacted': f.notContacted };
      if (arg === undefined) return whole[what] ?? null;
      if (what === 'bucket' && more === undefined) return pick(f.buckets, (x) => x.key === arg, (x) => x.count);
      return null;
    }
    case 'outcomes': {
      const f = r as ReportResponses['outcomes'];
      if (arg === undefined) return ({ won: f.won.count, lost: f.lost.count } as Record<string, number>)[what] ?? null;
      if (what === 'won-source' && more === undefined) return pick(f.wonBySource, (x) => x.source === arg, (x) => x.count);
      if (what === 'lost-reason' && more === undefined) return pick(f.lostByReason, (x) => (x.reason ?? 'none') === arg, (x) => x.count);
      return null;
    }
    case 'conversations': {
      const f = r as ReportResponses['conversations'];
      return arg !== undefined ? null : ({ calls: f.calls, 'rep-interrupted': f.callsRepInterrupted } as Record<string, number>)[what] ?? null;
    }
    case 'forecast': {
      const f = r as ReportResponses['forecast'];
      if (what === 'undated' && arg === undefined) return f.undated;
      if (what === 'month' && more !== undefined) return pick(f.months, (x) => x.month === arg && x.currency === more, (x) => x.deals);
      return null;
    }
  }
  return null;
}
