import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Api } from '../../test/support/api';
import { UniqueContactPhone1732300000111 } from '../src/database/migrations/1732300000111-unique-contact-phone';
import { createWorld, sql, type World } from './fixtures';
import { eventually, restart, runsOf, stageOf, waitForStage } from './sales-support';

// Issue 12: the calls -> deals seam under concurrency, forged headers, timeouts and crashes.

const EXT = { head: '1000', alice: '1001', bob: '1002' };
let seq = 0;

function ev(callId: string, type: string, fields: Record<string, unknown>, at = new Date()) {
  return { callId, type, origin: { pbx: 'test', boot: 'b1', seq: ++seq }, at: at.toISOString(), ...fields };
}
const inbound = (callId: string, from: string, at?: Date) => ev(callId, 'offered', { direction: 'inbound', from, fromName: null, to: '+3612345678' }, at);
const outbound = (callId: string, ext: string, to: string, dealId?: string) =>
  ev(callId, 'offered', { direction: 'outbound', from: ext, fromName: null, to, extension: ext, ...(dealId ? { dealId } : {}) });

function pbxOf(world: World): Api {
  return new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
}

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('the call-events endpoint under concurrency (one world)', () => {
  let world: World;
  let pbx: Api;

  beforeAll(async () => {
    world = await createWorld();
    pbx = pbxOf(world);
  }, 60_000);

  afterAll(async () => {
    await world?.backend.destroy();
  });

  it.each([1, 2, 3])('should answer 200 with every event accepted for concurrent deliveries of one rep\'s calls, each event 1-20 times, any order (round %i)', async (round) => {
    // 12 calls all answered by Bob (same rep row), overlapping in time (several on_call at once)
    const t0 = Date.now() - 120_000;
    const calls = Array.from({ length: 12 }, (_, i) => ({ callId: `${randomUUID()}@conc${round}`, from: `+362066${round}${String(i).padStart(4, '0')}` }));
    const deliveries: unknown[] = [];
    for (const [i, c] of calls.entries()) {
      const start = t0 + i * 1000;
      const events = [
        inbound(c.callId, c.from, new Date(start)),
        ev(c.callId, 'ringing', { extension: EXT.alice }, new Date(start + 100)),
        ev(c.callId, 'ringing', { extension: EXT.bob }, new Date(start + 110)),
        ev(c.callId, 'answered', { extension: EXT.bob }, new Date(start + 2000)),
        ev(c.callId, 'ended', { hangupBy: 'caller' }, new Date(start + 12_000)),
      ];
      for (const [k, e] of events.entries()) for (let n = 0; n < 1 + ((i * 7 + k * 3 + round) % 20); n++) deliveries.push(e);
    }
    const shuffled = shuffle(deliveries, 42 + round);
    const batches: unknown[][] = [];
    for (let i = 0; i < shuffled.length; i += 3) batches.push(shuffled.slice(i, i + 3));
    const answers = await Promise.all(batches.map((b) => pbx.post('/api/internal/call-events', { events: b })));

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const notAccepted = answers.flatMap((a) => a.body.results.filter((r: any) => r.status !== 'accepted'));
    expect(notAccepted).toEqual([]);
    for (const [i, a] of answers.entries()) expect(a.body.results).toHaveLength(batches[i].length);

    const rows = await sql(
      world,
      `SELECT c.sip_call_id, c.outcome, c.duration_sec, c.answered_by, d.owner_id FROM calls c JOIN deals d ON d.id = c.deal_id
       WHERE c.sip_call_id LIKE $1`,
      [`%@conc${round}`],
    );
    expect(rows).toHaveLength(12);
    for (const row of rows) {
      expect(row).toMatchObject({ outcome: 'completed', duration_sec: 10, answered_by: world.ids.bob, owner_id: world.ids.bob });
    }
    // every call ended: Bob is not left on_call
    expect((await world.bob.get('/api/auth/me')).body.presence).toBe('available');
  });

  it('should give one contact and one deal for 10 simultaneous first calls from one new number, every time', async () => {
    for (let round = 0; round < 12; round++) {
      const number = `+3620777${String(round).padStart(4, '0')}`;
      const ids = Array.from({ length: 10 }, () => `${randomUUID()}@same`);
      // separate requests, all at once: each its own transaction
      const answers = await Promise.all(ids.map((id) => pbx.post('/api/internal/call-events', { events: [inbound(id, number)] })));
      expect(answers.map((a) => [a.status, a.body.results[0].status])).toEqual(ids.map(() => [200, 'accepted']));
      const contacts = await sql(world, `SELECT contact_id FROM contact_phones WHERE e164 = $1`, [number]);
      const deals = await sql(world, `SELECT DISTINCT deal_id, contact_id FROM calls WHERE sip_call_id = ANY($1)`, [ids]);
      expect({ round, contacts: contacts.length, deals: deals.length }).toEqual({ round, contacts: 1, deals: 1 });
      expect(deals[0].contact_id).toBe(contacts[0].contact_id);
      const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM contacts c JOIN contact_phones p ON p.contact_id = c.id WHERE p.e164 = $1`, [number]);
      expect(n).toBe(1);
    }
  });

  it('should reject only the event that fails for good, apply its call\'s other events and the other calls of the batch', async () => {
    // A database that refuses one kind of write for ever (as a broken constraint would): the timeline
    // entry of a call ended by 'unknown'.
    await sql(world, `CREATE FUNCTION refuse_unknown_hangup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.type = 'call' AND NEW.data->>'hangupBy' = 'unknown' THEN
        RAISE EXCEPTION 'refused by the test' USING ERRCODE = '22023'; END IF; RETURN NEW; END $$`);
    await sql(world, `CREATE TRIGGER refuse_unknown_hangup BEFORE INSERT ON deal_events FOR EACH ROW EXECUTE FUNCTION refuse_unknown_hangup()`);
    try {
      const bad = `${randomUUID()}@perm`;
      const good = `${randomUUID()}@perm`;
      const res = await pbxOf(world).post('/api/internal/call-events', {
        events: [
          inbound(bad, '+36209997001'),
          inbound(good, '+36209997002'),
          ev(bad, 'answered', { extension: EXT.alice }),
          ev(good, 'answered', { extension: EXT.bob }),
          ev(bad, 'ended', { hangupBy: 'unknown' }),
          ev(good, 'ended', { hangupBy: 'caller' }),
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.results.map((r: any) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'accepted']);
      expect(res.body.results[4]).toMatchObject({ index: 4, callId: bad, reason: expect.stringMatching(/^failed: 22023 /) });
      const rows = await sql(world, `SELECT sip_call_id, outcome, answered_by FROM calls WHERE sip_call_id = ANY($1) ORDER BY sip_call_id = $2`, [[bad, good], good]);
      expect(rows).toEqual([
        { sip_call_id: bad, outcome: 'answered', answered_by: world.ids.alice },
        { sip_call_id: good, outcome: 'completed', answered_by: world.ids.bob },
      ]);
    } finally {
      await sql(world, `DROP TRIGGER refuse_unknown_hangup ON deal_events`);
      await sql(world, `DROP FUNCTION refuse_unknown_hangup()`);
      // Alice is left on the call the test could not end
      await sql(world, `UPDATE users SET presence = 'available', presence_before_call = NULL WHERE id = $1`, [world.ids.alice]);
    }
  });

  it('should resolve numbers already on several contacts when the unique index is added, keeping every copy', async () => {
    // Replayed in a transaction that is rolled back: down, duplicates as older versions allowed, up.
    const client = new Client({ connectionString: world.backend.databaseUrl });
    await client.connect();
    const migration = new UniqueContactPhone1732300000111();
    const runner = { query: (text: string) => client.query(text) } as never;
    try {
      await client.query('BEGIN');
      await migration.down(runner);
      const made = async (name: string, daysAgo: number) =>
        (await client.query(`INSERT INTO contacts (name, created_at) VALUES ($1, now() - $2 * interval '1 day') RETURNING id`, [name, daysAgo])).rows[0].id;
      const [oldest, middle, newest] = [await made('Dup oldest', 30), await made('Dup middle', 20), await made('Dup newest', 10)];
      for (const id of [newest, oldest, middle]) await client.query(`INSERT INTO contact_phones (contact_id, e164, label) VALUES ($1, '+36209998877', 'work')`, [id]);
      await client.query(`INSERT INTO contact_phones (contact_id, e164, label) VALUES ($1, '+36209998866', 'mobile')`, [newest]);
      await migration.up(runner);
      const kept = (await client.query(`SELECT contact_id FROM contact_phones WHERE e164 = '+36209998877'`)).rows;
      expect(kept).toEqual([{ contact_id: oldest }]);
      const moved = (await client.query(`SELECT contact_id, kept_on_contact_id FROM contact_phone_conflicts WHERE e164 = '+36209998877' ORDER BY contact_id`)).rows;
      expect(moved).toEqual([middle, newest].sort().map((id) => ({ contact_id: id, kept_on_contact_id: oldest })));
      // a number on one contact only stays where it was; the index now refuses a second copy
      expect((await client.query(`SELECT contact_id FROM contact_phones WHERE e164 = '+36209998866'`)).rows).toEqual([{ contact_id: newest }]);
      await expect(client.query(`INSERT INTO contact_phones (contact_id, e164) VALUES ($1, '+36209998877')`, [newest])).rejects.toMatchObject({ code: '23505' });
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await client.end();
    }
  });

  it('should refuse a second contact with a number that already belongs to one, with a clear 409', async () => {
    const number = '+36 30 555 0101';
    const first = await world.alice.post('/api/contacts', { name: 'First', phones: [{ number }] });
    expect(first.status).toBe(201);
    const second = await world.bob.post('/api/contacts', { name: 'Second', phones: [{ number }] });
    expect(second.status).toBe(409);
    expect(second.body.message).toContain('+36305550101 already belongs to another contact');
    // nothing of the second was written
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM contacts WHERE name = 'Second'`);
    expect(n).toBe(0);
  });

  it('should ignore X-Callboard-Deal naming a deal that does not exist, is deleted or is another Seller\'s, and carry on with the other calls', async () => {
    const bobs = await world.bob.post('/api/deals', { title: 'Bob private deal', stageId: world.stages['New'] });
    expect(bobs.status).toBe(201);
    const gone = await world.alice.post('/api/deals', { title: 'Alice deleted deal', stageId: world.stages['New'] });
    expect((await world.head.delete(`/api/deals/${gone.body.id}`)).status).toBeLessThan(300);
    const own = await world.alice.post('/api/deals', { title: 'Alice own deal', stageId: world.stages['New'] });
    const before = {
      deal: (await sql(world, `SELECT stage_id, owner_id, updated_at FROM deals WHERE id = $1`, [bobs.body.id]))[0],
      events: (await sql(world, `SELECT count(*)::int AS n FROM deal_events WHERE deal_id = $1`, [bobs.body.id]))[0].n,
    };

    const forged = { random: `${randomUUID()}@forged`, bobs: `${randomUUID()}@forged`, deleted: `${randomUUID()}@forged`, own: `${randomUUID()}@ok` };
    const others = Array.from({ length: 5 }, (_, i) => ({ callId: `${randomUUID()}@other`, from: `+3620888${String(i).padStart(4, '0')}` }));
    const res = await pbx.post('/api/internal/call-events', {
      events: [
        outbound(forged.random, EXT.alice, '+3620111000', randomUUID()),
        inbound(others[0].callId, others[0].from),
        outbound(forged.bobs, EXT.alice, '+3620111001', bobs.body.id),
        inbound(others[1].callId, others[1].from),
        outbound(forged.deleted, EXT.alice, '+3620111002', gone.body.id),
        outbound(forged.own, EXT.alice, '+3620111003', own.body.id),
        { ...outbound(`${randomUUID()}@malformed`, EXT.alice, '+3620111004'), dealId: "1' OR '1'='1" },
        ...others.slice(2).map((o) => inbound(o.callId, o.from)),
        // the unanswered attempts that would move the named deal to No answer
        ev(forged.bobs, 'missed', { reason: 'no_answer' }),
        ev(forged.random, 'missed', { reason: 'no_answer' }),
        ev(forged.own, 'missed', { reason: 'no_answer' }),
      ],
    });
    expect(res.status).toBe(200);
    const byStatus = res.body.results.map((r: any) => r.status);
    expect(byStatus).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rejected', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(res.body.results[6].reason).toMatch(/^invalid: dealId/);

    const rows = await sql(world, `SELECT sip_call_id, deal_id FROM calls WHERE sip_call_id = ANY($1)`, [Object.values(forged)]);
    const dealOf = (id: string) => rows.find((r) => r.sip_call_id === id)?.deal_id;
    expect([dealOf(forged.random), dealOf(forged.bobs), dealOf(forged.deleted)]).toEqual([null, null, null]);
    expect(dealOf(forged.own)).toBe(own.body.id);
    // the other calls became their deals
    const otherRows = await sql(world, `SELECT deal_id FROM calls WHERE sip_call_id = ANY($1) AND deal_id IS NOT NULL`, [others.map((o) => o.callId)]);
    expect(otherRows).toHaveLength(5);
    // the rules ran for Alice's own deal; Bob's deal is untouched (stage, owner, timeline, no rule run)
    await waitForStage(world, own.body.id, 'No answer');
    await new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN).post('/api/internal/automation/tick', {});
    const after = {
      deal: (await sql(world, `SELECT stage_id, owner_id, updated_at FROM deals WHERE id = $1`, [bobs.body.id]))[0],
      events: (await sql(world, `SELECT count(*)::int AS n FROM deal_events WHERE deal_id = $1`, [bobs.body.id]))[0].n,
    };
    expect(after).toEqual(before);
    expect(await runsOf(world, 'no_answer', bobs.body.id)).toHaveLength(0);
    expect(world.backend.output()).toMatch(new RegExp(`call ${forged.bobs}: X-Callboard-Deal ${bobs.body.id} from extension 1001 \\(user ${world.ids.alice}\\) ignored: the caller may not see that deal`));
  });
});

