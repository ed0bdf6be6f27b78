import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The default Sales pipeline of the spec; every install starts with it. */
export const DEFAULT_STAGES: {
  key: string;
  name: string;
  group: string;
  probability: number;
  limitHours: number | null;
}[] = [
  { key: 'unsorted', name: 'Unsorted', group: 'inbox', probability: 5, limitHours: null },
  { key: 'new', name: 'New', group: 'active', probability: 10, limitHours: 48 },
  { key: 'no_answer', name: 'No answer', group: 'active', probability: 10, limitHours: 72 },
  { key: 'initial_contact', name: 'Initial contact', group: 'active', probability: 20, limitHours: 168 },
  { key: 'in_progress', name: 'In progress', group: 'active', probability: 40, limitHours: 336 },
  { key: 'serious_prospect', name: 'Serious prospect', group: 'active', probability: 70, limitHours: 336 },
  { key: 'won', name: 'Won', group: 'won', probability: 100, limitHours: null },
  { key: 'lost', name: 'Lost', group: 'lost', probability: 0, limitHours: null },
  { key: 'forgotten', name: 'Forgotten', group: 'lost', probability: 0, limitHours: null },
];

export class DefaultPipeline1732300000001 implements MigrationInterface {
  name = 'DefaultPipeline1732300000001';

  async up(q: QueryRunner): Promise<void> {
    const existing = await q.query(`SELECT id FROM pipelines LIMIT 1`);
    if (existing.length) return;
    const [{ id }] = await q.query(`INSERT INTO pipelines (name, is_default) VALUES ('Sales', true) RETURNING id`);
    for (const [order, s] of DEFAULT_STAGES.entries()) {
      await q.query(
        `INSERT INTO stages (pipeline_id, name, "group", sort_order, probability, limit_hours, system_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, s.name, s.group, order, s.probability, s.limitHours, s.key],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM pipelines WHERE name = 'Sales' AND is_default`);
  }
}
