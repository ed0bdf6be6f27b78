import { RecordingSocket } from '../../test/support/socket';
import { startBackend, type StartedBackend } from '../../test/support/backend';
import { passwordChecks, postFrom, tally } from './auth-support';
import { createWorld, sql, type World } from './fixtures';

// Limits of the throttle (LOGIN_LIMITS): 10 attempts per (address, email), 50 per address.
const PAIR_LIMIT = 10;
const ADDRESS_LIMIT = 50;

let world: World;
let second: StartedBackend | undefined;

beforeAll(async () => {
  world = await createWorld({ env: { SESSION_SWEEP_MS: '300', LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
  await second?.destroy();
  await world?.backend.destroy();
});

const login = (url: string, email: string, password: string, from: string) =>
  postFrom(url, '/api/auth/login', { email, password }, from);

describe('login throttle', () => {
  it('should check the password at most 10 times when 200 wrong attempts for one account arrive at once', async () => {
    const from = '127.0.0.3';
    const before = passwordChecks(world.backend.output());
    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) => login(world.backend.url, 'bob@example.com', `wrong-${i}`, from)),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 401: PAIR_LIMIT, 429: 200 - PAIR_LIMIT });
    // The refused ones were refused before argon2 ran: only the admitted ones were checked.
    expect(passwordChecks(world.backend.output()) - before).toBe(PAIR_LIMIT);
    const refused = replies.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(Number(refused.retryAfter)).toBeGreaterThan(60);

    // The right password from that pair is refused while the block runs...
    const right = await login(world.backend.url, 'bob@example.com', 'callboard', from);
    expect([right.status, right.body.code]).toEqual([429, 'RATE_LIMITED']);
    // ...but the same account from another address, and another account from the same office address, get in.
    expect((await login(world.backend.url, 'bob@example.com', 'callboard', '127.0.0.4')).status).toBe(200);
    expect((await login(world.backend.url, 'alice@example.com', 'callboard', from)).status).toBe(200);

    expect(world.backend.output()).toContain(`sign-in blocked for bob@example.com from ${from}`);
    const blocks = await world.head.get('/api/security/blocks');
    expect(blocks.status).toBe(200);
    expect(blocks.body.login).toEqual([
      expect.objectContaining({ address: from, email: 'bob@example.com', attempts: 201 }),
    ]);
    expect(Date.parse(blocks.body.login[0].blockedUntil)).toBeGreaterThan(Date.now());
    expect(blocks.body.sip).toEqual([]);
  });

  it('should let the pair in again once its block is over, and start a fresh window', async () => {
    const from = '127.0.0.3';
    // 15 minutes later, as the database sees it
    await sql(world, `UPDATE login_throttle SET blocked_until = now() - interval '1 second', window_start = now() - interval '16 minutes' WHERE address = $1`, [from]);
    expect((await world.head.get('/api/security/blocks')).body.login.filter((b: any) => b.address === from)).toEqual([]);
    expect((await login(world.backend.url, 'bob@example.com', 'wrong-again', from)).status).toBe(401);
    expect((await sql(world, `SELECT attempts, blocked_until FROM login_throttle WHERE address = $1 AND email = $2`, [from, 'bob@example.com']))[0]).toEqual({ attempts: 1, blocked_until: null });
    expect((await login(world.backend.url, 'bob@example.com', 'callboard', from)).status).toBe(200);
    // a success forgets the pair
    expect(await sql(world, `SELECT 1 FROM login_throttle WHERE address = $1 AND email = $2`, [from, 'bob@example.com'])).toEqual([]);
  });

  it('should block a whole address only after 50 failures across accounts', async () => {
    const from = '127.0.0.5';
    const emails = Array.from({ length: 6 }, (_, i) => `nobody${i}@example.com`);
    const before = passwordChecks(world.backend.output());
    const replies = await Promise.all(
      emails.flatMap((email) => Array.from({ length: PAIR_LIMIT }, (_, i) => login(world.backend.url, email, `guess-${i}`, from))),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 401: ADDRESS_LIMIT, 429: 60 - ADDRESS_LIMIT });
    expect(passwordChecks(world.backend.output()) - before).toBe(ADDRESS_LIMIT);
    // Now every account is refused from there, the right password too; other addresses are not affected.
    expect((await login(world.backend.url, 'alice@example.com', 'callboard', from)).status).toBe(429);
    expect((await login(world.backend.url, 'alice@example.com', 'callboard', '127.0.0.6')).status).toBe(200);
    const blocks = (await world.head.get('/api/security/blocks')).body.login;
    expect(blocks).toEqual(expect.arrayContaining([expect.objectContaining({ address: from, email: null })]));
  });

  it('should share the limit between two backend processes on one database', async () => {
    const { JWT_SECRET, PBX_SERVICE_TOKEN, SIP_SHARED_SECRET } = world.backend.env;
    second = await startBackend({
      databaseUrl: world.backend.databaseUrl,
      env: { SESSION_SWEEP_MS: '300', LOG_LEVEL: 'debug', JWT_SECRET: JWT_SECRET!, PBX_SERVICE_TOKEN: PBX_SERVICE_TOKEN!, SIP_SHARED_SECRET: SIP_SHARED_SECRET! },
    });
    const from = '127.0.0.7';
    const before = passwordChecks(world.backend.output()) + passwordChecks(second.output());
    const urls = [world.backend.url, second.url];
    const replies = await Promise.all(
      Array.from({ length: 100 }, (_, i) => login(urls[i % 2]!, 'head@example.com', `wrong-${i}`, from)),
    );
    expect(tally(replies.map((r) => r.status))).toEqual({ 401: PAIR_LIMIT, 429: 100 - PAIR_LIMIT });
    expect(passwordChecks(world.backend.output()) + passwordChecks(second.output()) - before).toBe(PAIR_LIMIT);
    expect((await login(second.url, 'head@example.com', 'callboard', from)).status).toBe(429);
  });

  it('should close a socket on one process when its session is ended on the other', async () => {
    const alice = await world.anon.login('alice@example.com');
    const socket = await RecordingSocket.connect(world.backend.url, alice.token);
    const closed = new Promise<string>((resolve) => socket.socket.once('disconnect', resolve));
    const out = await postFrom(second!.url, '/api/auth/logout', {}, '127.0.0.1', alice.token);
    expect(out.status).toBe(204);
    // The first process never heard the event: its sweep finds the session ended.
    expect(await closed).toBe('io server disconnect');
    expect((await alice.api.get('/api/auth/me')).status).toBe(401);
  });
});
