import type { Deal } from '@callboard/contracts';

/** A deal with what decides who may see it. */
export interface DealRow extends Deal {
  stageGroup: string;
}

/** The deal as the API and sockets show it. */
export function toDeal(row: DealRow): Deal {
  const { stageGroup: _omit, ...deal } = row;
  return deal;
}
