import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Desk phones with their own SIP accounts (issue 11, ADR 0008). Kamailio reads credentials
 * straight from PostgreSQL (auth_db over db_postgres) through the `sip_device_credentials` view,
 * which only lists devices of active users: deactivating a user refuses the next REGISTER.
 * `ha1` is md5(username:realm:password); the password itself is never stored. Kamailio writes
 * the last registration (address, user agent, contact, expiry) back with sqlops, and records
 * (address, username) pairs it blocked after repeated failures in `sip_auth_blocks`.
 */
export class SipDevices1732300000080 implements MigrationInterface {
  name = 'SipDevices1732300000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sip_devices (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        label varchar(80) NOT NULL,
        username varchar(64) NOT NULL UNIQUE,
        ha1 char(32) NOT NULL,
        created_by uuid NULL REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_registered_at timestamptz NULL,
        registered_until timestamptz NULL,
        last_address varchar(128) NULL,
        last_transport varchar(8) NULL,
        last_user_agent varchar(200) NULL,
        last_contact varchar(512) NULL
      )`);
    await q.query(`CREATE INDEX sip_devices_user_idx ON sip_devices (user_id)`);
    await q.query(`
      CREATE VIEW sip_device_credentials AS
        SELECT d.username, d.ha1, u.extension
          FROM sip_devices d JOIN users u ON u.id = d.user_id
         WHERE u.active`);
    await q.query(`
      CREATE TABLE sip_auth_blocks (
        id bigserial PRIMARY KEY,
        address varchar(64) NOT NULL,
        username varchar(128) NULL,
        scope varchar(16) NOT NULL CHECK (scope IN ('pair','address')),
        failures integer NOT NULL,
        blocked_at timestamptz NOT NULL DEFAULT now(),
        blocked_until timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX sip_auth_blocks_until_idx ON sip_auth_blocks (blocked_until DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sip_auth_blocks`);
    await q.query(`DROP VIEW IF EXISTS sip_device_credentials`);
    await q.query(`DROP TABLE IF EXISTS sip_devices`);
  }
}
