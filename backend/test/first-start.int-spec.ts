import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';

let dir: string;
const started: StartedBackend[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cb-first-start-'));
});

afterAll(async () => {
  for (const b of started) await b.destroy();
  await rm(dir, { recursive: true, force: true });
});

async function boot(options: Parameters<typeof startBackend>[0]): Promise<StartedBackend> {
  const b = await startBackend(options);
  started.push(b);
  return b;
}

describe('first start without shared passwords', () => {
  it('should give each demo user a generated password, written only to a 0600 file', async () => {
    const file = join(dir, 'state', 'logins.json');
    const backend = await boot({ seed: 'users', env: { SEED_PASSWORD: '', SEED_LOGINS_FILE: file } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const content = JSON.parse(await readFile(file, 'utf8'));
    expect(content.setupPath).toBeNull();
    expect(content.logins.map((l: any) => [l.email, l.role])).toEqual([
      ['head@example.com', 'head'],
      ['alice@example.com', 'seller'],
      ['bob@example.com', 'seller'],
    ]);
    const passwords = content.logins.map((l: any) => l.password);
    expect(new Set(passwords).size).toBe(3);
    const api = new Api(backend.url);
    for (const l of content.logins) {
      expect(l.password).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect((await api.login(l.email, l.password)).user.role).toBe(l.role);
      expect(backend.output()).not.toContain(l.password);
    }
    expect((await api.post('/api/auth/login', { email: 'head@example.com', password: 'callboard' })).status).toBe(401);
    // A restart keeps the users and their passwords; the file is not rewritten.
    await backend.restart();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(content);
    expect((await api.login('alice@example.com', content.logins[1].password)).user.email).toBe('alice@example.com');
  });

  it('should create the first Head once through the setup link of an install with no user', async () => {
    const file = join(dir, 'setup.json');
    const backend = await boot({ seed: 'none', env: { SEED_LOGINS_FILE: file } });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const { logins, setupPath } = JSON.parse(await readFile(file, 'utf8'));
    expect(logins).toEqual([]);
    expect(setupPath).toMatch(/^\/setup#[A-Za-z0-9_-]{43}$/);
    expect(backend.output()).toContain(`open ${setupPath}`);
    const token = setupPath.split('#')[1];
    const api = new Api(backend.url);
    expect((await api.get('/api/auth/setup')).body).toEqual({ needed: true });

    const first = { token, name: 'Hedda Head', email: 'hedda@example.com', password: 'heddas-long-password' };
    const wrong = await api.post('/api/auth/setup', { ...first, token: 'x'.repeat(43) });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'SETUP_TOKEN_INVALID']);
    const done = await api.post('/api/auth/setup', first);
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ email: 'hedda@example.com', role: 'head' });
    expect((await api.as(done.body.accessToken).get('/api/auth/me')).body.role).toBe('head');

    const again = await api.post('/api/auth/setup', { ...first, email: 'mallory@example.com' });
    expect([again.status, again.body.code, again.body.message]).toEqual([403, 'SETUP_TOKEN_INVALID', expect.stringMatching(/already set up/)]);
    expect((await api.get('/api/auth/setup')).body).toEqual({ needed: false });
    expect((await api.login('hedda@example.com', 'heddas-long-password')).user.role).toBe('head');
    expect((await api.post('/api/auth/login', { email: 'mallory@example.com', password: 'heddas-long-password' })).status).toBe(401);
  });

  it('should refuse to start with SEED_PASSWORD when NODE_ENV=production', async () => {
    await expect(startBackend({ env: { NODE_ENV: 'production', SEED_PASSWORD: 'callboard' } })).rejects.toThrow(
      /SEED_PASSWORD: is for tests only and refused with NODE_ENV=production/,
    );
  });
});
