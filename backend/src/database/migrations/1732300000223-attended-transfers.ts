import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attended transfers and transfers of outbound calls (issue 16): each transfer row remembers the
 * Refer-To it was issued for, so the SIP server's REFER check can hold the REFER to it: the user
 * part (`refer_user`: the dialled sales number, or the target's extension) and, for an attended
 * transfer, the consult call the carrier's INVITE replaces (`replaces_call_id`).
 */
export class AttendedTransfers1732300000223 implements MigrationInterface {
  name = 'AttendedTransfers1732300000223';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE call_transfers ADD COLUMN refer_user varchar(64) NULL, ADD COLUMN replaces_call_id varchar(255) NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE call_transfers DROP COLUMN IF EXISTS refer_user, DROP COLUMN IF EXISTS replaces_call_id`);
  }
}
