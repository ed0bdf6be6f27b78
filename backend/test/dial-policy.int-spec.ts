import { randomUUID } from 'node:crypto';
import { Api } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';

// The outbound dial policy (ADR 0009): the Head's settings API and the SIP server's questions
// (dial-check before a call reaches the trunk, refer-check before a REFER is relayed).
let world: World;
let pbx: Api;
let seq = 0;
const SALES = '+3612345678';
const EXT = { head: '1000', alice: '1001', bob: '1002' };

beforeAll(async () => {
  world = await createWorld();
  pbx = new Api(world.backend.url, world.backend.env.PBX_SERVICE_TOKEN);
});

afterAll(async () => {
  await world?.backend.destroy();
});

const put = (api: Api, path: string, body: unknown) => api.request('PUT', path, body);

const dialCheck = (extension: string, to: string, callId = `${randomUUID()}@phone`) =>
  pbx.get(`/api/internal/dial-check?callId=${encodeURIComponent(callId)}&extension=${encodeURIComponent(extension)}&to=${encodeURIComponent(to)}`);

describe('dial policy settings', () => {
  it('should let only a Head read and change the policy', async () => {
    expect((await world.alice.get('/api/dial-policy')).status).toBe(403);
    expect((await world.anon.get('/api/dial-policy')).status).toBe(401);
    expect((await pbx.get('/api/dial-policy')).status).toBe(401);
    const view = await world.head.get('/api/dial-policy');
    expect(view.status).toBe(200);
    expect(view.body.settings).toEqual({
      allowedCountryCodes: ['36'],
      blockSpecialServices: true,
      blockedPrefixes: expect.arrayContaining(['+1900', '+1976']),
      maxConcurrentCalls: 2,
    });
    expect(view.body.users.map((u: { extension: string; internationalAllowed: boolean }) => [u.extension, u.internationalAllowed])).toEqual(
      expect.arrayContaining([
        [EXT.head, false],
        [EXT.alice, false],
      ]),
    );

    const next = { allowedCountryCodes: ['36', '43'], blockSpecialServices: true, blockedPrefixes: ['+1900', '+3630'], maxConcurrentCalls: 3 };
    expect((await put(world.bob, '/api/dial-policy', next)).status).toBe(403);
    for (const bad of [
      { ...next, allowedCountryCodes: ['+36'] },
      { ...next, blockedPrefixes: ['1900'] },
      { ...next, maxConcurrentCalls: 0 },
      { ...next, extra: 1, blockSpecialServices: 'yes' },
    ]) {
      expect((await put(world.head, '/api/dial-policy', bad)).status).toBe(400);
    }
    expect((await put(world.head, '/api/dial-policy', next)).body).toEqual(next);
    expect((await world.head.get('/api/dial-policy')).body.settings).toEqual(next);
    expect((await dialCheck(EXT.alice, '+43 1 5880 0000')).body).toEqual({ allowed: true, maxConcurrent: 3 });
    expect((await dialCheck(EXT.alice, '06 30 123 4567')).body).toMatchObject({ allowed: false, reason: 'blocked_prefix' });
    // back to the defaults for the other tests
    await put(world.head, '/api/dial-policy', { ...view.body.settings });
  });

  it('should let a Head allow international calls per user, and nobody else', async () => {
    const path = `/api/dial-policy/users/${world.ids.alice}`;
    expect((await put(world.alice, path, { internationalAllowed: true })).status).toBe(403);
    expect((await put(world.head, `/api/dial-policy/users/${randomUUID()}`, { internationalAllowed: true })).status).toBe(404);
    expect((await put(world.head, path, { internationalAllowed: 'yes' })).status).toBe(400);
    expect((await dialCheck(EXT.alice, '+44 20 7946 0000')).body).toMatchObject({ allowed: false, reason: 'international_not_allowed' });
    const res = await put(world.head, path, { internationalAllowed: true });
    expect(res.body).toMatchObject({ id: world.ids.alice, internationalAllowed: true });
    expect((await dialCheck(EXT.alice, '+44 20 7946 0000')).body).toEqual({ allowed: true, maxConcurrent: 2 });
    // premium rate stays refused even for her
    expect((await dialCheck(EXT.alice, '+44 871 234 5678')).body).toMatchObject({ allowed: false, reason: 'special_service' });
    await put(world.head, path, { internationalAllowed: false });
  });
});

