import { Injectable, Logger } from '@nestjs/common';
import type {
  CreateStageRequest,
  DeleteStageRequest,
  Pipeline,
  ReorderStagesRequest,
  Stage,
  UpdateStageRequest,
} from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PipelineException } from './pipelines.exception';
import { PipelinesRepository, publicStage, type StageRecord } from './pipelines.repository';

/** The stage telephony drops new inbound deals into; it cannot be deleted. */
export const UNSORTED_KEY = 'unsorted';

@Injectable()
export class PipelinesService {
  private readonly logger = new Logger(PipelinesService.name);

  constructor(
    private readonly repo: PipelinesRepository,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
  ) {}

  list(): Promise<Pipeline[]> {
    return this.repo.list();
  }

  async getStage(stageId: string, tx?: Tx): Promise<StageRecord> {
    const stage = await this.repo.findStage(stageId, tx);
    if (!stage) throw new PipelineException('STAGE_NOT_FOUND', 'No such stage');
    return stage;
  }

  async stagesOf(pipelineId: string, tx?: Tx): Promise<StageRecord[]> {
    if (!(await this.repo.findPipeline(pipelineId, tx))) {
      throw new PipelineException('PIPELINE_NOT_FOUND', 'No such pipeline');
    }
    return this.repo.stagesOf(pipelineId, tx);
  }

  async defaultPipelineId(tx?: Tx): Promise<string> {
    const id = await this.repo.defaultPipelineId(tx);
    if (!id) throw new PipelineException('PIPELINE_NOT_FOUND', 'No pipeline is set up');
    return id;
  }

  /** The stage with a system key (unsorted, new, ...) in a pipeline, or its first of a group. */
  async systemStage(pipelineId: string, key: string, fallbackGroup: Stage['group'], tx?: Tx): Promise<StageRecord> {
    const stages = await this.repo.stagesOf(pipelineId, tx);
    const stage = stages.find((s) => s.systemKey === key) ?? stages.find((s) => s.group === fallbackGroup) ?? stages[0];
    if (!stage) throw new PipelineException('STAGE_NOT_FOUND', 'The pipeline has no stages');
    return stage;
  }

  async createStage(actor: Actor, pipelineId: string, input: CreateStageRequest): Promise<Stage> {
    const stage = await this.tx.run(async (tx) => {
      await this.repo.lockPipeline(pipelineId, tx);
      const stages = await this.stagesOf(pipelineId, tx);
      const at = Math.min(input.order ?? stages.length, stages.length);
      const created = await this.repo.insertStage(
        { pipelineId, name: input.name, group: input.group, order: at, limitHours: input.limitHours ?? null, probability: input.probability },
        tx,
      );
      const ids = stages.map((s) => s.id);
      ids.splice(at, 0, created.id);
      await this.repo.setOrder(ids, tx);
      return { ...created, order: at };
    });
    this.logger.log(`stage ${stage.id} created in pipeline ${pipelineId} by ${actor.id}`);
    this.events.emit('pipeline.changed', { pipelineId });
    return publicStage(stage);
  }

  async updateStage(actor: Actor, stageId: string, input: UpdateStageRequest): Promise<Stage> {
    const updated = await this.repo.updateStage(stageId, input);
    if (!updated) throw new PipelineException('STAGE_NOT_FOUND', 'No such stage');
    this.logger.log(`stage ${stageId} updated by ${actor.id}`);
    this.events.emit('pipeline.changed', { pipelineId: updated.pipelineId });
    return publicStage(updated);
  }

  async reorder(actor: Actor, pipelineId: string, input: ReorderStagesRequest): Promise<Pipeline> {
    await this.tx.run(async (tx) => {
      await this.repo.lockPipeline(pipelineId, tx);
      const stages = await this.stagesOf(pipelineId, tx);
      const given = new Set(input.stageIds);
      if (given.size !== input.stageIds.length || given.size !== stages.length || stages.some((s) => !given.has(s.id))) {
        throw new PipelineException(
          'STAGE_NOT_IN_PIPELINE',
          'Give every stage of this pipeline exactly once, and no other stage',
        );
      }
      await this.repo.setOrder(input.stageIds, tx);
    });
    this.logger.log(`stages of pipeline ${pipelineId} reordered by ${actor.id}`);
    this.events.emit('pipeline.changed', { pipelineId });
    return (await this.list()).find((p) => p.id === pipelineId)!;
  }

  async deleteStage(actor: Actor, stageId: string, input: DeleteStageRequest): Promise<void> {
    const { pipelineId, moved } = await this.tx.run(async (tx) => {
      const stage = await this.getStage(stageId, tx);
      await this.repo.lockPipeline(stage.pipelineId, tx);
      if (stage.systemKey === UNSORTED_KEY) {
        throw new PipelineException('STAGE_IN_USE', 'Unsorted receives inbound calls and cannot be deleted');
      }
      const stages = await this.repo.stagesOf(stage.pipelineId, tx);
      if (stages.length <= 1) throw new PipelineException('LAST_STAGE', 'A pipeline keeps at least one stage');
      let moved = 0;
      if ((await this.repo.countDeals(stageId, tx)) > 0) {
        if (!input.moveToStageId) {
          throw new PipelineException('STAGE_IN_USE', 'This stage holds deals: choose a stage to move them to');
        }
        const target = stages.find((s) => s.id === input.moveToStageId);
        if (!target || target.id === stageId) {
          throw new PipelineException('STAGE_NOT_IN_PIPELINE', 'Move the deals to another stage of the same pipeline');
        }
        moved = await this.repo.moveAllDeals(stageId, target, tx);
      }
      await this.repo.deleteStage(stageId, tx);
      await this.repo.setOrder(stages.filter((s) => s.id !== stageId).map((s) => s.id), tx);
      return { pipelineId: stage.pipelineId, moved };
    });
    this.logger.log(`stage ${stageId} deleted by ${actor.id}; ${moved} deals moved out`);
    this.events.emit('pipeline.changed', { pipelineId });
  }
}
