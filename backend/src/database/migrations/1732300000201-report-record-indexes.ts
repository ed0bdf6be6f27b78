import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The drill-downs' pages read in index order instead of sorting a year of rows (issue 14,
 * docs/performance.md): offers newest first, dormant class-A contacts never-contacted first; and
 * a Seller's dormant contacts counted from an index alone.
 */
export class ReportRecordIndexes1732300000201 implements MigrationInterface {
  name = 'ReportRecordIndexes1732300000201';
  transaction = true;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX offers_created_idx ON offers (created_at)`);
    await q.query(`CREATE INDEX contacts_report_dormant_idx ON contacts (last_contact_at NULLS FIRST, name, id) WHERE importance = 'A'`);
    // A Seller's dormant contacts: their scope looks each contact's deals up by id, so the owner's
    // index carries it (an index-only count instead of 2,449 heap pages, 516 ms cold).
    await q.query(`CREATE INDEX contacts_report_class_a_owner_idx ON contacts (owner_id, last_contact_at) INCLUDE (id) WHERE importance = 'A'`);
    await q.query(`DROP INDEX IF EXISTS contacts_report_class_a_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS contacts_report_class_a_idx ON contacts (owner_id, last_contact_at) WHERE importance = 'A'`);
    await q.query(`DROP INDEX IF EXISTS contacts_report_class_a_owner_idx`);
    await q.query(`DROP INDEX IF EXISTS contacts_report_dormant_idx`);
    await q.query(`DROP INDEX IF EXISTS offers_created_idx`);
  }
}
