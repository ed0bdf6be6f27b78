import { Injectable } from '@nestjs/common';
import { Transactions, type Tx } from '../../common/database/transactions';

export interface SystemRule {
  id: string;
  key: string;
  name: string;
  actions: Record<string, unknown>[];
}

/**
 * The rows a new install starts with (the default pipeline, its system stages, the system rules).
 * Every rename is compare-and-set on the text read: one a Head saved in between is kept.
 */
@Injectable()
export class InstallDefaultsRepository {
  constructor(private readonly tx: Transactions) {}

  async anyUser(tx: Tx): Promise<boolean> {
    return !!(await this.tx.db(tx).one(`SELECT 1 FROM users LIMIT 1`));
  }

  defaultPipeline(tx: Tx): Promise<{ id: string; name: string } | null> {
    return this.tx.db(tx).one(`SELECT id, name FROM pipelines WHERE is_default`);
  }

  systemStages(pipelineId: string, tx: Tx): Promise<{ id: string; key: string; name: string }[]> {
    return this.tx
      .db(tx)
      .rows(`SELECT id, system_key AS key, name FROM stages WHERE pipeline_id = $1 AND system_key IS NOT NULL ORDER BY sort_order`, [pipelineId]);
  }

  systemRules(tx: Tx): Promise<SystemRule[]> {
    return this.tx.db(tx).rows(`SELECT id, system_key AS key, name, actions FROM automation_rules WHERE system_key IS NOT NULL ORDER BY position`);
  }

  async renamePipeline(id: string, from: string, to: string, tx: Tx): Promise<boolean> {
    return !!(await this.tx.db(tx).one(`UPDATE pipelines SET name = $3 WHERE id = $1 AND name = $2 RETURNING id`, [id, from, to]));
  }

  async renameStage(id: string, from: string, to: string, tx: Tx): Promise<boolean> {
    return !!(await this.tx.db(tx).one(`UPDATE stages SET name = $3 WHERE id = $1 AND name = $2 RETURNING id`, [id, from, to]));
  }

  async rewordRule(rule: SystemRule, to: { name: string; actions: Record<string, unknown>[] }, tx: Tx): Promise<boolean> {
    return !!(await this.tx.db(tx).one(
      `UPDATE automation_rules SET name = $4, actions = $5::jsonb, updated_at = now()
       WHERE id = $1 AND name = $2 AND actions = $3::jsonb RETURNING id`,
      [rule.id, rule.name, JSON.stringify(rule.actions), to.name, JSON.stringify(to.actions)],
    ));
  }
}
