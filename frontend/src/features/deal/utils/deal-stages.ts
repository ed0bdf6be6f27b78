import type { Pipeline, Stage } from '@callboard/contracts';

/** The steps a deal walks: every stage that is neither won nor lost, in the pipeline's order. */
export function openStagesOf(pipeline: Pipeline | undefined): Stage[] {
  return [...(pipeline?.stages ?? [])].filter((s) => s.group !== 'won' && s.group !== 'lost').sort((a, b) => a.order - b.order);
}

/** Where "Won" moves a deal: the pipeline's first won stage. */
export function wonStageOf(pipeline: Pipeline | undefined): Stage | undefined {
  return [...(pipeline?.stages ?? [])].filter((s) => s.group === 'won').sort((a, b) => a.order - b.order)[0];
}