describe('GET /api/internal/dial-check', () => {
  it('should answer only with the service token', async () => {
    expect((await world.head.get(`/api/internal/dial-check?callId=x&extension=${EXT.alice}&to=%2B3612345678`)).status).toBe(401);
    expect((await pbx.get(`/api/internal/dial-check?callId=x&extension=${EXT.alice}`)).status).toBe(400);
  });

  it('should allow a domestic number in any format with the caller’s limit', async () => {
    for (const to of ['+3613334444', '06 1 333 4444', '0036 1 333 4444']) {
      expect((await dialCheck(EXT.bob, to)).body).toEqual({ allowed: true, maxConcurrent: 2 });
    }
  });

  it('should refuse premium rate, blocked ranges, other countries, nonsense and unknown or inactive extensions, and keep each refusal for the Head', async () => {
    const cases = [
      [EXT.alice, '+36 90 123 456', 'special_service', 'Premium-rate numbers are blocked'],
      [EXT.alice, '+1 900 555 0123', 'blocked_prefix', 'This number range is blocked'],
      [EXT.alice, '+49 30 1234567', 'international_not_allowed', 'International calls are not allowed'],
      [EXT.alice, 'abc', 'invalid_number', 'Not a valid phone number'],
      ['9999', '+3613334444', 'unknown_extension', 'This phone may not make calls'],
    ] as const;
    for (const [ext, to, reason, message] of cases) {
      const callId = `${randomUUID()}@phone`;
      expect((await dialCheck(ext, to, callId)).body).toEqual({ allowed: false, reason, message });
      const refusals = (await world.head.get('/api/dial-policy')).body.refusals;
      expect(refusals[0]).toMatchObject({ callId, extension: ext, destination: to, reason });
    }
    const [alice] = (await world.head.get('/api/dial-policy')).body.refusals.filter((r: { extension: string }) => r.extension === EXT.alice);
    expect(alice).toMatchObject({ userId: world.ids.alice, userName: 'Alice Seller' });

    // a deactivated user's extension dials nothing
    const user = await world.head.post('/api/users', { email: `gone-${seq++}@example.com`, name: 'Gone', role: 'seller', password: 'long-enough-1' });
    expect((await dialCheck(user.body.extension, '+3613334444')).body).toMatchObject({ allowed: true });
    expect((await world.head.patch(`/api/users/${user.body.id}`, { active: false })).status).toBe(200);
    expect((await dialCheck(user.body.extension, '+3613334444')).body).toMatchObject({ allowed: false, reason: 'unknown_extension' });
  });
});

describe('GET /api/internal/refer-check', () => {
  const ev = (callId: string, type: string, fields: Record<string, unknown> = {}) => ({
    callId,
    type,
    origin: { pbx: 'test', boot: 'policy', seq: ++seq },
    at: new Date().toISOString(),
    ...fields,
  });

  it('should allow a REFER only with a token pending for that very call, without using it up', async () => {
    const callId = `${randomUUID()}@trunk`;
    const events = [
      ev(callId, 'offered', { direction: 'inbound', from: '+36301110099', fromName: 'Caller', to: SALES }),
      ev(callId, 'answered', { extension: EXT.bob }),
    ];
    expect((await pbx.post('/api/internal/call-events', { events })).status).toBe(200);
    const transfer = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice });
    expect(transfer.status).toBe(201);
    const token = /X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(transfer.body.referTo)![1]!;
    const check = (cid: string, t: string) => pbx.get(`/api/internal/refer-check?callId=${encodeURIComponent(cid)}&token=${encodeURIComponent(t)}`);

    expect((await world.bob.get(`/api/internal/refer-check?callId=x&token=${token}`)).status).toBe(401);
    expect((await check(callId, token)).body).toEqual({ allowed: true });
    expect((await check(callId, token)).body).toEqual({ allowed: true }); // not consumed by checking
    expect((await check(`${randomUUID()}@trunk`, token)).body).toEqual({ allowed: false });
    expect((await check(callId, 'A'.repeat(24))).body).toEqual({ allowed: false });
    expect((await check(callId, 'bad token!')).body).toEqual({ allowed: false });

    // once the carrier's INVITE claimed it, it is no longer good for a REFER
    const routed = await pbx.get(`/api/internal/routing?callId=${encodeURIComponent(`${randomUUID()}@carrier`)}&from=x&to=${encodeURIComponent(SALES)}&transfer=${token}`);
    expect(routed.body.transfer).toBe('accepted');
    expect((await check(callId, token)).body).toEqual({ allowed: false });

    const expired = await world.bob.post(`/api/calls/${encodeURIComponent(callId)}/transfer`, { toUserId: world.ids.alice });
    const expiredToken = /X-Callboard-Transfer=([A-Za-z0-9_-]+)$/.exec(expired.body.referTo)![1]!;
    await sql(world, `UPDATE call_transfers SET expires_at = now() - interval '1 second' WHERE token = $1`, [expiredToken]);
    expect((await check(callId, expiredToken)).body).toEqual({ allowed: false });
  });
});
