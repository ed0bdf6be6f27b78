import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a call ended (caller_hangup, timeout, reconciled, ...), when the PBX or the CRM knows. */
export class CallEndReason1732300000110 implements MigrationInterface {
  name = 'CallEndReason1732300000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls ADD COLUMN end_reason varchar(32) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calls DROP COLUMN IF EXISTS end_reason`);
  }
}
