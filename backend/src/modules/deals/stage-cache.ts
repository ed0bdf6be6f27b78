import type { StageGroup } from '@callboard/contracts';
import type { Tx } from '../../common/database/transactions';
import type { Cluster } from '../../common/cluster/cluster';
import type { StageRecord } from '../pipelines/pipelines.types';
import type { PipelinesService } from '../pipelines/pipelines.service';

// A pipeline edit on another node whose hint was lost (Redis away) reaches this one at the latest after this long.
const TTL_MS = 30_000;

/**
 * The stages of each pipeline, for the system's change path (names on the timeline, the group
 * that gives a moved deal its status). Dropped on `pipeline.changed` raised on any node, and
 * after TTL_MS in any case. Loads go through the caller's transaction: nothing holding
 * a transaction waits for a second pool connection.
 */
export class StageCache {
  private readonly pipelinesById = new Map<string, { at: number; stages: StageRecord[] }>();
  private readonly byId = new Map<string, StageRecord>();
  private defaultPipeline: { at: number; id: string } | null = null;

  constructor(
    private readonly pipelines: PipelinesService,
    cluster: Cluster,
  ) {
    cluster.onAnyNode('pipeline.changed', () => this.drop());
  }

  drop(): void {
    this.pipelinesById.clear();
    this.byId.clear();
    this.defaultPipeline = null;
  }

  /** PipelinesService.defaultPipelineId, kept like the stages (a call's new deal asks on every call). */
  async defaultPipelineId(tx: Tx): Promise<string> {
    if (this.defaultPipeline && Date.now() - this.defaultPipeline.at < TTL_MS) return this.defaultPipeline.id;
    const id = await this.pipelines.defaultPipelineId(tx);
    this.defaultPipeline = { at: Date.now(), id };
    return id;
  }

  /** The stage; STAGE_NOT_FOUND (as PipelinesService.getStage) when there is none. */
  async stage(id: string, tx: Tx): Promise<StageRecord> {
    const known = this.byId.get(id);
    if (known && this.fresh(known.pipelineId)) return known;
    const pipelineId = known?.pipelineId ?? (await this.pipelines.getStage(id, tx)).pipelineId;
    await this.stagesOf(pipelineId, tx);
    return this.byId.get(id) ?? this.pipelines.getStage(id, tx);
  }

  async name(id: string, tx: Tx): Promise<string | null> {
    return (await this.stage(id, tx).catch(() => null))?.name ?? null;
  }

  /** PipelinesService.systemStage's choice: the stage with the key, else the group's first, else the first. */
  async systemStage(pipelineId: string, key: string, fallbackGroup: StageGroup, tx: Tx): Promise<StageRecord> {
    const stages = await this.stagesOf(pipelineId, tx);
    return stages.find((s) => s.systemKey === key) ?? stages.find((s) => s.group === fallbackGroup) ?? stages[0] ?? this.pipelines.systemStage(pipelineId, key, fallbackGroup, tx);
  }

  private fresh(pipelineId: string): boolean {
    const p = this.pipelinesById.get(pipelineId);
    return !!p && Date.now() - p.at < TTL_MS;
  }

  private async stagesOf(pipelineId: string, tx: Tx): Promise<StageRecord[]> {
    const cached = this.pipelinesById.get(pipelineId);
    if (cached && this.fresh(pipelineId)) return cached.stages;
    const stages = await this.pipelines.stagesOf(pipelineId, tx);
    for (const [id, s] of this.byId) if (s.pipelineId === pipelineId) this.byId.delete(id);
    for (const s of stages) this.byId.set(s.id, s);
    this.pipelinesById.set(pipelineId, { at: Date.now(), stages });
    return stages;
  }
}
