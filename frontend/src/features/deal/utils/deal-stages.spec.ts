import type { Pipeline, Stage } from '@callboard/contracts';
import { openStagesOf, wonStageOf } from './deal-stages';

const stage = (name: string, group: Stage['group'], order: number): Stage => ({ id: name, pipelineId: 'p', name, group, order, limitHours: null });
const pipeline = {
  id: 'p',
  name: 'Sales',
  stages: [stage('Won', 'won', 4), stage('New', 'active', 1), stage('Unsorted', 'inbox', 0), stage('Lost', 'lost', 5), stage('Offer', 'active', 2), stage('Won big', 'won', 3)],
} as unknown as Pipeline;

describe('deal stages', () => {
  it('should list the open stages in order when the pipeline mixes them with won and lost ones', () => {
    expect(openStagesOf(pipeline).map((s) => s.name)).toEqual(['Unsorted', 'New', 'Offer']);
  });

  it('should pick the first won stage by order when there are several', () => {
    expect(wonStageOf(pipeline)?.name).toBe('Won big');
  });

  it('should give nothing when the pipeline is not loaded yet', () => {
    expect(openStagesOf(undefined)).toEqual([]);
    expect(wonStageOf(undefined)).toBeUndefined();
  });
});
