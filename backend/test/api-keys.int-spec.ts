import { createHash } from 'node:crypto';
import { Api } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';

// API keys for integrations (issue 17, ADR 0033): made by a Head, scoped, stored hashed, revocable,
// a Head's view within their scopes, audited on the deal timeline as the key.
let world: World;
let aliceDeal: string;
let bobDeal: string;
let aliceContact: string;

const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';
const TOKEN = /^cbk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/;

beforeAll(async () => {
  world = await createWorld();
  aliceContact = (await world.alice.post('/api/contacts', { name: 'Alice Client', phones: [{ number: '+36 30 111 2233' }] })).body.id;
  aliceDeal = (await world.alice.post('/api/deals', { title: 'Alice deal', amount: '100.00', contactId: aliceContact })).body.id;
  bobDeal = (await world.bob.post('/api/deals', { title: 'Bob deal', amount: '200.00' })).body.id;
  expect([aliceContact, aliceDeal, bobDeal].every(Boolean)).toBe(true);
});

afterAll(async () => {
  await world?.backend.destroy();
});

interface Created {
  id: string;
  token: string;
  name: string;
}

async function createKey(body: { name: string; access: 'read' | 'write'; resources: string[] }, by: Api = world.head): Promise<Created> {
  const res = await by.post('/api/api-keys', body);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body;
}

const withKey = (token: string) => world.anon.as(token);
const withHeader = (token: string) => ({
  get: (path: string) => world.anon.request('GET', path, undefined, { 'x-api-key': token }),
});

