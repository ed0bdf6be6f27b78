import type { FunnelReport } from '@callboard/contracts';
import { CurrencySums } from './money-sums';

/** A pipeline stage as the funnel needs it. */
export interface FunnelStageDef {
  id: string;
  name: string;
  group: string;
  sortOrder: number;
}

/**
 * One group of the cohort's deals that count alike: same owner, furthest stage (by its order),
 * status, currency and, for lost deals, the stage they were lost from and why.
 */
export interface FunnelGroup {
  ownerId: string | null;
  ownerName: string | null;
  furthestOrder: number | null;
  status: 'open' | 'won' | 'lost';
  currency: string;
  lostFromStageId: string | null;
  lostReason: string | null;
  deals: number;
  cents: string;
}

/** The stages a deal walks through; won and lost are where it ends, not steps. */
export function funnelSteps(stages: FunnelStageDef[]): FunnelStageDef[] {
  return stages.filter((s) => s.group === 'inbox' || s.group === 'marketing' || s.group === 'active').sort((a, b) => a.sortOrder - b.sortOrder);
}

/**
 * Whether a deal reached a step: it got as far as that step or further, or it was won (a won deal
 * went through the whole process, even where it skipped a column). docs/reports.md.
 */
export function reachedStep(g: Pick<FunnelGroup, 'status' | 'furthestOrder'>, step: Pick<FunnelStageDef, 'sortOrder'>): boolean {
  return g.status === 'won' || (g.furthestOrder !== null && g.furthestOrder >= step.sortOrder);
}

type FunnelFigures = Omit<FunnelReport, 'from' | 'to' | 'timeZone' | 'rep' | 'pipelineId' | 'pipelineName'>;

/** The funnel of a cohort from its groups: reached, amount, conversion to the next step, losses per step. */
export function buildFunnel(stages: FunnelStageDef[], groups: FunnelGroup[]): FunnelFigures {
  const steps = funnelSteps(stages);
  const won = new CurrencySums();
  const lost = new CurrencySums();
  let wonCount = 0;
  let lostCount = 0;
  let open = 0;
  let cohort = 0;
  const perStep = steps.map(() => ({ reached: 0, sums: new CurrencySums(), lost: 0, reasons: new Map<string | null, number>() }));
  const reps = new Map<string, { userId: string | null; name: string; cohort: number; reached: number[]; won: number; lost: number }>();
  for (const g of groups) {
    cohort += g.deals;
    if (g.status === 'won') (wonCount += g.deals), won.add(g.currency, g.cents);
    else if (g.status === 'lost') (lostCount += g.deals), lost.add(g.currency, g.cents);
    else open += g.deals;
    const key = g.ownerId ?? '';
    const rep = reps.get(key) ?? { userId: g.ownerId, name: g.ownerName ?? '', cohort: 0, reached: steps.map(() => 0), won: 0, lost: 0 };
    reps.set(key, rep);
    rep.cohort += g.deals;
    if (g.status === 'won') rep.won += g.deals;
    if (g.status === 'lost') rep.lost += g.deals;
    steps.forEach((step, i) => {
      if (reachedStep(g, step)) {
        perStep[i].reached += g.deals;
        perStep[i].sums.add(g.currency, g.cents);
        rep.reached[i] += g.deals;
      }
      if (g.status === 'lost' && g.lostFromStageId === step.id) {
        perStep[i].lost += g.deals;
        perStep[i].reasons.set(g.lostReason, (perStep[i].reasons.get(g.lostReason) ?? 0) + g.deals);
      }
    });
  }
  return {
    cohort,
    open,
    won: { count: wonCount, amounts: won.list() },
    lost: { count: lostCount, amounts: lost.list() },
    stages: steps.map((step, i) => {
      const here = perStep[i];
      const next = perStep[i + 1];
      return {
        stageId: step.id,
        name: step.name,
        group: step.group,
        reached: here.reached,
        amounts: here.sums.list(),
        conversionToNext: next && here.reached > 0 ? next.reached / here.reached : null,
        lost: here.lost,
        lostReasons: [...here.reasons.entries()]
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || String(a.reason).localeCompare(String(b.reason))),
      };
    }),
    perRep: [...reps.values()].sort((a, b) => (a.userId === null ? 1 : b.userId === null ? -1 : a.name.localeCompare(b.name))),
  };
}
