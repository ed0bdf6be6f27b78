import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Transactions } from '../../common/database/transactions';
import { ENV, type Env } from '../../config/env';
import { generatePassword, hashPassword } from '../../common/security/password';
import { SEED_LOCK, SetupService } from '../auth/setup.service';
import { type SeedLogins, writeSeedLogins } from './seed-logins-file';
import { isInInbox } from '../../common/access/deal-visibility';
import { TeamSettingsService } from '../team-settings/team-settings.service';

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

interface SeededDeal {
  id: string;
  ownerId: string | null;
  contactId: string;
  phone: string;
  group: string;
}

type Db = ReturnType<Transactions['db']>;

/**
 * First start of an empty database. SEED=users|demo: three demo users, each with a password
 * generated for this install (or SEED_PASSWORD, tests only), written to SEED_LOGINS_FILE; with
 * SEED=demo also about 30 contacts and deals, and a working day of tasks and calls. SEED=none: a one-time link that creates the first Head.
 */
@Injectable()
export class DemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeed.name);

  constructor(
    private readonly tx: Transactions,
    private readonly setup: SetupService,
    @Inject(ENV) private readonly env: Env,
    private readonly team: TeamSettingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.SEED === 'none') return this.offerSetupLink();
    const logins = DEMO_USERS.map((u) => ({ email: u.email, role: u.role, password: this.env.SEED_PASSWORD ?? generatePassword() }));
    const hashes = await Promise.all(logins.map((l) => hashPassword(l.password)));
    const team = await this.team.get();
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
      const seeded: SeededDeal[] = [];
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
                              created_at, updated_at, stage_entered_at, closed_at, expected_close_on)
           VALUES ($1, $2, $13, $3, $4, $5, $6, $7, $8::varchar, $9,
                   now() - ($10 || ' hours')::interval, now() - ($10 || ' hours')::interval, now() - ($10 || ' hours')::interval,
                   CASE WHEN $8::text = 'open' THEN NULL ELSE now() END,
                   ((now() - ($10 || ' hours')::interval) AT TIME ZONE $11)::date + $12::int)
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
            team.timeZone,
            team.expectedCloseDays,
            team.currency,
          ],
        );
        await db.rows(`INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
                       VALUES ($1, 'created', $2, $3, now() - ($4 || ' hours')::interval)`, [
          deal!.id,
          inbox ? null : owner,
          JSON.stringify({ source: inbox ? 'inbound_call' : 'manual', demo: true }),
          i * 9 + 1,
        ]);
        if (stage.group === 'lost') {
          // a lost deal was lost somewhere: the stage it got to, and why (the funnel's "lost here")
          const active = stages.filter((st) => st.group === 'active');
          const from = active[i % active.length];
          await db.rows(`UPDATE deals SET furthest_stage_id = $2, lost_from_stage_id = $2, lost_reason = $3 WHERE id = $1`, [
            deal!.id,
            from.id,
            ['price', 'competitor', 'no_budget', 'not_interested'][i % 4],
          ]);
        }
        seeded.push({ id: deal!.id, ownerId: owner, contactId, phone, group: stage.group });
        deals++;
      }
      this.logger.log(`seeded ${PEOPLE.length} demo contacts and ${deals} demo deals`);
      const work = await this.seedWork(db, seeded, sellers, stages);
      this.logger.log(`seeded ${work.tasks} demo tasks and ${work.calls} demo calls`);
    });
  }

  /**
   * A working day for each Seller, so that every kind of Today row and the Team figures show on a
   * fresh install: tasks due today and overdue, an unanswered attempt from yesterday, new leads
   * never contacted, a missed call nobody has claimed, and today's calls and moves.
   */
  private async seedWork(
    db: Db,
    seeded: SeededDeal[],
    sellers: string[],
    stages: { id: string; key: string; group: string }[],
  ): Promise<{ tasks: number; calls: number }> {
    const tz = await this.team.timeZone();
    // today's start in the business time zone, and a due time later today (before midnight)
    const [{ dayStart, dueToday }] = await db.rows<{ dayStart: Date; dueToday: Date }>(
      `SELECT (d AT TIME ZONE $1) AS "dayStart",
              LEAST(now() + interval '2 hours', ((d + interval '1 day') AT TIME ZONE $1) - interval '1 minute') AS "dueToday"
       FROM (SELECT date_trunc('day', now() AT TIME ZONE $1) AS d) x`,
      [tz],
    );
    let tasks = 0;
    let calls = 0;
    let n = 0;
    const task = async (deal: SeededDeal, title: string, type: string, dueAt: Date, assigneeId: string | null, call: { id: string; at: Date } | null = null) => {
      // a missed call's call-back is made when the call is missed; the others the day before they fall due
      await db.rows(
        `INSERT INTO tasks (title, type, due_at, assignee_id, deal_id, contact_id, call_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE($8, LEAST(now(), $3::timestamptz) - interval '1 day'))`,
        [title, type, dueAt, assigneeId, deal.id, deal.contactId, call?.id ?? null, call?.at ?? null],
      );
      tasks++;
    };
    const call = async (deal: SeededDeal, c: { direction: 'inbound' | 'outbound'; userId: string | null; at: Date; talkSec: number | null; missedReason?: string }) => {
      const answered = c.talkSec !== null;
      const row = await db.one<{ id: string }>(
        `INSERT INTO calls (sip_call_id, direction, from_number, to_number, user_id, answered_by, contact_id, deal_id,
                            offered_at, answered_at, ended_at, outcome, missed_reason, duration_sec, hangup_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $9) RETURNING id`,
        [
          `demo-${++n}@callboard.demo`,
          c.direction,
          c.direction === 'inbound' ? deal.phone : null,
          c.direction === 'outbound' ? deal.phone : null,
          c.userId,
          answered ? c.userId : null,
          deal.contactId,
          deal.id,
          c.at,
          answered ? new Date(c.at.getTime() + 8_000) : null,
          new Date(c.at.getTime() + 8_000 + (c.talkSec ?? 22) * 1000),
          answered ? 'completed' : 'missed',
          answered ? null : (c.missedReason ?? 'no_answer'),
          c.talkSec,
          answered ? 'caller' : null,
        ],
      );
      calls++;
      return row!.id;
    };
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    // calls "today" that happened before now, but never before today's start
    const todayAt = (minutesAgo: number) => new Date(Math.max(Date.now() - minutesAgo * 60_000, dayStart.getTime() + 60_000));

    for (const [i, sellerId] of sellers.entries()) {
      const open = seeded.filter((d) => d.ownerId === sellerId && d.group === 'active');
      const [a, b, c, d] = open;
      if (a) {
        await task(a, 'Call back about the offer', 'call_back', dueToday, sellerId);
        await call(a, { direction: 'inbound', userId: sellerId, at: todayAt(50 + i * 7), talkSec: 245 + i * 60 });
      }
      if (b) await task(b, 'Send the revised offer', 'send_offer', dueToday, sellerId);
      if (c) {
        await task(c, 'Follow up on the quote', 'other', hoursAgo(50 + i * 5), sellerId);
        await call(c, { direction: 'outbound', userId: sellerId, at: todayAt(20 + i * 3), talkSec: 95 });
      }
      if (d) {
        // yesterday evening's attempt that nobody answered
        await call(d, { direction: 'outbound', userId: sellerId, at: new Date(dayStart.getTime() - 5 * 3_600_000), talkSec: null });
        await call(d, { direction: 'inbound', userId: sellerId, at: todayAt(10 + i), talkSec: null, missedReason: 'no_answer' });
      }
      // contacted deals are no longer new leads; the rest of the Seller's open deals stay new
      const contacted = [a, b, c, d].filter((x): x is SeededDeal => !!x).map((x) => x.id);
      await db.rows(`UPDATE deals SET last_contact_at = now() - interval '3 days' WHERE id = ANY($1::uuid[])`, [contacted]);
      // a move made today, for the Team figures
      const next = stages.find((s) => s.key === 'in_progress') ?? stages.find((s) => s.group === 'active');
      if (a && next) {
        await db.rows(
          `INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
           SELECT $1, 'moved', $2, jsonb_build_object('fromStageId', d.stage_id, 'toStageId', $3::uuid, 'demo', true), $4
           FROM deals d WHERE d.id = $1`,
          [a.id, sellerId, next.id, todayAt(40 + i)],
        );
        await db.rows(`UPDATE deals SET stage_id = $2, stage_entered_at = $3 WHERE id = $1`, [a.id, next.id, todayAt(40 + i)]);
      }
    }

    // a missed call on an unowned inbox deal: its call-back is on every Seller's list until one claims it
    const unowned = seeded.find((d) => d.ownerId === null && isInInbox({ stageGroup: d.group }));
    if (unowned) {
      const at = todayAt(15);
      const callId = await call(unowned, { direction: 'inbound', userId: null, at, talkSec: null, missedReason: 'no_answer' });
      await db.rows(`UPDATE deals SET missed = true WHERE id = $1`, [unowned.id]);
      await task(unowned, 'Call back the missed caller', 'call_back', dueToday, null, { id: callId, at: new Date(at.getTime() + 30_000) });
    }
    return { tasks, calls };
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
