import { createWorld, sql, type World } from './fixtures';

let world: World;

beforeAll(async () => {
  world = await createWorld();
});

afterAll(async () => {
  await world?.backend.destroy();
});

async function dealCount(): Promise<number> {
  const [{ n }] = await sql(world, `SELECT count(*)::int AS n FROM deals`);
  return n;
}

describe('bad input gets a clear 4xx and writes nothing', () => {
  it('should answer malformed JSON with 400 MALFORMED_JSON', async () => {
    const before = await dealCount();
    const res = await world.alice.request('POST', '/api/deals', '{"title": "x",', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MALFORMED_JSON');
    expect(await dealCount()).toBe(before);
  });

  it('should answer an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await world.alice.post('/api/deals', { title: 'x', padding: 'y'.repeat(200_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it.each([
    [{ title: 42 }, 'title'],
    [{ title: 'ok', amount: 0.1 + 0.2 }, 'amount'],
    [{ title: 'ok', amount: '12.345' }, 'amount'],
    [{ title: 'ok', amount: '-5' }, 'amount'],
    [{ title: 'ok', currency: 'euro' }, 'currency'],
    [{ title: 'nul\u0000byte' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'],
    [{ title: 'ok', stageId: 'not-a-uuid' }, 'stageId'],
  ])('should refuse %j naming the field', async (body, field) => {
    const before = await dealCount();
    const res = await world.alice.post('/api/deals', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: any) => d.path[0])).toContain(field);
    expect(await dealCount()).toBe(before);
  });

  it('should answer unknown and malformed ids with 404 and 400, never 500', async () => {
    const unknown = await world.alice.get('/api/deals/00000000-0000-4000-8000-000000000000');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'DEAL_NOT_FOUND']);
    const malformed = await world.alice.get('/api/deals/1%27%20OR%201=1');
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const route = await world.alice.get('/api/nothing-here');
    expect([route.status, route.body.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  it('should refuse a stage of another pipeline with STAGE_NOT_IN_PIPELINE and move nothing', async () => {
    const [other] = await sql(world, `INSERT INTO pipelines (name) VALUES ('Partners') RETURNING id`);
    const [stage] = await sql(world, `INSERT INTO stages (pipeline_id, name, "group", sort_order) VALUES ($1, 'Intro', 'active', 0) RETURNING id`, [other.id]);
    const { body: deal } = await world.alice.post('/api/deals', { title: 'Stays put' });
    const res = await world.alice.post(`/api/deals/${deal.id}/move`, { stageId: stage.id });
    expect([res.status, res.body.code]).toEqual([400, 'STAGE_NOT_IN_PIPELINE']);
    expect((await world.alice.get(`/api/deals/${deal.id}`)).body.stageId).toBe(deal.stageId);
  });

  it('should keep markup as text, exactly as typed', async () => {
    const title = '<img src=x onerror=alert(1)> & "quotes"';
    const res = await world.alice.post('/api/deals', { title });
    expect(res.status).toBe(201);
    expect((await world.alice.get(`/api/deals/${res.body.id}`)).body.title).toBe(title);
  });

  it('should keep money exact through create, edit and column totals', async () => {
    const a = await world.bob.post('/api/deals', { title: 'dec 1', amount: '0.10' });
    const b = await world.bob.post('/api/deals', { title: 'dec 2', amount: '0.20' });
    expect([a.body.amount, b.body.amount]).toEqual(['0.10', '0.20']);
    const board = (await world.bob.get(`/api/board?ownerId=${world.ids.bob}`)).body;
    const col = board.columns.find((c: any) => c.stageId === world.stages['New']);
    expect(col.amount).toBe('0.30');
    const big = await world.bob.patch(`/api/deals/${a.body.id}`, { amount: '999999999999.99' });
    expect(big.body.amount).toBe('999999999999.99');
  });

  it('should store times in UTC', async () => {
    const { body } = await world.bob.post('/api/deals', { title: 'time' });
    expect(body.createdAt).toMatch(/Z$/);
    const [{ tz }] = await sql(world, `SELECT current_setting('TimeZone') AS tz`);
    expect(typeof tz).toBe('string');
    expect(Math.abs(Date.parse(body.createdAt) - Date.now())).toBeLessThan(60_000);
  });
});

describe('phone numbers', () => {
  it('should store any common written form as E.164 and find the contact by any other form', async () => {
    const res = await world.alice.post('/api/contacts', {
      name: 'Kovács Anna',
      phones: [{ number: '06 (30) 123-4567', label: 'mobile' }, { number: '0036 1 234 5678' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.phones.map((p: any) => p.e164)).toEqual(['+36301234567', '+3612345678']);
    for (const form of ['+36 30 123 4567', '0036301234567', '06-30-123-4567', '36301234567', 'tel:+36301234567']) {
      const found = (await world.alice.get(`/api/contacts?phone=${encodeURIComponent(form)}`)).body.items;
      expect({ form, ids: found.map((c: any) => c.id) }).toEqual({ form, ids: [res.body.id] });
    }
    const byQ = (await world.alice.get(`/api/contacts?q=${encodeURIComponent('30 123 4567')}`)).body.items;
    expect(byQ.map((c: any) => c.id)).toContain(res.body.id);
  });

  it('should refuse a number that cannot be one with INVALID_PHONE', async () => {
    const res = await world.alice.post('/api/contacts', { name: 'X', phones: [{ number: 'call me maybe' }] });
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_PHONE']);
  });
});

describe('sign-in', () => {
  it('should rate-limit repeated wrong passwords with 429 and still refuse the right one meanwhile', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await world.anon.post('/api/auth/login', { email: 'bob@example.com', password: `wrong${i}` })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
    const right = await world.anon.post('/api/auth/login', { email: 'bob@example.com', password: 'callboard' });
    expect([right.status, right.body.code]).toEqual([429, 'RATE_LIMITED']);
  });

  it('should store passwords as argon2id hashes', async () => {
    const rows = await sql(world, `SELECT password_hash FROM users`);
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('stages', () => {
  it('should add, rename, reorder and delete a stage, moving its deals out', async () => {
    const created = await world.head.post(`/api/pipelines/${world.pipelineId}/stages`, { name: 'Demo booked', group: 'active', order: 2 });
    expect(created.status).toBe(201);
    const renamed = await world.head.patch(`/api/stages/${created.body.id}`, { name: 'Demo scheduled' });
    expect(renamed.body.name).toBe('Demo scheduled');
    const { body: deal } = await world.alice.post('/api/deals', { title: 'In demo', stageId: created.body.id });
    const pipeline = (await world.head.get('/api/pipelines')).body[0];
    const ids = pipeline.stages.map((s: any) => s.id).reverse();
    const reordered = await world.head.post(`/api/pipelines/${world.pipelineId}/stages/reorder`, { stageIds: ids });
    expect(reordered.body.stages.map((s: any) => s.id)).toEqual(ids);
    const refused = await world.head.delete(`/api/stages/${created.body.id}`, {});
    expect([refused.status, refused.body.code]).toEqual([409, 'STAGE_IN_USE']);
    const deleted = await world.head.delete(`/api/stages/${created.body.id}`, { moveToStageId: world.stages['New'] });
    expect(deleted.status).toBe(204);
    expect((await world.alice.get(`/api/deals/${deal.id}`)).body.stageId).toBe(world.stages['New']);
  });
});
