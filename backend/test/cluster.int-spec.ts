import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, type World } from './fixtures';

// Two backend processes on one database and the machine's Redis (issue 18, ADR 0037): what is
// raised on one node reaches the sockets and the memory of the other. The control at the end runs
// the same two processes without Redis and shows the event does not cross (so this spec can fail).

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SITE = 'https://shop.example';
let world: World;
let nodeB: StartedBackend;
let b: { head: Api; alice: Api; anon: Api };
const prefix = `cbtest:${randomBytes(6).toString('hex')}:`;

async function signIn(url: string) {
  const anon = new Api(url);
  const [h, a] = await Promise.all([anon.login('head@example.com'), anon.login('alice@example.com')]);
  return { anon, head: h.api, alice: a.api };
}

async function dropKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

beforeAll(async () => {
  const cluster = { REDIS_URL, REDIS_PREFIX: prefix, TRUSTED_PROXIES: '127.0.0.1,::1', WEB_FORM_LIMIT_PER_SENDER: '4' };
  world = await createWorld({ env: { ...cluster, NODE_NAME: 'node-a' } });
  nodeB = await startBackend({ databaseUrl: world.backend.databaseUrl, env: { ...world.backend.env, ...cluster, NODE_NAME: 'node-b' } });
  b = await signIn(nodeB.url);
});

afterAll(async () => {
  await nodeB?.stop();
  await world?.backend.destroy();
  await dropKeys(`${prefix}*`);
});

const about = (id: string) => (p: any) => p?.id === id || p?.deal?.id === id;

describe('two nodes on one Redis', () => {
  it('should name the node that answers its health check, and its Redis', async () => {
    expect((await world.anon.get('/api/health')).body).toMatchObject({ status: 'ok', node: 'node-a', redis: 'ok' });
    expect((await b.anon.get('/api/health')).body).toMatchObject({ status: 'ok', node: 'node-b', redis: 'ok' });
  });

  it('should show a move made on node B on a Head’s board connected to node A, and a Seller on B hear only her own', async () => {
    const headOnA = await RecordingSocket.connect(world.backend.url, world.tokens.head);
    const aliceOnB = await RecordingSocket.connect(nodeB.url, (await b.anon.login('alice@example.com')).token);
    const bobOnA = await RecordingSocket.connect(world.backend.url, world.tokens.bob);
    try {
      const { body: deal } = await b.alice.post('/api/deals', { title: 'Moved on B' });
      await headOnA.waitFor('deal.created', about(deal.id));
      await b.alice.post(`/api/deals/${deal.id}/move`, { stageId: world.stages['In progress'] });
      const moved = await headOnA.waitFor('deal.moved', about(deal.id));
      expect(moved.payload.deal.stageId).toBe(world.stages['In progress']);
      // made on A, heard on B
      await world.alice.patch(`/api/deals/${deal.id}`, { amount: '7.00' });
      await aliceOnB.waitFor('deal.updated', (d) => d.id === deal.id && d.amount === '7.00');
      // a barrier every socket hears (an inbox lead), then Bob must have heard nothing of Alice's deal
      const { body: lead } = await b.head.post('/api/deals', { title: 'barrier', ownerId: null, stageId: world.stages['Unsorted'] });
      await Promise.all([headOnA, aliceOnB, bobOnA].map((s) => s.waitFor('deal.created', about(lead.id))));
      expect(bobOnA.received.filter((r) => about(deal.id)(r.payload))).toEqual([]);
    } finally {
      for (const s of [headOnA, aliceOnB, bobOnA]) s.close();
    }
  });

  it('should disconnect a Seller’s socket on node B when a Head on node A deactivates her, and refuse it back on either node', async () => {
    const created = await world.head.post('/api/users', { email: 'carol@example.com', name: 'Carol', role: 'seller', password: 'carol-password' });
    expect(created.status).toBe(201);
    const carol = await b.anon.login('carol@example.com', 'carol-password');
    const onB = await RecordingSocket.connect(nodeB.url, carol.token);
    const closed = new Promise((resolve) => onB.socket.once('disconnect', resolve));
    await world.head.patch(`/api/users/${carol.user.id}`, { active: false });
    await closed;
    await expect(RecordingSocket.connect(nodeB.url, carol.token)).rejects.toThrow(/not active/);
    await expect(RecordingSocket.connect(world.backend.url, carol.token)).rejects.toThrow(/not active/);
    expect((await carol.api.get('/api/board')).status).toBe(401);
  });

  it('should count a web form’s rate limit across nodes: a sender over the limit on A is refused on B too', async () => {
    const form = await world.head.post('/api/web-forms', {
      name: 'Contact us',
      pipelineId: world.pipelineId,
      fields: [{ key: 'name', required: true }, { key: 'phone', required: false }],
      redirectUrl: `${SITE}/thanks`,
      allowedOrigins: [SITE],
    });
    expect(form.status).toBe(201);
    const post = (url: string, n: number) =>
      fetch(`${url}/api/forms/${form.body.publicToken}`, {
        method: 'POST',
        headers: { origin: SITE, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.77' },
        body: JSON.stringify({ name: `Lead ${n}`, phone: `+3630555${String(1000 + n)}` }),
      });
    const statuses: number[] = [];
    // four allowed a minute: two on each node, then the fifth is refused on either
    for (const [i, url] of [world.backend.url, nodeB.url, world.backend.url, nodeB.url].entries()) statuses.push((await post(url, i)).status);
    expect(statuses.every((s) => s < 400)).toBe(true);
    expect((await post(nodeB.url, 9)).status).toBe(429);
    expect((await post(world.backend.url, 10)).status).toBe(429);
  });

  it('should drop the team settings kept in memory on node B when a Head changes them on node A', async () => {
    const before = (await b.head.get('/api/team-settings')).body.currency;
    const wanted = before === 'EUR' ? 'USD' : 'EUR';
    expect((await world.head.put('/api/team-settings', { currency: wanted })).status).toBe(200);
    // the hint crosses through Redis: B answers with the new value without a restart
    const deadline = Date.now() + 5000;
    let currency = '';
    while (Date.now() < deadline && (currency = (await b.head.get('/api/team-settings')).body.currency) !== wanted) await new Promise((r) => setTimeout(r, 50));
    expect(currency).toBe(wanted);
  });
});

describe('two nodes without Redis (the control)', () => {
  it('should not carry a move made on one node to the sockets of the other', async () => {
    const single = await startBackend({ seed: 'users' });
    const other = await startBackend({ databaseUrl: single.databaseUrl, env: { ...single.env } });
    try {
      const onA = await signIn(single.url);
      const headOnA = await RecordingSocket.connect(single.url, (await onA.anon.login('head@example.com')).token);
      const onB = await signIn(other.url);
      const { body: deal } = await onB.alice.post('/api/deals', { title: 'Not crossing' });
      // A hears its own, never B's
      const { body: own } = await onA.alice.post('/api/deals', { title: 'Own' });
      await headOnA.waitFor('deal.created', about(own.id));
      expect(headOnA.events('deal.created', about(deal.id))).toEqual([]);
      headOnA.close();
    } finally {
      await other.stop();
      await single.destroy();
    }
  });
});
