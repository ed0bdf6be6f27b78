import { createWorld, sql, type World } from './fixtures';
import { waitForStage } from './sales-support';

let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { AUTOMATION_POLL_MS: '200' } });
});

afterAll(async () => {
  await world?.backend.destroy();
});

const deal = async (title: string, extra: Record<string, unknown> = {}) => (await world.alice.post('/api/deals', { title, ...extra })).body;
const count = async (table: string) => (await sql(world, `SELECT count(*)::int AS n FROM ${table}`))[0].n;

describe('offers', () => {
  it('should compute exact totals in decimals, never floats', async () => {
    const d = await deal('Furniture', { amount: '1000.00' });
    const res = await world.alice.post('/api/offers', {
      dealId: d.id,
      items: [
        { product: 'Chair', quantity: '40', unitPrice: '0.10', discountPercent: '0' },
        { product: 'Table', quantity: '3', unitPrice: '0.20' },
        { product: 'Lamp', quantity: '1.5', unitPrice: '19.99', discountPercent: '12.5' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: any) => i.lineTotal)).toEqual(['4.00', '0.60', '26.24']);
    expect(res.body).toMatchObject({ total: '30.84', currency: 'EUR', status: 'draft', version: 1, number: expect.stringMatching(/^\d{4}-\d{4}$/) });
  });

  it('should number offers per year without gaps under concurrency', async () => {
    const d = await deal('Many offers');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? world.alice : world.head).post('/api/offers', { dealId: d.id, items: [{ product: `P${i}`, quantity: '1', unitPrice: '1.00' }] }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const all = await sql(world, `SELECT number FROM offers ORDER BY number`);
    const seqs = all.map((r: any) => Number(r.number.split('-')[1]));
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it.each([
    [{ product: 'X', quantity: '-1', unitPrice: '1.00' }, 'quantity'],
    [{ product: 'X', quantity: '0', unitPrice: '1.00' }, 'quantity'],
    [{ product: 'X', quantity: '1', unitPrice: '1.00', discountPercent: '150' }, 'discountPercent'],
    [{ product: 'X', quantity: '1', unitPrice: '1.00', discountPercent: '-5' }, 'discountPercent'],
    [{ product: 'X', quantity: '1', unitPrice: '-3' }, 'unitPrice'],
    [{ product: 'X', quantity: '1', unitPrice: 0.1 + 0.2 }, 'unitPrice'],
    [{ product: '', quantity: '1', unitPrice: '1' }, 'product'],
  ])('should refuse the item %j naming the field, saving nothing', async (item, field) => {
    const d = await deal('Bad items');
    const [offers, counters] = [await count('offers'), await sql(world, `SELECT * FROM document_counters ORDER BY kind, year`)];
    const res = await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'Good', quantity: '1', unitPrice: '1' }, item] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details[0].path).toEqual(['items', 1, field]);
    expect(await count('offers')).toBe(offers);
    expect(await sql(world, `SELECT * FROM document_counters ORDER BY kind, year`)).toEqual(counters);
  });

  it('should refuse an offer in another currency than its deal, with no number used', async () => {
    const d = await deal('In forints', { currency: 'HUF' });
    const before = await sql(world, `SELECT * FROM document_counters`);
    const res = await world.alice.post('/api/offers', { dealId: d.id, currency: 'EUR', items: [{ product: 'X', quantity: '1', unitPrice: '1' }] });
    expect([res.status, res.body.code]).toEqual([400, 'OFFER_CURRENCY_MISMATCH']);
    expect(await sql(world, `SELECT * FROM document_counters`)).toEqual(before);
    const ok = await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'X', quantity: '1', unitPrice: '1' }] });
    expect(ok.body.currency).toBe('HUF');
  });

  it('should move the deal to In progress when an offer is sent, win it when accepted, and create the order', async () => {
    const d = await deal('To be won');
    const offer = (await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'Desk', quantity: '2', unitPrice: '150.00', discountPercent: '10' }] })).body;
    expect((await world.alice.post(`/api/offers/${offer.id}/status`, { status: 'accepted' })).body.code).toBe('OFFER_STATUS_TRANSITION');
    await world.alice.post(`/api/offers/${offer.id}/status`, { status: 'sent' });
    await waitForStage(world, d.id, 'In progress');
    const accepted = (await world.alice.post(`/api/offers/${offer.id}/status`, { status: 'accepted' })).body;
    expect(accepted.orderId).toEqual(expect.any(String));
    await waitForStage(world, d.id, 'Won');
    const order = (await world.alice.get(`/api/orders/${accepted.orderId}`)).body;
    expect(order).toMatchObject({ total: '270.00', status: 'open', number: expect.stringMatching(/^O-\d{4}-\d{4}$/) });
    const types = (await world.alice.get(`/api/deals/${d.id}/events`)).body.map((e: any) => `${e.type}:${e.actorKind}`);
    expect(types).toEqual(expect.arrayContaining(['offer:user', 'moved:system']));
  });

  it('should renegotiate into a new version and require a reason to reject', async () => {
    const d = await deal('Haggling');
    const v1 = (await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'Sofa', quantity: '1', unitPrice: '900' }] })).body;
    await world.alice.post(`/api/offers/${v1.id}/status`, { status: 'sent' });
    const v2 = (await world.alice.post(`/api/offers/${v1.id}/revise`, { items: [{ product: 'Sofa', quantity: '1', unitPrice: '900', discountPercent: '5' }] })).body;
    expect(v2).toMatchObject({ number: v1.number, version: 2, supersedesId: v1.id, status: 'draft', total: '855.00' });
    expect((await world.alice.get(`/api/offers/${v1.id}`)).body).toMatchObject({ status: 'renegotiated', supersededById: v2.id });
    await world.alice.post(`/api/offers/${v2.id}/status`, { status: 'sent' });
    const noReason = await world.alice.post(`/api/offers/${v2.id}/status`, { status: 'rejected' });
    expect([noReason.status, noReason.body.details[0].path]).toEqual([400, ['rejectReason']]);
    const rejected = (await world.alice.post(`/api/offers/${v2.id}/status`, { status: 'rejected', rejectReason: 'competitor' })).body;
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'competitor' });
  });

  it('should keep offers and orders from other Sellers', async () => {
    const d = await deal('Private offer');
    const offer = (await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'X', quantity: '1', unitPrice: '1' }] })).body;
    expect((await world.bob.get(`/api/offers/${offer.id}`)).status).toBe(404);
    expect((await world.bob.get('/api/offers')).body.map((o: any) => o.id)).not.toContain(offer.id);
    expect((await world.bob.post('/api/offers', { dealId: d.id, items: [{ product: 'X', quantity: '1', unitPrice: '1' }] })).status).toBe(404);
  });
});

