import type { User } from '@callboard/contracts';
import { createWorld, sql, type World } from './fixtures';

// Issue 16: the signed-in user's own preferences (PATCH /api/auth/preferences): "open the deal
// when I answer", on by default, one's own only, validated.

const ok = async <T = any>(p: Promise<{ status: number; body: T }>): Promise<T> => {
  const r = await p;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

describe('PATCH /api/auth/preferences', () => {
  let world: World;
  const patch = (api: World['alice'], body: unknown) => api.request<any>('PATCH', '/api/auth/preferences', body);
  const stored = async (id: string) => (await sql(world, `SELECT open_deal_on_answer FROM users WHERE id = $1`, [id]))[0].open_deal_on_answer;

  beforeAll(async () => {
    world = await createWorld();
  }, 60_000);

  afterAll(async () => {
    await world?.backend.destroy();
  });

  it('should be on for every user by default, in the session user and in every User', async () => {
    expect((await ok<User>(world.alice.get('/api/auth/me'))).openDealOnAnswer).toBe(true);
    expect((await world.anon.login('bob@example.com')).user.openDealOnAnswer).toBe(true);
    const users = await ok<User[]>(world.head.get('/api/users'));
    expect(users.every((u) => u.openDealOnAnswer === true)).toBe(true);
  });

  it.each([
    ['a string instead of a boolean', { openDealOnAnswer: 'no' }, /openDealOnAnswer/],
    ['null', { openDealOnAnswer: null }, /openDealOnAnswer/],
    ['no preference at all', {}, /at least one preference/],
    ['a field that is not a preference', { openDealOnAnswer: false, role: 'head' }, /role/],
    ["another user's id", { openDealOnAnswer: false, userId: '00000000-0000-4000-8000-000000000001' }, /userId/],
  ])('should answer 400 with a clear message for %s and keep the setting', async (_what, body, message) => {
    const res = await patch(world.alice, body);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.message).toMatch(message);
    expect(await stored(world.ids.alice)).toBe(true);
  });

  it("should change the signed-in user's own setting only, show it at sign-in, and turn it back on", async () => {
    const me = await ok<User>(patch(world.alice, { openDealOnAnswer: false }));
    expect(me).toMatchObject({ id: world.ids.alice, openDealOnAnswer: false });
    expect(me).not.toHaveProperty('passwordHash');
    expect((await ok<User>(world.alice.get('/api/auth/me'))).openDealOnAnswer).toBe(false);
    expect((await world.anon.login('alice@example.com')).user.openDealOnAnswer).toBe(false);
    expect(await stored(world.ids.alice)).toBe(false);
    // Bob's and the Head's stay as they were
    expect(await stored(world.ids.bob)).toBe(true);
    expect((await ok<User>(world.head.get('/api/auth/me'))).openDealOnAnswer).toBe(true);

    expect((await ok<User>(patch(world.alice, { openDealOnAnswer: true }))).openDealOnAnswer).toBe(true);
    expect(await stored(world.ids.alice)).toBe(true);
  });

  it('should refuse a request without a session', async () => {
    expect((await patch(world.anon, { openDealOnAnswer: false })).status).toBe(401);
  });
});