describe('managing API keys', () => {
  it('should let only a Head create, list and revoke keys; a Seller gets 403 and nobody 401', async () => {
    const body = { name: 'Seller try', access: 'read', resources: ['deals'] };
    expect((await world.alice.post('/api/api-keys', body)).status).toBe(403);
    expect((await world.alice.get('/api/api-keys')).status).toBe(403);
    expect((await world.alice.delete(`/api/api-keys/${NO_SUCH_ID}`)).status).toBe(403);
    expect((await world.anon.post('/api/api-keys', body)).status).toBe(401);
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM api_keys`);
    expect(n).toBe(0);
  });

  it('should show the token once, at creation, and list the key with its scopes but never its value', async () => {
    const created = await createKey({ name: 'Zapier', access: 'read', resources: ['contacts', 'deals'] });
    expect(created.token).toMatch(TOKEN);
    expect(created).toMatchObject({ name: 'Zapier', access: 'read', resources: ['contacts', 'deals'], createdById: world.ids.head, lastUsedAt: null, revokedAt: null });
    expect(created.token.startsWith(`${(created as any).prefix}`)).toBe(true);
    const list = await world.head.get('/api/api-keys');
    expect(list.status).toBe(200);
    const listed = list.body.find((k: any) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'Zapier', createdByName: expect.any(String), lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.token.slice(37));
    expect(listed).not.toHaveProperty('token');
  });

  it('should refuse a key without a name or an area, and an area that does not exist', async () => {
    for (const body of [
      { name: '', access: 'read', resources: ['deals'] },
      { name: 'x', access: 'read', resources: [] },
      { name: 'x', access: 'read', resources: ['users'] },
      { name: 'x', access: 'admin', resources: ['deals'] },
      { name: 'x', access: 'read', resources: ['deals', 'deals'] },
    ]) {
      const res = await world.head.post('/api/api-keys', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('should keep no plaintext key in the api_keys table: no column of any row holds the token or its secret', async () => {
    const created = await createKey({ name: 'Scan me', access: 'write', resources: ['deals'] });
    const secret = created.token.slice(37);
    const secretHex = Buffer.from(secret, 'base64url').toString('hex');
    // every column of every row, as text (bytea as \x hex), and as JSON
    const rows = await sql<{ t: string; j: string }>(world, `SELECT a::text AS t, row_to_json(a)::text AS j FROM api_keys a`);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const { t, j } of rows) {
      for (const needle of [created.token, secret, secretHex, created.token.slice(0, 40) + secret.slice(0, 8)]) {
        expect(t.includes(needle)).toBe(false);
        expect(j.includes(needle)).toBe(false);
      }
    }
    // what is kept is the SHA-256 of the whole token
    const [row] = await sql<{ h: string }>(world, `SELECT encode(token_hash, 'hex') AS h FROM api_keys WHERE id = $1`, [created.id]);
    expect(row.h).toBe(createHash('sha256').update(created.token).digest('hex'));
  });
});

describe('what a key may do', () => {
  it('should let a read-only key read within its areas and answer 403 on any write', async () => {
    const key = await createKey({ name: 'Read contacts', access: 'read', resources: ['contacts'] });
    const api = withKey(key.token);
    expect((await api.get('/api/contacts')).status).toBe(200);
    expect((await api.get(`/api/contacts/${aliceContact}`)).status).toBe(200);
    for (const res of [
      await api.post('/api/contacts', { name: 'Written by a read-only key' }),
      await api.patch(`/api/contacts/${aliceContact}`, { company: 'Changed' }),
    ]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'API_KEY_SCOPE_MISSING' });
    }
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM contacts WHERE name = 'Written by a read-only key' OR company = 'Changed'`);
    expect(n).toBe(0);
  });

  it('should answer 403 to a contacts-only key on /api/deals, the board and the search (which reads deals too)', async () => {
    const key = await createKey({ name: 'Contacts only', access: 'write', resources: ['contacts'] });
    const api = withKey(key.token);
    for (const res of [await api.get('/api/deals'), await api.get(`/api/deals/${aliceDeal}`), await api.get('/api/board'), await api.post('/api/deals', { title: 'No' }), await api.get('/api/search?q=Alice')]) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'API_KEY_SCOPE_MISSING' });
    }
    expect((await api.post('/api/contacts', { name: 'Written by a contacts key' })).status).toBe(201);
  });

  it('should see what a Head sees: another rep\'s deal, every rep\'s deals in the list', async () => {
    const key = await createKey({ name: 'Reader', access: 'read', resources: ['deals'] });
    const api = withKey(key.token);
    const one = await api.get(`/api/deals/${bobDeal}`);
    expect({ status: one.status, title: one.body.title }).toEqual({ status: 200, title: 'Bob deal' });
    const titles = (await api.get('/api/deals?limit=100')).body.items.map((d: any) => d.title);
    expect(titles).toEqual(expect.arrayContaining(['Alice deal', 'Bob deal']));
    // a Seller does not: the same read as Alice is 404
    expect((await world.alice.get(`/api/deals/${bobDeal}`)).status).toBe(404);
  });

  it('should record a change made with a key as the key on the deal timeline (actor: the key, for its Head)', async () => {
    const key = await createKey({ name: 'CRM sync', access: 'write', resources: ['deals'] });
    const api = withKey(key.token);
    const made = await api.post('/api/deals', { title: 'From the integration', ownerId: world.ids.alice });
    expect(made.status).toBe(201);
    expect((await api.patch(`/api/deals/${made.body.id}`, { title: 'From the integration, renamed' })).status).toBe(200);
    const events = (await world.head.get(`/api/deals/${made.body.id}/events`)).body;
    expect(events.map((e: any) => [e.type, e.actorKind, e.actorId, e.actorName])).toEqual([
      ['edited', 'api_key', key.id, 'CRM sync'],
      ['created', 'api_key', key.id, 'CRM sync'],
    ]);
    const rows = await sql(world, `SELECT actor_id, api_key_id FROM deal_events WHERE deal_id = $1`, [made.body.id]);
    expect(rows).toEqual([
      { actor_id: world.ids.head, api_key_id: key.id },
      { actor_id: world.ids.head, api_key_id: key.id },
    ]);
    // the same change by the Head in person names the Head
    await world.head.patch(`/api/deals/${made.body.id}`, { title: 'Renamed by hand' });
    const latest = (await world.head.get(`/api/deals/${made.body.id}/events`)).body[0];
    expect([latest.actorKind, latest.actorId]).toEqual(['user', world.ids.head]);
  });

  it('should take the key in X-API-Key as well as in Authorization: Bearer', async () => {
    const key = await createKey({ name: 'Header', access: 'read', resources: ['deals'] });
    expect((await withHeader(key.token).get('/api/deals')).status).toBe(200);
  });

  it('should never open users, keys, settings, telephony or personal routes to a key, whatever its scopes', async () => {
    const key = await createKey({ name: 'Everything', access: 'write', resources: ['deals', 'contacts', 'calls', 'tasks', 'offers', 'orders', 'reports'] });
    const api = withKey(key.token);
    const doc = (await world.anon.get('/api/docs-json')).body;
    const closed: string[] = [];
    const open: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        if (op['x-access']?.kind !== 'roles') continue;
        (op['x-api-key-scope'] ? open : closed).push(`${method.toUpperCase()} ${path}`);
      }
    }
    // the key's own management and the people's routes are among the closed
    expect(closed).toEqual(
      expect.arrayContaining([
        'POST /api/api-keys',
        'GET /api/api-keys',
        'DELETE /api/api-keys/{id}',
        'GET /api/users',
        'POST /api/users',
        'PATCH /api/users/{id}',
        'GET /api/auth/me',
        'POST /api/auth/password',
        'PUT /api/team-settings',
        'PUT /api/telephony/settings',
        'GET /api/security/blocks',
        'POST /api/wallboard/tokens',
        'GET /api/today',
        'POST /api/calls/{callId}/transfer',
        'PUT /api/settings/lost-reasons',
        'DELETE /api/contacts/{id}',
      ]),
    );
    expect(open).toEqual(expect.arrayContaining(['GET /api/deals', 'POST /api/deals', 'GET /api/contacts', 'GET /api/calls', 'GET /api/tasks', 'GET /api/offers', 'GET /api/orders', 'GET /api/reports/{name}']));
    const got: Record<string, string> = {};
    for (const route of closed) {
      const [method, path] = route.split(' ');
      const res = await api.request(method, path.replace(/\{[^}]+\}/g, NO_SUCH_ID), method === 'GET' || method === 'DELETE' ? undefined : {});
      got[route] = `${res.status} ${res.body?.code}`;
    }
    expect(got).toEqual(Object.fromEntries(closed.map((r) => [r, '403 API_KEY_ROUTE_CLOSED'])));
    const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM api_keys`);
    const before = n;
    expect((await api.post('/api/api-keys', { name: 'made by a key', access: 'write', resources: ['deals'] })).status).toBe(403);
    expect((await sql(world, `SELECT count(*)::int AS n FROM api_keys`))[0].n).toBe(before);
  });
});

describe('the OpenAPI document', () => {
  it('should document the key schemes and, per route, the scope a key needs or that keys are refused', async () => {
    const doc = (await world.anon.get('/api/docs-json')).body;
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
    expect(doc.components.securitySchemes.apiKeyBearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: expect.stringContaining('cbk_') });
    expect(doc.paths['/api/deals'].get['x-api-key-scope']).toEqual({ resources: ['deals'], access: 'read' });
    expect(doc.paths['/api/deals'].post['x-api-key-scope']).toEqual({ resources: ['deals'], access: 'write' });
    expect(doc.paths['/api/deals'].get.security).toEqual(expect.arrayContaining([{ apiKey: [] }, { apiKeyBearer: [] }]));
    expect(doc.paths['/api/search'].get['x-api-key-scope']).toEqual({ resources: ['deals', 'contacts'], access: 'read' });
    expect(doc.paths['/api/api-keys'].get['x-api-key-scope']).toBeNull();
    expect(doc.paths['/api/api-keys'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/api-keys'].post.requestBody.content['application/json'].schema.properties.resources.items.enum).toEqual([
      'deals', 'contacts', 'calls', 'tasks', 'offers', 'orders', 'reports',
    ]);
  });
});

describe('when a key stops working', () => {
  it('should answer 401 API_KEY_REVOKED at the next request after a revoke, and list the key as revoked', async () => {
    const key = await createKey({ name: 'Short-lived', access: 'read', resources: ['deals'] });
    const api = withKey(key.token);
    expect((await api.get('/api/deals')).status).toBe(200);
    expect((await world.head.delete(`/api/api-keys/${key.id}`)).status).toBe(204);
    const res = await api.get('/api/deals');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'API_KEY_REVOKED' });
    expect((await withHeader(key.token).get('/api/deals')).status).toBe(401);
    const listed = (await world.head.get('/api/api-keys')).body.find((k: any) => k.id === key.id);
    expect(listed.revokedAt).toEqual(expect.any(String));
    expect((await world.head.delete(`/api/api-keys/${NO_SUCH_ID}`)).status).toBe(404);
  });

  it('should stop a key when the Head who made it is no longer a Head', async () => {
    const made = await world.head.post('/api/users', { email: 'second.head@example.com', name: 'Second Head', role: 'head', password: 'a long enough password 1' });
    expect(made.status).toBe(201);
    const second = await world.anon.login('second.head@example.com', 'a long enough password 1');
    const key = await createKey({ name: 'Second head key', access: 'read', resources: ['deals'] }, second.api);
    expect((await withKey(key.token).get('/api/deals')).status).toBe(200);
    expect((await world.head.patch(`/api/users/${made.body.id}`, { role: 'seller' })).status).toBe(200);
    const res = await withKey(key.token).get('/api/deals');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'API_KEY_REVOKED' });
  });

  it('should answer a malformed, unknown or wrong key with 401 and a clear code, never a 500', async () => {
    const good = await createKey({ name: 'Good', access: 'read', resources: ['deals'] });
    const wrongSecret = good.token.slice(0, 37) + (good.token[37] === 'A' ? 'B' : 'A') + good.token.slice(38);
    const unknownId = `cbk_${'0'.repeat(32)}_${good.token.slice(37)}`;
    const cases: [string, Record<string, string>][] = [
      ['malformed bearer', { authorization: 'Bearer cbk_nope' }],
      ['wrong secret', { authorization: `Bearer ${wrongSecret}` }],
      ['unknown id', { authorization: `Bearer ${unknownId}` }],
      ['garbage header', { 'x-api-key': 'not a key at all' }],
      ['empty header', { 'x-api-key': '' }],
      ['huge header', { 'x-api-key': `cbk_${'a'.repeat(6000)}` }],
      ['not ascii', { 'x-api-key': `cbk_${'é'.repeat(40)}` }],
      ['both headers', { 'x-api-key': good.token, authorization: `Bearer ${good.token}` }],
    ];
    const got: Record<string, string> = {};
    for (const [name, headers] of cases) {
      const res = await world.anon.request('GET', '/api/deals', undefined, headers);
      got[name] = `${res.status} ${res.body?.code}`;
    }
    expect(got).toEqual(Object.fromEntries(cases.map(([name]) => [name, '401 API_KEY_INVALID'])));
    // a bearer that is not a key is still a session token: the old answer
    const jwt = await world.anon.request('GET', '/api/deals', undefined, { authorization: 'Bearer not.a.jwt' });
    expect({ status: jwt.status, code: jwt.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

describe('last used', () => {
  it('should set last used on first use, then at most once a minute', async () => {
    const key = await createKey({ name: 'Timed', access: 'read', resources: ['deals'] });
    const lastUsed = async () => (await sql<{ t: Date | null }>(world, `SELECT last_used_at AS t FROM api_keys WHERE id = $1`, [key.id]))[0].t;
    expect(await lastUsed()).toBeNull();
    expect((await withKey(key.token).get('/api/deals')).status).toBe(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    const listed = (await world.head.get('/api/api-keys')).body.find((k: any) => k.id === key.id);
    expect(listed.lastUsedAt).toEqual(expect.any(String));
    // used 30 s ago: another request leaves it
    await sql(world, `UPDATE api_keys SET last_used_at = now() - interval '30 seconds' WHERE id = $1`, [key.id]);
    const recent = await lastUsed();
    expect((await withKey(key.token).get('/api/deals')).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBe(recent!.getTime());
    // used 2 min ago: the next request writes it again
    await sql(world, `UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [key.id]);
    const old = await lastUsed();
    expect((await withKey(key.token).get('/api/deals')).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(old!.getTime() + 60_000);
  });
});

// Last: it blocks this address for failed keys.
describe('failed keys are rate-limited', () => {
  it('should answer 429 with Retry-After once an address has failed too often, and still serve a valid key from it', async () => {
    const good = await createKey({ name: 'Still works', access: 'read', resources: ['deals'] });
    let blockedAt = 0;
    for (let i = 1; i <= 25 && !blockedAt; i++) {
      const res = await world.anon.request('GET', '/api/deals', undefined, { authorization: `Bearer cbk_${'f'.repeat(32)}_${'x'.repeat(43)}` });
      if (res.status === 429) {
        expect(res.body.code).toBe('RATE_LIMITED');
        blockedAt = i;
      } else expect(res.status).toBe(401);
    }
    expect(blockedAt).toBeGreaterThan(0);
    const raw = await fetch(`${world.backend.url}/api/deals`, { headers: { 'x-api-key': 'cbk_garbage' } });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await withKey(good.token).get('/api/deals')).status).toBe(200);
    const [row] = await sql(world, `SELECT attempts FROM login_throttle WHERE email = '#api-key'`);
    expect(row.attempts).toBeGreaterThan(20);
  });
});
