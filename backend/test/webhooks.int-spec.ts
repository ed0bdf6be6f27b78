import { WebhookPayload } from '@callboard/contracts';
import { verifyWebhookSignature, WebhookReceiver } from '../../test/support/webhook-receiver';
import { Api } from '../../test/support/api';
import { startBackend } from '../../test/support/backend';
import { createWorld, sql, type World } from './fixtures';
import { eventually, internal } from './sales-support';

// Outbound webhooks (issue 17): signed, durable, retried with back-off, switched off after
// failures, SSRF-safe. A real backend, real PostgreSQL, a real loopback receiver.
let world: World;
let receiver: WebhookReceiver;
const NO_SUCH_ID = '00000000-0000-4000-8000-00000000dead';

/** Failed attempts in a row that switch a webhook off (the test's setting; the default is 20). */
const DISABLE_AFTER = 5;
const RESPONSE_TIMEOUT_MS = 1000;

beforeAll(async () => {
  receiver = await new WebhookReceiver().listen();
  receiver.behave = (path, res) => {
    if (path === '/fail') res.writeHead(500).end('receiver is down');
    else if (path === '/redirect') res.writeHead(302, { location: receiver.url('/redirected') }).end();
    else if (path === '/slow') return; // never answers: the backend's response timeout ends it
    else res.end('thanks');
  };
  world = await createWorld({
    env: { WEBHOOK_DISABLE_AFTER: String(DISABLE_AFTER), WEBHOOK_RESPONSE_TIMEOUT_MS: String(RESPONSE_TIMEOUT_MS), WEBHOOK_POLL_MS: '60000' },
  });
});

afterAll(async () => {
  await world?.backend.destroy();
  await receiver?.close();
});

async function createHook(events: string[], path: string, name = path) {
  const res = await world.head.post('/api/webhooks', { name, url: receiver.url(path), events, allowedHosts: ['127.0.0.1'] });
  expect(res.status).toBe(201);
  return res.body as { webhook: { id: string }; secret: string };
}

const deliveriesOf = async (id: string) => (await world.head.get(`/api/webhooks/${id}/deliveries`)).body as any[];
const drain = () => internal(world).post('/api/internal/webhooks/drain');

