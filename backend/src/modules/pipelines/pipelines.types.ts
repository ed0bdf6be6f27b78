import type { Stage } from '@callboard/contracts';

/** A stage as stored: the public stage plus what only the backend uses. */
export interface StageRecord extends Stage {
  systemKey: string | null;
  probability: number;
}
