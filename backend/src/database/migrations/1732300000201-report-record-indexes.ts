import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The drill-downs' pages read in index order instead of sorting a year of rows (issue 14,
 * docs/performance.md): offers newest first, dormant class-A contacts never-contacted first.
 */
export class ReportRecordIndexes1732300000201 implements MigrationInterface {
  name = 'ReportRecordIndexes1732300000201';
  transaction = true;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(`CREATE INDEX offers_created_idx ON offers (created_at)`);
    await q.query(`CREATE INDEX contacts_report_dormant_idx ON contacts (last_contact_at NULLS FIRST, name, id) WHERE importance = 'A'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS contacts_report_dormant_idx`);
    await q.query(`DROP INDEX IF EXISTS offers_created_idx`);
  }
}