describe('webhooks', () => {
  it('should sign a deal.created for a loopback receiver the Head allowed, verifiable by the documented check, and an old timestamp is a replay', async () => {
    const { webhook, secret } = await createHook(['deal.created', 'deal.moved', 'deal.won'], '/ok');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // the secret is kept sealed, never as it is, and never listed
    const [row] = await sql(world, `SELECT secret_enc FROM webhooks WHERE id = $1`, [webhook.id]);
    expect(row.secret_enc).toMatch(/^v1:/);
    expect(row.secret_enc).not.toContain(secret.slice(6));
    expect(JSON.stringify((await world.head.get('/api/webhooks')).body)).not.toContain(secret.slice(6));

    const deal = (await world.head.post('/api/deals', { title: 'Webhook deal', amount: '10.00' })).body;
    const got = await receiver.next((r) => r.path === '/ok' && r.body.includes(deal.id));
    const payload = WebhookPayload.parse(JSON.parse(got.body));
    expect(payload).toMatchObject({ type: 'deal.created', version: 1, data: { deal: { id: deal.id, title: 'Webhook deal' } } });
    expect(got.headers['callboard-event-id']).toBe(payload.id);
    // written in the deal's own transaction: PostgreSQL's now() is that transaction's start, for both rows
    const [same] = await sql(world, `SELECT e.created_at = d.created_at AS same FROM webhook_events e, deals d WHERE e.id = $1 AND d.id = $2`, [payload.id, deal.id]);
    expect(same).toEqual({ same: true });
    expect(got.headers['content-type']).toBe('application/json');

    const header = got.headers['callboard-signature'] as string;
    const t = Number(/t=(\d+)/.exec(header)![1]);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(60);
    expect(verifyWebhookSignature(header, got.body, secret)).toBe('ok');
    // the same request replayed six minutes later
    expect(verifyWebhookSignature(header, got.body, secret, t + 301)).toBe('replay');
    expect(verifyWebhookSignature(header, got.body, secret, t + 299)).toBe('ok');
    // a changed body, or another secret, does not verify
    expect(verifyWebhookSignature(header, got.body.replace('Webhook deal', 'Webhook deaL'), secret)).toBe('bad-signature');
    expect(verifyWebhookSignature(header, got.body, `${secret}x`)).toBe('bad-signature');
    expect(verifyWebhookSignature(header.replace(/t=\d+/, `t=${t + 1}`), got.body, secret)).toBe('bad-signature');

    // a move into Won is deal.moved and deal.won, each with the stage it left and its own event id
    const stage = world.stages['Won'];
    expect((await world.head.post(`/api/deals/${deal.id}/move`, { stageId: stage })).status).toBe(200);
    const moved = await receiver.next((r) => r.path === '/ok' && r.body.includes('"deal.moved"'));
    const won = await receiver.next((r) => r.path === '/ok' && r.body.includes('"deal.won"'));
    expect(JSON.parse(moved.body).data).toMatchObject({ deal: { id: deal.id, stageId: stage, status: 'won' }, fromStageId: deal.stageId });
    expect(JSON.parse(won.body).data).toMatchObject({ deal: { id: deal.id }, fromStageId: deal.stageId });
    expect(JSON.parse(won.body).id).not.toBe(JSON.parse(moved.body).id);
    expect(verifyWebhookSignature(moved.headers['callboard-signature'] as string, moved.body, secret)).toBe('ok');
  });

  it('should log each attempt with its response code, and a manual redelivery delivers the same event once more', async () => {
    const { webhook } = await createHook(['task.completed'], '/log');
    const task = (await world.head.post('/api/tasks', { title: 'Log me' })).body;
    expect((await world.head.post(`/api/tasks/${task.id}/complete`)).status).toBe(200);
    const first = await receiver.next((r) => r.path === '/log');
    const eventId = JSON.parse(first.body).id;
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(webhook.id);
      return list.length && list[0].status === 'delivered' ? list : null;
    }, 10_000, 'a delivered delivery');
    expect(delivery).toMatchObject({ eventId, eventType: 'task.completed', attempts: 1, manual: false });
    expect(delivery.log).toEqual([expect.objectContaining({ statusCode: 200, responseExcerpt: 'thanks', error: null })]);

    const again = await world.head.post(`/api/webhooks/${webhook.id}/deliveries/${delivery.id}/redeliver`);
    expect(again.status).toBe(202);
    expect(again.body.eventId).toBe(eventId);
    await eventually(async () => receiver.on('/log').length === 2, 10_000, 'the redelivery');
    await drain();
    expect(receiver.on('/log').map((r) => JSON.parse(r.body).id)).toEqual([eventId, eventId]);
    const list = await deliveriesOf(webhook.id);
    expect(list.map((d) => [d.manual, d.status, d.log.map((a: any) => a.statusCode)])).toEqual([
      [true, 'delivered', [200]],
      [false, 'delivered', [200]],
    ]);
    expect((await world.head.post(`/api/webhooks/${webhook.id}/deliveries/${NO_SUCH_ID}/redeliver`)).status).toBe(404);
  });

  it('should retry a failing receiver with exponential back-off on the clock, then switch the webhook off and tell the Heads', async () => {
    const { webhook } = await createHook(['task.created'], '/fail', 'Failing ERP');
    const before = (await world.head.get('/api/notifications')).body.length;
    const task = (await world.head.post('/api/tasks', { title: 'Fail me' })).body;
    await eventually(async () => receiver.on('/fail').length === 1, 10_000, 'the first attempt');
    const [same] = await sql(
      world,
      `SELECT e.created_at = t.created_at AS same FROM webhook_events e, tasks t WHERE e.type = 'task.created' AND e.body LIKE '%' || $1 || '%' AND t.id = $1::uuid`,
      [task.id],
    );
    expect(same).toEqual({ same: true });
    for (let n = 1; n < DISABLE_AFTER; n++) {
      const [d] = await eventually(async () => {
        const list = await deliveriesOf(webhook.id);
        return list[0]?.log.length === n && list[0].nextAttemptAt ? list : null;
      }, 10_000, `attempt ${n} logged`);
      expect(d.log[0]).toMatchObject({ statusCode: 500, responseExcerpt: 'receiver is down', error: 'HTTP 500' });
      const gap = Date.parse(d.nextAttemptAt) - Date.parse(d.log[0].at);
      const expected = 60_000 * 2 ** (n - 1);
      expect(gap).toBeGreaterThanOrEqual(expected * 0.8 - 1000);
      expect(gap).toBeLessThanOrEqual(expected * 1.2 + 1000);
      // not before its time
      const { now } = (await internal(world).post('/api/internal/test/clock', { advanceMs: 0 })).body;
      await internal(world).post('/api/internal/test/clock', { advanceMs: Math.max(0, Date.parse(d.nextAttemptAt) - Date.parse(now) - 5_000) });
      await drain();
      expect(receiver.on('/fail')).toHaveLength(n);
      await internal(world).post('/api/internal/test/clock', { advanceMs: 6_000 });
      await drain();
      expect(receiver.on('/fail')).toHaveLength(n + 1);
    }
    const hook = await eventually(async () => {
      const h = (await world.head.get('/api/webhooks')).body.find((w: any) => w.id === webhook.id);
      return h && !h.enabled ? h : null;
    }, 10_000, 'the webhook switched off');
    expect(hook).toMatchObject({ enabled: false, disabledReason: 'failures', consecutiveFailures: DISABLE_AFTER });
    const notes = (await world.head.get('/api/notifications')).body;
    expect(notes.length).toBe(before + 1);
    expect(notes[0].title).toContain('Failing ERP');
    expect((await world.alice.get('/api/notifications')).body.some((n: any) => n.title.includes('Failing ERP'))).toBe(false);
    // switched off: nothing more is sent, however late it gets
    await internal(world).post('/api/internal/test/clock', { advanceMs: 24 * 3600_000 });
    await drain();
    expect(receiver.on('/fail')).toHaveLength(DISABLE_AFTER);
    expect((await world.head.post(`/api/webhooks/${webhook.id}/ping`)).status).toBe(409);
  });

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/x`],
    ['10.x', () => 'http://10.1.2.3/x'],
    ['169.254.x (cloud metadata)', () => 'http://169.254.169.254/latest/meta-data'],
    ['[::1]', (port: number) => `http://[::1]:${port}/x`],
    ['IPv4-mapped [::ffff:127.0.0.1]', (port: number) => `http://[::ffff:127.0.0.1]:${port}/x`],
    ['CGNAT 100.64.x', () => 'http://100.64.0.1/x'],
    ['IPv6 ULA', () => 'http://[fd00::1]/x'],
    ['localhost (a name resolving to loopback)', (port: number) => `http://localhost:${port}/x`],
  ])('should refuse a webhook to %s unless its host is allowed', async (_what, urlOf) => {
    const url = urlOf(receiver.port);
    const refused = await world.head.post('/api/webhooks', { name: 'SSRF', url, events: ['deal.created'] });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('WEBHOOK_TARGET_REFUSED');
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    const allowed = await world.head.post('/api/webhooks', { name: 'Allowed', url, events: ['deal.created'], allowedHosts: [host] });
    expect(allowed.status).toBe(201);
    await world.head.delete(`/api/webhooks/${allowed.body.webhook.id}`);
  });

  it('should refuse the target again at send time when the allow-list no longer holds the host', async () => {
    const { webhook } = await createHook(['deal.created'], '/unlisted');
    expect((await world.head.patch(`/api/webhooks/${webhook.id}`, { allowedHosts: [] })).body.code).toBe('WEBHOOK_TARGET_REFUSED');
    await sql(world, `UPDATE webhooks SET allowed_hosts = '{}' WHERE id = $1`, [webhook.id]);
    expect((await world.head.post(`/api/webhooks/${webhook.id}/ping`)).status).toBe(202);
    await drain();
    const [d] = await eventually(async () => ((await deliveriesOf(webhook.id))[0]?.log.length ? deliveriesOf(webhook.id) : null), 10_000, 'an attempt');
    expect(d.log[0]).toMatchObject({ statusCode: null });
    expect(d.log[0].error).toMatch(/^refused: .*127\.0\.0\.1/);
    expect(receiver.on('/unlisted')).toHaveLength(0);
  });

  it('should not follow a redirect: a 3xx is a failed attempt and its target hears nothing', async () => {
    const { webhook } = await createHook(['deal.created'], '/redirect');
    await world.head.post(`/api/webhooks/${webhook.id}/ping`);
    await drain();
    const [d] = await eventually(async () => ((await deliveriesOf(webhook.id))[0]?.log.length ? deliveriesOf(webhook.id) : null), 10_000, 'an attempt');
    expect(d.status).toBe('pending');
    expect(d.log[0]).toMatchObject({ statusCode: 302 });
    expect(d.log[0].error).toContain('not followed');
    expect(receiver.on('/redirect')).toHaveLength(1);
    expect(receiver.on('/redirected')).toHaveLength(0);
  });

  it('should give up on a receiver that does not answer within the response timeout', async () => {
    const { webhook } = await createHook(['deal.created'], '/slow');
    await world.head.post(`/api/webhooks/${webhook.id}/ping`);
    await drain();
    const [d] = await eventually(async () => ((await deliveriesOf(webhook.id))[0]?.log.length ? deliveriesOf(webhook.id) : null), 10_000, 'an attempt');
    expect(d.log[0].statusCode).toBeNull();
    expect(d.log[0].error).toMatch(/^timeout/);
    expect(d.log[0].durationMs).toBeGreaterThanOrEqual(RESPONSE_TIMEOUT_MS - 50);
    expect(d.log[0].durationMs).toBeLessThan(RESPONSE_TIMEOUT_MS + 1500);
  });

  it('should announce task.due once when a task\'s due time comes on the clock, and again for a new due time', async () => {
    const { webhook, secret } = await createHook(['task.due'], '/due');
    const { now } = (await internal(world).post('/api/internal/test/clock', { advanceMs: 0 })).body;
    const dueAt = new Date(Date.parse(now) + 3600_000).toISOString();
    const task = (await world.head.post('/api/tasks', { title: 'Call the ERP back', dueAt, assigneeId: world.ids.alice })).body;
    expect(task.id).toBeTruthy();
    expect((await drain()).body.tasksDue).toBe(0);
    expect(receiver.on('/due')).toHaveLength(0);

    await internal(world).post('/api/internal/test/clock', { advanceMs: 2 * 3600_000 });
    expect((await drain()).body.tasksDue).toBe(1);
    const got = await receiver.next((r) => r.path === '/due');
    expect(verifyWebhookSignature(got.headers['callboard-signature'] as string, got.body, secret)).toBe('ok');
    expect(WebhookPayload.parse(JSON.parse(got.body))).toMatchObject({
      type: 'task.due',
      occurredAt: dueAt,
      data: { taskId: task.id, title: 'Call the ERP back', assigneeId: world.ids.alice, dueAt },
    });
    // once: the next scans find it announced
    expect((await drain()).body.tasksDue).toBe(0);
    expect(receiver.on('/due')).toHaveLength(1);

    // a new due time is due again; a completed task is not
    const { now: later } = (await internal(world).post('/api/internal/test/clock', { advanceMs: 0 })).body;
    const again = new Date(Date.parse(later) + 60_000).toISOString();
    expect((await world.head.patch(`/api/tasks/${task.id}`, { dueAt: again })).status).toBe(200);
    const done = (await world.head.post('/api/tasks', { title: 'Done already', dueAt: again })).body;
    await world.head.post(`/api/tasks/${done.id}/complete`);
    await internal(world).post('/api/internal/test/clock', { advanceMs: 120_000 });
    expect((await drain()).body.tasksDue).toBe(1);
    await eventually(async () => receiver.on('/due').length === 2, 10_000, 'the second task.due');
    expect(JSON.parse(receiver.on('/due')[1].body).data).toMatchObject({ taskId: task.id, dueAt: again });
    expect((await deliveriesOf(webhook.id)).map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('should deliver each due delivery exactly once when two backends drain the same outbox', async () => {
    const { webhook } = await createHook(['task.created'], '/two-nodes');
    const second = await startBackend({ databaseUrl: world.backend.databaseUrl, env: { ...world.backend.env, WEBHOOK_POLL_MS: '60000' } });
    // 60 deliveries left due in the outbox (as after a crash), written straight into the tables:
    // nothing wakes a drainer but the two drain calls below
    await sql(
      world,
      `WITH e AS (INSERT INTO webhook_events (type, body, occurred_at)
                  SELECT 'task.created', json_build_object('id', gen_random_uuid(), 'n', g)::text, now() FROM generate_series(1, 60) g RETURNING id)
       INSERT INTO webhook_deliveries (webhook_id, event_id, next_attempt_at) SELECT $1, e.id, now() - interval '1 second' FROM e`,
      [webhook.id],
    );
    try {
      const other = new Api(second.url, world.backend.env.PBX_SERVICE_TOKEN);
      const drained = await Promise.all([drain(), other.post('/api/internal/webhooks/drain')]);
      expect(drained.map((r) => r.status)).toEqual([200, 200]);
      await eventually(async () => receiver.on('/two-nodes').length >= 60, 10_000, '60 deliveries');
      const ns = receiver.on('/two-nodes').map((r) => JSON.parse(r.body).n);
      expect(ns.sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const [row] = await sql(world, `SELECT count(*) FILTER (WHERE status = 'delivered' AND attempts = 1)::int AS done, count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = $1`, [webhook.id]);
      expect(row).toEqual({ done: 60, n: 60 });
    } finally {
      await second.stop();
    }
  });

  it('should answer 403 to a Seller and 401 to no one on every webhook route', async () => {
    const { webhook } = await createHook(['deal.created'], '/guarded');
    const id = webhook.id;
    const calls = (api: typeof world.alice) => [
      api.get('/api/webhooks'),
      api.post('/api/webhooks', { name: 'x', url: 'https://example.com/hook', events: ['deal.created'] }),
      api.patch(`/api/webhooks/${id}`, { enabled: false }),
      api.delete(`/api/webhooks/${id}`),
      api.get(`/api/webhooks/${id}/deliveries`),
      api.post(`/api/webhooks/${id}/deliveries/${NO_SUCH_ID}/redeliver`),
      api.post(`/api/webhooks/${id}/ping`),
    ];
    for (const [who, api, status] of [['alice', world.alice, 403], ['bob', world.bob, 403], ['anon', world.anon, 401]] as const) {
      expect({ who, statuses: (await Promise.all(calls(api))).map((r) => r.status) }).toEqual({ who, statuses: Array(7).fill(status) });
    }
    expect((await world.head.get('/api/webhooks')).body.some((w: any) => w.id === id && w.enabled)).toBe(true);
  });
});
