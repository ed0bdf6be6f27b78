import { Api } from '../../test/support/api';
import { RecordingSocket } from '../../test/support/socket';
import { createWorld, type World } from './fixtures';

const COALESCE_MS = 1500;
let world: World;
let pbx: Api;
let headSocket: RecordingSocket;

beforeAll(async () => {
  world = await createWorld({ env: { ALERT_COALESCE_MS: String(COALESCE_MS) } });
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
  headSocket = await RecordingSocket.connect(world.backend.url, world.tokens.head);
});

afterAll(async () => {
  headSocket?.close();
  await world?.backend.destroy();
});

const alert = (callId: string, reason = 'rejected: invalid: type: Invalid input') => ({
  kind: 'call-event-dead-lettered',
  callId,
  eventType: 'offered',
  reason,
});

const notificationsOf = async (api: Api) => (await api.get('/api/notifications')).body as { title: string; body: string }[];

describe('alerts from the pbx-bridge', () => {
  it('should notify every Head, live and in the list, and no Seller, when the bridge dead-letters an event', async () => {
    // hostile text: control characters stripped, length capped
    const res = await pbx.post('/api/internal/alerts', alert('first\u0000\r\ncall@trunk', `x\u001b[31m${'y'.repeat(5000)}`));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ notified: 1, coalesced: false });
    const live = await headSocket.waitFor('notification', (n) => n.body.includes('call@trunk'));
    expect(live.payload.title).toBe('A call event could not be applied');
    expect(live.payload.body).not.toMatch(/[\u0000-\u001f]/);
    expect(live.payload.body.length).toBeLessThan(1000);
    expect((await notificationsOf(world.head)).some((n) => n.body.includes('call@trunk'))).toBe(true);
    expect((await notificationsOf(world.alice)).some((n) => n.body.includes('call@trunk'))).toBe(false);
  });

  it('should coalesce a flood into one summary at the end of the window', async () => {
    const before = (await notificationsOf(world.head)).length;
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push((await pbx.post('/api/internal/alerts', alert(`flood-${i}@trunk`))).body);
    expect(answers.every((a) => a.coalesced === true && a.notified === 0)).toBe(true);
    const summary = await headSocket.waitFor('notification', (n) => n.body.startsWith('40 more'), COALESCE_MS * 4);
    expect(summary.payload.body).toContain('flood-39@trunk');
    expect((await notificationsOf(world.head)).length).toBe(before + 1);
  });

  it('should refuse a malformed alert with 400 and a user’s token with 401', async () => {
    expect((await pbx.post('/api/internal/alerts', { kind: 'something-else', callId: null, eventType: null, reason: 'x' })).status).toBe(400);
    expect((await pbx.post('/api/internal/alerts', { kind: 'call-event-dead-lettered' })).status).toBe(400);
    expect((await world.head.post('/api/internal/alerts', alert('x'))).status).toBe(401);
  });
});