describe('customers', () => {
  it('should make the contact a one-time, then returning, then regular customer as orders are paid', async () => {
    const contact = (await world.alice.post('/api/contacts', { name: 'Loyal Ltd', phones: [{ number: '+36 1 555 0001' }] })).body;
    const sell = async () => {
      const d = await deal(`Order for Loyal ${Math.random()}`, { contactId: contact.id });
      const o = (await world.alice.post('/api/offers', { dealId: d.id, items: [{ product: 'X', quantity: '1', unitPrice: '10' }] })).body;
      await world.alice.post(`/api/offers/${o.id}/status`, { status: 'sent' });
      const orderId = (await world.alice.post(`/api/offers/${o.id}/status`, { status: 'accepted' })).body.orderId;
      expect((await world.alice.post(`/api/orders/${orderId}/paid`)).body.status).toBe('paid');
      return orderId;
    };
    expect((await world.alice.get(`/api/contacts/${contact.id}/sales-profile`)).body.tier).toBe('none');
    const first = await sell();
    expect((await world.alice.get(`/api/contacts/${contact.id}/sales-profile`)).body).toMatchObject({ tier: 'one_time', paidOrders: 1, customerSince: expect.any(String) });
    expect((await world.alice.post(`/api/orders/${first}/paid`)).body.code).toBe('ORDER_ALREADY_PAID');
    const second = await sell();
    expect((await world.alice.get(`/api/contacts/${contact.id}/sales-profile`)).body.tier).toBe('returning');
    // paid in each of the last three calendar months
    await sql(world, `UPDATE orders SET paid_at = date_trunc('month', now()) - interval '1 month' + interval '3 days' WHERE id = $1`, [second]);
    await sell();
    await sql(world, `UPDATE orders SET paid_at = date_trunc('month', now()) - interval '2 months' + interval '3 days' WHERE id = $1`, [first]);
    const profile = (await world.alice.patch(`/api/contacts/${contact.id}/sales-profile`, { class: 'A', consents: { newsletter: true } })).body;
    expect(profile).toMatchObject({ tier: 'regular', paidOrders: 3, class: 'A', consents: { email: false, phone: false, newsletter: true } });
  });
});