describe('a statement that runs too long (its own world: 1 s statement timeout)', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld({ env: { DATABASE_STATEMENT_TIMEOUT_MS: '1000', DATABASE_LOCK_TIMEOUT_MS: '20000' } });
  }, 60_000);

  afterAll(async () => {
    await world?.backend.destroy();
  });

  it('should answer retry for the stalled event, accept the others in the batch, and accept it once redelivered', async () => {
    const pbx = pbxOf(world);
    const stuck = `${randomUUID()}@stuck`;
    await pbx.post('/api/internal/call-events', { events: [inbound(stuck, '+36209990001')] });
    // another session holds the call's row: the event's statements wait until the timeout cancels them
    const holder = new Client({ connectionString: world.backend.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT id FROM calls WHERE sip_call_id = $1 FOR UPDATE`, [stuck]);
    const free = `${randomUUID()}@free`;
    let res;
    try {
      res = await pbx.post('/api/internal/call-events', {
        events: [ev(stuck, 'answered', { extension: EXT.bob }), inbound(free, '+36209990002'), ev(stuck, 'ended', { hangupBy: 'caller' })],
      });
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: any) => r.status)).toEqual(['retry', 'accepted', 'retry']);
    expect(res.body.results[0].reason).toMatch(/^transient: 57014/);
    expect(res.body.results[2].reason).toMatch(/^waiting: /);
    expect(world.backend.output()).toMatch(new RegExp(`call ${stuck}: answered to be retried \\(PostgreSQL 57014\\)`));
    // nothing of the stalled event was written; redelivered, it applies
    expect((await sql(world, `SELECT answered_at FROM calls WHERE sip_call_id = $1`, [stuck]))[0].answered_at).toBeNull();
    const again = await pbx.post('/api/internal/call-events', { events: [ev(stuck, 'answered', { extension: EXT.bob }), ev(stuck, 'ended', { hangupBy: 'caller' })] });
    expect(again.body.results.map((r: any) => r.status)).toEqual(['accepted', 'accepted']);
    expect((await sql(world, `SELECT outcome FROM calls WHERE sip_call_id = $1`, [stuck]))[0].outcome).toBe('completed');
  });
});

describe('a crash between the commit and the automation outbox (its own world)', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld({ env: { TEST_CRASH_POINT: 'call-committed', AUTOMATION_POLL_MS: '200' } });
  }, 60_000);

  afterAll(async () => {
    await world?.backend.destroy();
  });

  it('should run the rule exactly once after a SIGKILL right after the call event committed', async () => {
    const pbx = pbxOf(world);
    const deal = await world.alice.post('/api/deals', { title: 'Crash test deal', stageId: world.stages['New'] });
    expect(deal.status).toBe(201);
    const callId = `${randomUUID()}@crash`;
    // a click-to-call: the offer names Alice's deal (no domain event, no crash)
    const offer = await pbx.post('/api/internal/call-events', { events: [outbound(callId, EXT.alice, '+3620123456', deal.body.id)] });
    expect(offer.body.results[0].status).toBe('accepted');
    // the miss commits, then the process dies before publishing anything (the old path wrote the outbox row here)
    const missed = ev(callId, 'missed', { reason: 'no_answer' });
    const died = await pbx.post('/api/internal/call-events', { events: [missed] }).then(
      (res) => `answered ${res.status}`,
      (err) => `failed: ${err?.name}`,
    );
    expect(died).toMatch(/^failed: /);
    await eventually(async () => /TEST_CRASH_POINT call-committed/.test(world.backend.output()), 5_000, 'the crash');
    expect((await sql(world, `SELECT miss_applied FROM calls WHERE sip_call_id = $1`, [callId]))[0].miss_applied).toBe(true);
    expect(await stageOf(world, deal.body.id)).toBe('New');

    delete world.backend.env.TEST_CRASH_POINT;
    await restart(world);
    await waitForStage(world, deal.body.id, 'No answer');
    // the bridge delivers again what got no answer: still one run
    const redelivered = await pbx.post('/api/internal/call-events', { events: [missed] });
    expect(redelivered.body.results[0].status).toBe('accepted');
    await pbx.post('/api/internal/automation/tick', {});
    const runs = await runsOf(world, 'no_answer', deal.body.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: 'acted' });
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM deal_events WHERE deal_id = $1 AND type = 'moved'`, [deal.body.id]);
    expect(n).toBe(1);
  });
});
