import { RecordingSocket } from '../../test/support/socket';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';
import { createWorld, type World } from './fixtures';

let world: World;
let shortLived: StartedBackend | undefined;
const sockets: RecordingSocket[] = [];

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  for (const s of sockets) s.close();
  await shortLived?.destroy();
  await world?.backend.destroy();
});

/** A signed-in socket, and a promise of its close that fails unless it comes within `withinMs` (at once, not at the next sweep). */
async function socketOf(url: string, token: string, withinMs = 2000): Promise<{ socket: RecordingSocket; closed: Promise<string> }> {
  const socket = await RecordingSocket.connect(url, token);
  sockets.push(socket);
  const closed = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`socket still open after ${withinMs} ms`)), withinMs);
    socket.socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
  closed.catch(() => undefined); // awaited later; no unhandled rejection meanwhile
  return { socket, closed };
}

describe('sessions', () => {
  it('should end only the signed-out session: its token 401, its socket closed, the other tab untouched', async () => {
    const [a, b] = [await world.anon.login('alice@example.com'), await world.anon.login('alice@example.com')];
    const sa = await socketOf(world.backend.url, a.token);
    const sb = await socketOf(world.backend.url, b.token);
    expect((await a.api.post('/api/auth/logout')).status).toBe(204);
    expect(await sa.closed).toBe('io server disconnect');
    const after = await a.api.get('/api/auth/me');
    expect([after.status, after.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(RecordingSocket.connect(world.backend.url, a.token)).rejects.toThrow(/session has ended/);
    expect((await b.api.get('/api/auth/me')).status).toBe(200);
    expect(sb.socket.socket.connected).toBe(true);
  });

  it('should change a password only with the current one, and end the user\'s other sessions', async () => {
    const here = await world.anon.login('bob@example.com');
    const other = await world.anon.login('bob@example.com');
    const otherSocket = await socketOf(world.backend.url, other.token);
    const wrong = await here.api.post('/api/auth/password', { currentPassword: 'not-it', newPassword: 'a-new-long-password' });
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CURRENT_PASSWORD_WRONG']);
    const short = await here.api.post('/api/auth/password', { currentPassword: 'callboard', newPassword: 'short' });
    expect([short.status, short.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const email = await here.api.post('/api/auth/password', { currentPassword: 'callboard', newPassword: 'bob@example.com' });
    expect([email.status, email.body.code]).toEqual([400, 'PASSWORD_NOT_ALLOWED']);
    // Nothing changed so far: the other session still works.
    expect((await other.api.get('/api/auth/me')).status).toBe(200);

    expect((await here.api.post('/api/auth/password', { currentPassword: 'callboard', newPassword: 'bobs-new-password' })).status).toBe(204);
    expect(await otherSocket.closed).toBe('io server disconnect');
    expect((await other.api.get('/api/auth/me')).status).toBe(401);
    expect((await here.api.get('/api/auth/me')).status).toBe(200);
    expect((await world.anon.post('/api/auth/login', { email: 'bob@example.com', password: 'callboard' })).status).toBe(401);
    expect((await world.anon.login('bob@example.com', 'bobs-new-password')).user.email).toBe('bob@example.com');
  });

  it('should let a Head reset a password to a temporary one shown once, ending every session of that user', async () => {
    const carol = await world.head.post('/api/users', { email: 'carol@example.com', name: 'Carol', role: 'seller', password: 'carols-first-password' });
    expect(carol.status).toBe(201);
    const before = await world.anon.login('carol@example.com', 'carols-first-password');
    const live = await socketOf(world.backend.url, before.token);
    expect((await before.api.post(`/api/users/${world.ids.alice}/reset-password`)).status).toBe(403);

    const reset = await world.head.post(`/api/users/${carol.body.id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await live.closed).toBe('io server disconnect');
    expect((await before.api.get('/api/board')).status).toBe(401);
    expect((await world.anon.post('/api/auth/login', { email: 'carol@example.com', password: 'carols-first-password' })).status).toBe(401);
    const after = await world.anon.login('carol@example.com', reset.body.temporaryPassword);
    expect((await after.api.get('/api/auth/me')).body.email).toBe('carol@example.com');
    expect(world.backend.output()).not.toContain(reset.body.temporaryPassword);
  });

  it('should refuse a token that carries no session (a token of the old kind)', async () => {
    const { sign } = await import('jsonwebtoken');
    const old = sign({ sub: world.ids.head, role: 'head' }, world.backend.env.JWT_SECRET!, { algorithm: 'HS256', expiresIn: 600 });
    expect((await world.anon.as(old).get('/api/auth/me')).status).toBe(401);
  });

  it('should close a socket when its token expires', async () => {
    shortLived = await startBackend({ env: { JWT_TTL_SECONDS: '5' } });
    const alice = await new Api(shortLived.url).login('alice@example.com');
    const started = Date.now();
    const { closed } = await socketOf(shortLived.url, alice.token, 9000);
    expect(await closed).toBe('io server disconnect');
    const lived = Date.now() - started;
    expect(lived).toBeGreaterThan(3000);
    expect(lived).toBeLessThan(8000);
    expect((await alice.api.get('/api/auth/me')).status).toBe(401);
  }, 30_000);
});