describe('activities and closing', () => {
  it('should move to In progress when a meeting is logged, and show it on the timeline', async () => {
    const d = await deal('Met them');
    const res = await world.alice.post(`/api/deals/${d.id}/activities`, { kind: 'visit', visitType: 'on_site', visitStatus: 'contact', body: 'Showroom visit' });
    expect(res.status).toBe(201);
    await waitForStage(world, d.id, 'In progress');
    expect((await world.alice.get(`/api/deals/${d.id}/activities`)).body[0]).toMatchObject({ kind: 'visit', visitType: 'on_site', authorId: world.ids.alice });
    const bad = await world.alice.post(`/api/deals/${d.id}/activities`, { kind: 'visit', visitType: 'carrier_pigeon', visitStatus: 'contact' });
    expect(bad.status).toBe(400);
  });

  it('should close as lost with a reason from the list, and require one when the Head says so', async () => {
    const d = await deal('Lost cause');
    expect((await world.alice.post(`/api/deals/${d.id}/close-lost`, { reason: 'weather' })).body.code).toBe('LOST_REASON_UNKNOWN');
    const settings = (await world.head.get('/api/settings/lost-reasons')).body;
    await world.head.request('PUT', '/api/settings/lost-reasons', { ...settings, required: true });
    const none = await world.alice.post(`/api/deals/${d.id}/close-lost`, {});
    expect([none.status, none.body.code]).toEqual([400, 'LOST_REASON_REQUIRED']);
    expect((await world.alice.get(`/api/deals/${d.id}`)).body.status).toBe('open');
    const closed = await world.alice.post(`/api/deals/${d.id}/close-lost`, { reason: 'price', note: 'Too expensive' });
    expect(closed.body).toMatchObject({ status: 'lost', lostReason: 'price' });
    expect((await world.alice.post(`/api/deals/${d.id}/close-lost`, { reason: 'price' })).body.code).toBe('DEAL_CLOSED');
    await world.head.request('PUT', '/api/settings/lost-reasons', { ...settings, required: false });
  });
});

describe('today list', () => {
  it('should list new leads, tasks due today by amount, yesterday\'s unanswered attempts, then overdue, for the Seller', async () => {
    const fresh = await world.bob.post('/api/deals', { title: 'Bob new lead', amount: '5' });
    const small = (await world.bob.post('/api/deals', { title: 'Bob small', amount: '10.00' })).body;
    const big = (await world.bob.post('/api/deals', { title: 'Bob big', amount: '5000.00' })).body;
    await sql(world, `UPDATE deals SET last_contact_at = now() WHERE id = ANY($1)`, [[small.id, big.id]]);
    const inAnHour = new Date(Date.now() + 3600_000);
    const soon = new Date(Math.min(inAnHour.getTime(), new Date().setUTCHours(23, 59, 0, 0))).toISOString();
    await world.bob.post('/api/tasks', { title: 'Call small', dealId: small.id, dueAt: soon });
    await world.bob.post('/api/tasks', { title: 'Call big', dealId: big.id, dueAt: soon });
    await world.bob.post('/api/tasks', { title: 'Old promise', dealId: small.id, dueAt: new Date(Date.now() - 3 * 86400_000).toISOString() });
    await sql(
      world,
      `INSERT INTO calls (sip_call_id, direction, deal_id, user_id, offered_at, outcome, missed_reason)
       VALUES ('today-test-1', 'outbound', $1, $2, date_trunc('day', now()) - interval '12 hours', 'missed', 'no_answer')`,
      [big.id, world.ids.bob],
    );
    const list = (await world.bob.get('/api/today')).body;
    expect(list.userId).toBe(world.ids.bob);
    const lines = list.items.map((i: any) => `${i.kind}:${i.taskTitle ?? i.dealTitle}`);
    expect(lines).toEqual(['new_lead:Bob new lead', 'due_today:Call big', 'due_today:Call small', 'unanswered_yesterday:Bob big', 'overdue:Old promise']);
    expect(fresh.status).toBe(201);
    expect((await world.head.get(`/api/today?userId=${world.ids.bob}`)).body.items).toHaveLength(5);
    expect((await world.alice.get(`/api/today?userId=${world.ids.bob}`)).status).toBe(403);
    expect((await world.alice.get('/api/today')).body.items.map((i: any) => i.dealTitle)).not.toContain('Bob big');
  });

  it('should show overdue and due-today counts per deal for the board, and never another Seller\'s', async () => {
    const d = await deal('Badge deal');
    await world.alice.post('/api/tasks', { title: 'Late', dealId: d.id, dueAt: new Date(Date.now() - 86400_000).toISOString() });
    const badges = (await world.alice.get('/api/tasks/badges')).body;
    expect(badges.find((b: any) => b.dealId === d.id)).toMatchObject({ overdue: 1 });
    expect((await world.bob.get('/api/tasks/badges')).body.map((b: any) => b.dealId)).not.toContain(d.id);
    expect((await world.bob.get(`/api/tasks?dealId=${d.id}`)).status).toBe(404);
  });
});

