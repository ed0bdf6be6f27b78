import { createHash } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { createWorld, sql, type World } from './fixtures';

// Wallboards (issue 14): Heads' read-only tokens, today's figures in the team's zone, the TV's socket.
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.destroy();
});

const board = (token: string, path = '/api/wallboard') => world.anon.request('GET', path, undefined, { authorization: `Wallboard ${token}` });

async function createToken(name = 'Sales floor TV'): Promise<{ id: string; token: string; url: string }> {
  const res = await world.head.post('/api/wallboard/tokens', { name });
  expect(res.status).toBe(201);
  return res.body;
}

/** A wallboard's socket; resolves once it is in the wallboard room (or rejects with the refusal). */
async function tvSocket(token: string): Promise<{ socket: Socket; events: { event: string; payload: any }[] }> {
  const socket = io(world.backend.url, { auth: { wallboardToken: token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: { event: string; payload: any }[] = [];
  socket.onAny((event, payload) => events.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('wallboard.ready', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return { socket, events };
}

function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe('wallboard figures', () => {
  it("should count today's answered and missed calls, speed to lead, waiting leads, reps and wins in the team's zone", async () => {
    // UTC+14: the team's day starts at 10:00 UTC the day before, so a UTC day would put the
    // "just before midnight" and "just after midnight" rows below on the same day
    const zone = 'Pacific/Kiritimati';
    expect((await world.head.request('PUT', '/api/team-settings', { timeZone: zone })).status).toBe(200);
    const [{ d0 }] = await sql<{ d0: Date }>(world, `SELECT (date_trunc('day', now() AT TIME ZONE $1) AT TIME ZONE $1) AS d0`, [zone]);
    const at = (minutes: number) => new Date(d0.getTime() + minutes * 60_000);
    const { alice, bob } = world.ids;
    let n = 0;
    const call = (c: { direction: 'inbound' | 'outbound'; at: Date; userId?: string; answeredBy?: string }) =>
      sql(
        world,
        `INSERT INTO calls (sip_call_id, direction, user_id, answered_by, offered_at, answered_at, ended_at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $5, $7)`,
        [`wb-${++n}`, c.direction, c.userId ?? null, c.answeredBy ?? null, c.at, c.answeredBy ? c.at : null, c.answeredBy ? 'completed' : 'missed'],
      );
    await call({ direction: 'inbound', at: at(1), answeredBy: alice });
    await call({ direction: 'inbound', at: at(2), answeredBy: bob });
    await call({ direction: 'inbound', at: at(3) }); // missed today
    await call({ direction: 'outbound', at: at(4), userId: alice }); // Alice's attempt: her call, not an inbound figure
    await call({ direction: 'inbound', at: at(-1), answeredBy: alice }); // yesterday, a minute before midnight
    await call({ direction: 'inbound', at: at(-2) }); // missed yesterday

    const stage = world.stages;
    const deal = (d: { stage: string; createdAt: Date; firstContactAt?: Date; ownerId?: string; status?: string; closedAt?: Date; amount?: string; currency?: string }) =>
      sql(
        world,
        `INSERT INTO deals (title, pipeline_id, stage_id, owner_id, status, closed_at, amount, currency, created_at, first_contact_at)
         VALUES ('wb deal', $1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [world.pipelineId, stage[d.stage], d.ownerId ?? null, d.status ?? 'open', d.closedAt ?? null, d.amount ?? '0', d.currency ?? 'EUR', d.createdAt, d.firstContactAt ?? null],
      );
    // speed to lead: today's contacted deals after 4 and 10 minutes (median 7); yesterday's 100 does not count
    await deal({ stage: 'New', ownerId: alice, createdAt: at(10), firstContactAt: at(14) });
    await deal({ stage: 'New', ownerId: bob, createdAt: at(20), firstContactAt: at(30) });
    await deal({ stage: 'New', ownerId: bob, createdAt: at(-200), firstContactAt: at(-100) });
    // waiting now: two uncontacted Unsorted leads, the oldest 30 minutes; a contacted one does not wait
    const [{ now }] = await sql<{ now: Date }>(world, `SELECT now() AS now`);
    await deal({ stage: 'Unsorted', createdAt: new Date(now.getTime() - 30 * 60_000 - 5_000) });
    await deal({ stage: 'Unsorted', createdAt: new Date(now.getTime() - 5 * 60_000) });
    await deal({ stage: 'Unsorted', createdAt: at(-300), firstContactAt: new Date(now.getTime() - 80 * 60_000) });
    // won today: two of Alice's in EUR, one of Bob's in USD; one won yesterday
    await deal({ stage: 'Won', ownerId: alice, status: 'won', closedAt: at(5), amount: '100.00', createdAt: at(-5000), firstContactAt: at(-4000) });
    await deal({ stage: 'Won', ownerId: alice, status: 'won', closedAt: at(6), amount: '50.50', createdAt: at(-5000), firstContactAt: at(-4000) });
    await deal({ stage: 'Won', ownerId: bob, status: 'won', closedAt: at(7), amount: '20.00', currency: 'USD', createdAt: at(-5000), firstContactAt: at(-4000) });
    await deal({ stage: 'Won', ownerId: bob, status: 'won', closedAt: at(-3), amount: '999.00', createdAt: at(-5000), firstContactAt: at(-4000) });

    const { token } = await createToken();
    const res = await board(token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      timeZone: zone,
      name: 'Sales floor TV',
      calls: { answered: 2, missed: 1 },
      speedToLead: { medianMinutes: 7, contacted: 2, waiting: 2, oldestWaitingMinutes: 30 },
      won: { count: 3, amounts: [{ currency: 'EUR', amount: '150.50' }, { currency: 'USD', amount: '20.00' }] },
    });
    const rep = (id: string) => res.body.reps.find((r: { userId: string }) => r.userId === id);
    expect(rep(alice)).toMatchObject({ name: 'Alice Seller', calls: 2, wonToday: 2, presence: expect.any(String) });
    expect(rep(bob)).toMatchObject({ calls: 1, wonToday: 1 });
    // the TV shows no deal, contact or number
    expect(JSON.stringify(res.body)).not.toMatch(/wb deal|\+\d{6}/);
  });
});

describe('wallboard tokens', () => {
  it('should let only a Head create, list and revoke tokens', async () => {
    expect((await world.alice.post('/api/wallboard/tokens', { name: 'Mine' })).status).toBe(403);
    expect((await world.alice.get('/api/wallboard/tokens')).status).toBe(403);
    expect((await world.anon.post('/api/wallboard/tokens', { name: 'Nobody' })).status).toBe(401);
    const { id } = await createToken('Kitchen');
    expect((await world.alice.delete(`/api/wallboard/tokens/${id}`)).status).toBe(403);
    expect((await world.head.post('/api/wallboard/tokens', { name: '   ' })).status).toBe(400);
    expect((await world.head.post('/api/wallboard/tokens', { name: 'x'.repeat(81) })).status).toBe(400);
    expect((await world.head.delete('/api/wallboard/tokens/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('should show the token once and store only its SHA-256', async () => {
    const created = await createToken('Hall');
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toMatch(new RegExp(`/wallboard#token=${created.token}$`));
    const rows = await sql(world, `SELECT * FROM wallboard_tokens WHERE id = $1`, [created.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(created.token);
    expect(rows[0].token_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    const list = await world.head.get('/api/wallboard/tokens');
    expect(list.status).toBe(200);
    expect(list.body.find((t: { id: string }) => t.id === created.id)).toMatchObject({ name: 'Hall', createdByName: 'Hanna Head', revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.token);
    expect(JSON.stringify(list.body)).not.toContain(rows[0].token_hash);
  });

  it('should open nothing but the wallboard with a token, and the wallboard with nothing else', async () => {
    const { token } = await createToken('Lobby');
    expect((await board(token, '/api/deals')).status).toBe(401);
    expect((await board(token, '/api/board')).status).toBe(401);
    expect((await world.anon.as(token).get('/api/deals')).status).toBe(401);
    // a signed-in user's session does not open the wallboard, nor no credentials, nor a forged token
    expect((await world.head.get('/api/wallboard')).status).toBe(401);
    expect((await world.anon.get('/api/wallboard')).status).toBe(401);
    expect((await board('A'.repeat(43))).status).toBe(401);
    expect((await board('not a token')).status).toBe(401);
    expect((await board(token)).status).toBe(200);
  });

  it('should refuse a revoked token at its next request, and close its socket', async () => {
    const { id, token } = await createToken('Revoked TV');
    expect((await board(token)).status).toBe(200);
    const tv = await tvSocket(token);
    let closedAt = 0;
    tv.socket.once('disconnect', () => (closedAt = Date.now()));
    const revokedAt = Date.now();
    expect((await world.head.delete(`/api/wallboard/tokens/${id}`)).status).toBe(204);
    // at once, not at the next sweep of stale sockets
    await until(() => closedAt > 0, 'the socket to close', 2000);
    expect(closedAt - revokedAt).toBeLessThan(2000);
    const res = await board(token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    await expect(tvSocket(token)).rejects.toThrow(/not valid/);
    const listed = (await world.head.get('/api/wallboard/tokens')).body.find((t: { id: string }) => t.id === id);
    expect(listed.revokedAt).not.toBeNull();
  });
});

describe('wallboard socket', () => {
  it('should refuse an unknown token', async () => {
    await expect(tvSocket('B'.repeat(43))).rejects.toThrow(/not valid/);
    await expect(tvSocket('')).rejects.toThrow(/wallboard token/);
  });

  it('should hear figures.changed of a Seller\'s own deal, and never the deal itself', async () => {
    const { token } = await createToken('Floor 2');
    const tv = await tvSocket(token);
    try {
      const { body: deal } = await world.alice.post('/api/deals', { title: 'Alice private deal' });
      expect(deal.id).toBeDefined();
      await until(() => tv.events.some((e) => e.event === 'figures.changed' && e.payload.scope === 'deals'), 'figures.changed');
      // the wallboard is in no user, inbox or Heads' room: no deal, task or presence event reaches it
      await world.head.post('/api/deals', { title: 'Inbox lead', ownerId: null, stageId: world.stages['Unsorted'] });
      expect(tv.events.every((e) => e.event === 'wallboard.ready' || e.event === 'figures.changed')).toBe(true);
      expect(JSON.stringify(tv.events)).not.toContain('Alice private deal');
    } finally {
      tv.socket.close();
    }
  });
});
