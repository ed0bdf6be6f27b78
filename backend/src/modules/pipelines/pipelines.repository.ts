import { Injectable } from '@nestjs/common';
import type { Pipeline, Stage, StageGroup } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';

import type { StageRecord } from './pipelines.types';

export type { StageRecord };

const STAGE_COLUMNS = `id, pipeline_id AS "pipelineId", name, "group", sort_order AS "order",
  limit_hours AS "limitHours", probability, system_key AS "systemKey"`;

@Injectable()
export class PipelinesRepository {
  constructor(private readonly tx: Transactions) {}

  async list(): Promise<Pipeline[]> {
    const db = this.tx.db();
    const pipelines = await db.rows<{ id: string; name: string; isDefault: boolean }>(
      `SELECT id, name, is_default AS "isDefault" FROM pipelines ORDER BY is_default DESC, created_at, id`,
    );
    const stages = await db.rows<StageRecord>(`SELECT ${STAGE_COLUMNS} FROM stages ORDER BY sort_order, id`);
    return pipelines.map((p) => ({ ...p, stages: stages.filter((s) => s.pipelineId === p.id).map(publicStage) }));
  }

  findPipeline(id: string, tx?: Tx): Promise<{ id: string; name: string } | null> {
    return this.tx.db(tx).one(`SELECT id, name FROM pipelines WHERE id = $1`, [id]);
  }

  defaultPipelineId(tx?: Tx): Promise<string | null> {
    return this.tx
      .db(tx)
      .one<{ id: string }>(`SELECT id FROM pipelines ORDER BY is_default DESC, created_at LIMIT 1`)
      .then((r) => r?.id ?? null);
  }

  findStage(id: string, tx?: Tx): Promise<StageRecord | null> {
    return this.tx.db(tx).one(`SELECT ${STAGE_COLUMNS} FROM stages WHERE id = $1`, [id]);
  }

  stagesOf(pipelineId: string, tx?: Tx): Promise<StageRecord[]> {
    return this.tx
      .db(tx)
      .rows(`SELECT ${STAGE_COLUMNS} FROM stages WHERE pipeline_id = $1 ORDER BY sort_order, id`, [pipelineId]);
  }

  /** Locks the pipeline's stage list for a structural change (add, reorder, delete). */
  async lockPipeline(pipelineId: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`SELECT id FROM pipelines WHERE id = $1 FOR UPDATE`, [pipelineId]);
  }

  async createPipeline(name: string, isDefault: boolean, tx?: Tx): Promise<string> {
    const row = await this.tx
      .db(tx)
      .one<{ id: string }>(`INSERT INTO pipelines (name, is_default) VALUES ($1, $2) RETURNING id`, [name, isDefault]);
    return row!.id;
  }

  async insertStage(
    input: {
      pipelineId: string;
      name: string;
      group: StageGroup;
      order: number;
      limitHours: number | null;
      probability?: number;
      systemKey?: string | null;
    },
    tx?: Tx,
  ): Promise<StageRecord> {
    const row = await this.tx.db(tx).one<StageRecord>(
      `INSERT INTO stages (pipeline_id, name, "group", sort_order, limit_hours, probability, system_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${STAGE_COLUMNS}`,
      [
        input.pipelineId,
        input.name,
        input.group,
        input.order,
        input.limitHours,
        input.probability ?? 0,
        input.systemKey ?? null,
      ],
    );
    return row!;
  }

  async updateStage(
    id: string,
    patch: { name?: string; group?: StageGroup; limitHours?: number | null; probability?: number },
    tx?: Tx,
  ): Promise<StageRecord | null> {
    return this.tx.db(tx).one(
      `UPDATE stages SET
         name = COALESCE($2, name),
         "group" = COALESCE($3, "group"),
         limit_hours = CASE WHEN $4::boolean THEN $5::int ELSE limit_hours END,
         probability = COALESCE($6::int, probability)
       WHERE id = $1 RETURNING ${STAGE_COLUMNS}`,
      [id, patch.name ?? null, patch.group ?? null, patch.limitHours !== undefined, patch.limitHours ?? null, patch.probability ?? null],
    );
  }

  async setOrder(stageIds: string[], tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE stages SET sort_order = o.ord - 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE stages.id = o.id`,
      [stageIds],
    );
  }

  async countDeals(stageId: string, tx?: Tx): Promise<number> {
    const row = await this.tx
      .db(tx)
      .one<{ n: string }>(`SELECT count(*) AS n FROM deals WHERE stage_id = $1`, [stageId]);
    return Number(row?.n ?? 0);
  }

  /** Moves every deal (deleted ones too) of one stage into another, keeping their order. */
  async moveAllDeals(fromStageId: string, to: StageRecord, tx: Tx): Promise<number> {
    const rows = await this.tx.db(tx).rows(
      `WITH base AS (SELECT COALESCE(max(position), 0) AS p FROM deals WHERE stage_id = $2 AND deleted_at IS NULL)
       UPDATE deals SET stage_id = $2, position = base.p + 1024 + deals.position - (SELECT min(position) FROM deals WHERE stage_id = $1),
         stage_entered_at = now(), updated_at = now(),
         status = CASE $3 WHEN 'won' THEN 'won' WHEN 'lost' THEN 'lost' ELSE 'open' END
       FROM base WHERE deals.stage_id = $1 RETURNING deals.id`,
      [fromStageId, to.id, to.group],
    );
    return rows.length;
  }

  async deleteStage(id: string, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`DELETE FROM stages WHERE id = $1`, [id]);
  }
}

export function publicStage(s: StageRecord): Stage {
  return {
    id: s.id,
    pipelineId: s.pipelineId,
    name: s.name,
    group: s.group,
    order: s.order,
    limitHours: s.limitHours,
    probability: s.probability,
    systemKey: s.systemKey,
  };
}
