import { createWorld, type World } from './fixtures';

// Issue 13 item 2: one search box over contacts and deals: accent- and case-insensitive names, any
// 3+ digits of a number in any format, emails and companies; only what the asker may see.

let world: World;
let toth: { id: string };
let bobsContact: { id: string };

beforeAll(async () => {
  world = await createWorld();
  toth = (
    await world.alice.post('/api/contacts', { name: 'Tóth Gábor', email: 'gabor.toth@example.hu', company: 'Árvíztűrő Kft', phones: [{ number: '+36 20 444 3322' }] })
  ).body;
  await world.alice.post('/api/deals', { title: 'Tóth Gábor – fűtés', stageId: world.stages['New'], contactId: toth.id });
  bobsContact = (await world.bob.post('/api/contacts', { name: 'Tóthné Bobé Ilona', phones: [{ number: '+36 30 999 4433' }] })).body;
  await world.bob.post('/api/deals', { title: 'Bob titka (Tóth)', stageId: world.stages['New'], contactId: bobsContact.id });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const search = (api: World['alice'], q: string) => api.get(`/api/search?q=${encodeURIComponent(q)}`);

describe('global search', () => {
  it('should find Tóth Gábor by "toth", "TÓTH", "gabor", a company word without accents and his email', async () => {
    for (const q of ['toth', 'TÓTH', 'gabor', 'arvizturo', 'toth@example']) {
      const res = await search(world.alice, q);
      expect(res.status).toBe(200);
      expect(res.body.contacts.map((c: { id: string }) => c.id)).toContain(toth.id);
    }
  });

  it('should find him by any 3+ digits of his number, in any format, showing that number', async () => {
    for (const q of ['4433', '444 33', '20-444', '+36204443322']) {
      const res = await search(world.alice, q);
      expect(res.body.contacts.map((c: { id: string }) => c.id)).toContain(toth.id);
      expect(res.body.contacts.find((c: { id: string }) => c.id === toth.id).phone).toBe('+36204443322');
    }
  });

  it('should find deals by title, with their contact and stage', async () => {
    const res = await search(world.alice, 'futes');
    expect(res.body.deals).toEqual([expect.objectContaining({ title: 'Tóth Gábor – fűtés', contactName: 'Tóth Gábor', stageName: 'New', ownerName: expect.any(String) })]);
  });

  it("should never show a Seller another Seller's contact or deal, while a Head sees both", async () => {
    const alice = await search(world.alice, 'toth');
    expect(alice.body.contacts.map((c: { id: string }) => c.id)).not.toContain(bobsContact.id);
    expect(alice.body.deals.map((d: { title: string }) => d.title)).not.toContain('Bob titka (Tóth)');
    expect((await search(world.alice, '4433')).body.contacts.map((c: { id: string }) => c.id)).not.toContain(bobsContact.id);
    const head = await search(world.head, 'toth');
    expect(head.body.contacts.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([toth.id, bobsContact.id]));
    expect(head.body.deals.map((d: { title: string }) => d.title)).toEqual(expect.arrayContaining(['Tóth Gábor – fűtés', 'Bob titka (Tóth)']));
  });

  it('should list names that start with the text first', async () => {
    const res = await search(world.head, 'toth');
    expect(res.body.contacts[0].name.startsWith('Tóth')).toBe(true);
  });

  it("should list a name whose later word starts with the text before names that only contain it", async () => {
    // written first, so a scan in table order would meet them before the later word's match
    for (const name of ['Ubakos Ferenc', 'Kubakó Rita', 'Rabakov Iván']) await world.head.post('/api/contacts', { name });
    const bako = (await world.head.post('/api/contacts', { name: 'Zsófia Bakó Anna' })).body;
    const res = await world.head.get(`/api/search?q=${encodeURIComponent('bako')}&limit=2`);
    expect(res.body.contacts[0]).toEqual(expect.objectContaining({ id: bako.id, name: 'Zsófia Bakó Anna' }));
    const twoWords = await world.head.get(`/api/search?q=${encodeURIComponent('BAKÓ an')}`);
    expect(twoWords.body.contacts.map((c: { id: string }) => c.id)).toEqual([bako.id]);
    // the words of a name in any order, each by its start
    const anyOrder = await world.alice.get(`/api/search?q=${encodeURIComponent('gab tót')}`);
    expect(anyOrder.body.contacts.map((c: { id: string }) => c.id)).toEqual([toth.id]);
  });

  it('should treat % _ and \\ as text, answer 400 to one character or control characters, and 401 without a session', async () => {
    expect((await search(world.head, '%%%')).body).toEqual({ contacts: [], deals: [] });
    expect((await search(world.head, '__')).body).toEqual({ contacts: [], deals: [] });
    expect((await search(world.head, 'a\\')).status).toBe(200);
    expect((await search(world.head, 't')).status).toBe(400);
    expect((await search(world.head, 'to\u0007th')).status).toBe(400);
    expect((await world.anon.get('/api/search?q=toth')).status).toBe(401);
  });
});
