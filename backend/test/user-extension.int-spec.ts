import { createWorld, type World } from './fixtures';

// PATCH /api/users/:id { extension }: a Head changes a user's extension; digits only, never another user's.
let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.destroy();
});

describe("a user's extension", () => {
  it('should change, and show in the user list', async () => {
    const res = await world.head.patch(`/api/users/${world.ids.alice}`, { extension: '2001' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: world.ids.alice, extension: '2001' });
    const users = (await world.head.get('/api/users')).body as { id: string; extension: string }[];
    expect(users.find((u) => u.id === world.ids.alice)?.extension).toBe('2001');
  });

  it("should refuse another user's extension with a message that says so, and change nothing", async () => {
    const bob = (await world.head.get('/api/users')).body.find((u: { id: string }) => u.id === world.ids.bob);
    const res = await world.head.patch(`/api/users/${world.ids.alice}`, { extension: bob.extension });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', message: `Extension ${bob.extension} belongs to another user` });
    expect((await world.head.get('/api/users')).body.find((u: { id: string }) => u.id === world.ids.alice).extension).toBe('2001');
  });

  it('should refuse what is not 2 to 8 digits, and a Seller', async () => {
    for (const extension of ['1', '123456789', '10a1', '', ' 2002', 2002]) {
      const res = await world.head.patch(`/api/users/${world.ids.alice}`, { extension });
      expect([extension, res.status, res.body.code]).toEqual([extension, 400, 'VALIDATION_FAILED']);
    }
    expect((await world.alice.patch(`/api/users/${world.ids.alice}`, { extension: '2002' })).status).toBe(403);
  });
});
