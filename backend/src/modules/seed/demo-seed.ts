import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';
import { ENV, type Env } from '../../config/env';
import { generatePassword, hashPassword } from '../../common/security/password';
import { SEED_LOCK, SetupService } from '../auth/setup.service';
import { type SeedLogins, writeSeedLogins } from './seed-logins-file';

export const DEMO_USERS = [
  { email: 'head@example.com', name: 'Hanna Head', role: 'head', extension: '1000' },
  { email: 'alice@example.com', name: 'Alice Seller', role: 'seller', extension: '1001' },
  { email: 'bob@example.com', name: 'Bob Seller', role: 'seller', extension: '1002' },
] as const;

const PEOPLE = [
  ['Kovács Anna', 'Napfény Kft.', '+36301234567'],
  ['Nagy Péter', 'Duna Logisztika', '+36209876543'],
  ['Szabó Eszter', 'Tisza Bau', '+36701112233'],
  ['Budi Santoso', 'PT Maju Jaya', '+6281234567890'],
  ['Siti Rahayu', 'CV Sinar Abadi', '+6285711223344'],
  ['Andrei Popescu', 'Carpați Trade SRL', '+40721234567'],
  ['Ioana Ionescu', 'Delta Soft', '+40744556677'],
  ['Yael Cohen', 'Galil Systems', '+972501234567'],
  ['Noam Levi', 'Negev Solar', '+972521112223'],
  ['Tóth Gábor', 'Balaton Hotels', '+36305554433'],
  ['Dewi Lestari', 'PT Nusantara Food', '+6281398765432'],
  ['Mihai Stan', 'Transilvania Auto', '+40733221100'],
  ['Horváth Júlia', 'Pannon Print', '+36203332211'],
  ['Rina Wijaya', 'Bali Crafts', '+6281122334455'],
  ['Elena Dumitru', 'Moldova Wine', '+40755667788'],
];

/**
 * First start of an empty database. SEED=users|demo: three demo users, each with a password
 * generated for this install (or SEED_PASSWORD, tests only), written to SEED_LOGINS_FILE; with
 * SEED=demo also about 30 contacts and deals. SEED=none: a one-time link that creates the first Head.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeed.name);

  constructor(
    private readonly tx: Transactions,
    private readonly setup: SetupService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.SEED === 'none') return this.offerSetupLink();
    const logins = DEMO_USERS.map((u) => ({ email: u.email, role: u.role, password: this.env.SEED_PASSWORD ?? generatePassword() }));
    const hashes = await Promise.all(logins.map((l) => hashPassword(l.password)));
    await this.tx.run(async (tx) => {
      const db = this.tx.db(tx);
      await db.rows(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
      const [{ n }] = await db.rows<{ n: string }>(`SELECT count(*) AS n FROM users`);
      if (Number(n) > 0) return;
      const ids: Record<string, string> = {};
      for (const [i, u] of DEMO_USERS.entries()) {
        const row = await db.one<{ id: string }>(
          `INSERT INTO users (email, name, role, password_hash, extension) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [u.email, u.name, u.role, hashes[i], u.extension],
        );
        ids[u.email] = row!.id;
      }
      await db.rows(`SELECT setval('user_extension_seq', 1003, false)`);
      // Written before the commit: if the file cannot be written, no user exists whose password nobody knows.
      await this.publish({ logins, setupPath: null });
      this.logger.log(`seeded ${DEMO_USERS.length} demo users`);
      if (this.env.SEED !== 'demo') return;

      const stages = await db.rows<{ id: string; key: string; group: string; pipelineId: string }>(
        `SELECT s.id, s.system_key AS key, s."group", s.pipeline_id AS "pipelineId" FROM stages s
         JOIN pipelines p ON p.id = s.pipeline_id AND p.is_default ORDER BY s.sort_order`,
      );
      const sellers = [ids['alice@example.com'], ids['bob@example.com']];
      let deals = 0;
      for (const [i, [name, company, phone]] of [...PEOPLE, ...PEOPLE].entries()) {
        const second = i >= PEOPLE.length;
        const stage = stages[(i * 7 + 3) % stages.length];
        const inbox = stage.group === 'inbox';
        const owner = inbox && i % 2 === 0 ? null : i % 5 === 4 ? ids['head@example.com'] : sellers[i % 2];
        let contactId: string;
        if (!second) {
          const c = await db.one<{ id: string }>(
            `INSERT INTO contacts (name, company, owner_id, created_at) VALUES ($1, $2, $3, now() - ($4 || ' days')::interval) RETURNING id`,
            [name, company, owner, 40 - i],
          );
          contactId = c!.id;
          await db.rows(`INSERT INTO contact_phones (contact_id, e164, label) VALUES ($1, $2, 'work')`, [contactId, phone]);
        } else {
          const c = await db.one<{ id: string }>(`SELECT contact_id AS id FROM contact_phones WHERE e164 = $1`, [phone]);
          contactId = c!.id;
        }
        const amount = ((i * 7919) % 97) * 150 + 500;
        const title = second ? `${company}: follow-up order` : `${company}: ${['CRM licences', 'Annual support', 'Pilot project', 'Hardware bundle'][i % 4]}`;
        const deal = await db.one<{ id: string }>(
          `INSERT INTO deals (title, amount, currency, pipeline_id, stage_id, owner_id, contact_id, source, status, position,
                              created_at, updated_at, stage_entered_at, closed_at)
           VALUES ($1, $2, 'EUR', $3, $4, $5, $6, $7, $8::varchar, $9,
                   now() - ($10 || ' hours')::interval, now() - ($10 || ' hours')::interval, now() - ($10 || ' hours')::interval,
                   CASE WHEN $8::text = 'open' THEN NULL ELSE now() END)
           RETURNING id`,
          [
            title,
            amount.toFixed(2),
            stage.pipelineId,
            stage.id,
            owner,
            contactId,
            inbox ? 'inbound_call' : 'manual',
            stage.group === 'won' ? 'won' : stage.group === 'lost' ? 'lost' : 'open',
            -i * 1024,
            i * 9 + 1,
          ],
        );
        await db.rows(`INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
                       VALUES ($1, 'created', $2, $3, now() - ($4 || ' hours')::interval)`, [
          deal!.id,
          inbox ? null : owner,
          JSON.stringify({ source: inbox ? 'inbound_call' : 'manual', demo: true }),
          i * 9 + 1,
        ]);
        deals++;
      }
      this.logger.log(`seeded ${PEOPLE.length} demo contacts and ${deals} demo deals`);
    });
  }

  /** An empty install without demo users: a one-time link for the first Head. */
  private async offerSetupLink(): Promise<void> {
    const setupPath = await this.setup.issueIfNoUsers();
    if (!setupPath) return;
    await this.publish({ logins: [], setupPath });
    // The path is a secret like a password, but the person installing needs it: it goes to the
    // console once and to the 0600 file; it works once and expires.
    this.logger.log(`No user yet: open ${setupPath} on this server to create the first Head (valid ${this.env.SETUP_TOKEN_TTL_HOURS} h, once)`);
  }

  private async publish(content: SeedLogins): Promise<void> {
    const file = this.env.SEED_LOGINS_FILE;
    if (!file) {
      if (content.logins.length && !this.env.SEED_PASSWORD) {
        this.logger.warn('generated passwords for the demo users but SEED_LOGINS_FILE is not set: they were written nowhere');
      }
      return;
    }
    await writeSeedLogins(file, content);
    this.logger.log(`${content.logins.length ? 'demo logins' : 'the setup link'} written to ${file}`);
  }
}
