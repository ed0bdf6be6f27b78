import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Kamailio's registrations, persisted (issue 12 item 8, ADR 0016). usrloc writes every REGISTER
 * through to `location` (one row per contact of an extension) and `ringall` (the same contacts
 * under sip:all@, the ring-everyone fallback) and loads both at start, so a desk phone rings right
 * after a Kamailio restart without waiting for its next REGISTER. The layout is Kamailio 5.6's own
 * (usrloc table version 9); `kamailio_version` is its version table (core `version_table`), named
 * so it cannot be mistaken for one of ours. Only Kamailio writes these tables.
 */
export class SipRegistrations1732300000140 implements MigrationInterface {
  name = 'SipRegistrations1732300000140';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE kamailio_version (
        id serial PRIMARY KEY,
        table_name varchar(32) NOT NULL UNIQUE,
        table_version integer NOT NULL DEFAULT 0
      )`);
    for (const table of ['location', 'ringall']) {
      await q.query(`
        CREATE TABLE ${table} (
          id serial PRIMARY KEY,
          ruid varchar(64) NOT NULL DEFAULT '' UNIQUE,
          username varchar(64) NOT NULL DEFAULT '',
          domain varchar(64) DEFAULT NULL,
          contact varchar(512) NOT NULL DEFAULT '',
          received varchar(128) DEFAULT NULL,
          path varchar(512) DEFAULT NULL,
          expires timestamp without time zone NOT NULL DEFAULT '2030-05-28 21:32:15',
          q real NOT NULL DEFAULT 1.0,
          callid varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
          cseq integer NOT NULL DEFAULT 1,
          last_modified timestamp without time zone NOT NULL DEFAULT '2000-01-01 00:00:01',
          flags integer NOT NULL DEFAULT 0,
          cflags integer NOT NULL DEFAULT 0,
          user_agent varchar(255) NOT NULL DEFAULT '',
          socket varchar(64) DEFAULT NULL,
          methods integer DEFAULT NULL,
          instance varchar(255) DEFAULT NULL,
          reg_id integer NOT NULL DEFAULT 0,
          server_id integer NOT NULL DEFAULT 0,
          connection_id integer NOT NULL DEFAULT 0,
          keepalive integer NOT NULL DEFAULT 0,
          partition integer NOT NULL DEFAULT 0
        )`);
      await q.query(`CREATE INDEX ${table}_account_contact_idx ON ${table} (username, domain, contact)`);
      await q.query(`CREATE INDEX ${table}_expires_idx ON ${table} (expires)`);
      await q.query(`CREATE INDEX ${table}_connection_idx ON ${table} (server_id, connection_id)`);
      await q.query(`INSERT INTO kamailio_version (table_name, table_version) VALUES ($1, 9)`, [table]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS ringall`);
    await q.query(`DROP TABLE IF EXISTS location`);
    await q.query(`DROP TABLE IF EXISTS kamailio_version`);
  }
}
