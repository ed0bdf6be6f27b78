import { RecordingSocket } from '../../test/support/socket';
import { createWorld, sql, type World } from './fixtures';

// Issue 17 part 5: web-form leads into Unsorted, through the public endpoint as a page posts it.
// The backend trusts X-Forwarded-For from loopback here, so each test can post as its own senders.
let world: World;
let headSocket: RecordingSocket;
let senderSeq = 0;
const SITE = 'http://127.0.0.1:45111';

beforeAll(async () => {
  world = await createWorld({ env: { TRUSTED_PROXIES: '127.0.0.1,::1', WEB_FORM_LIMIT_PER_SENDER: '5', WEB_FORM_LIMIT_PER_FORM: '12' } });
  headSocket = await RecordingSocket.connect(world.backend.url, world.tokens.head);
});

afterAll(async () => {
  headSocket?.close();
  await world?.backend.destroy();
});

const newSender = () => `198.51.100.${++senderSeq}`;

async function makeForm(overrides: Record<string, unknown> = {}): Promise<{ id: string; publicToken: string }> {
  const res = await world.head.post('/api/web-forms', {
    name: 'Contact us',
    pipelineId: world.pipelineId,
    fields: [
      { key: 'name', required: true },
      { key: 'phone', required: false },
      { key: 'email', required: false },
      { key: 'message', required: false },
    ],
    redirectUrl: `${SITE}/thanks`,
    allowedOrigins: [SITE],
    ...overrides,
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** A post as a page sends it: JSON from a script, or form-encoded from the HTML snippet. */
async function post(token: string, fields: Record<string, string>, opts: { origin?: string | null; sender?: string; encoded?: boolean } = {}) {
  const headers: Record<string, string> = { 'x-forwarded-for': opts.sender ?? newSender() };
  if (opts.origin !== null) headers.origin = opts.origin ?? SITE;
  headers['content-type'] = opts.encoded ? 'application/x-www-form-urlencoded' : 'application/json';
  const res = await fetch(`${world.backend.url}/api/forms/${token}`, {
    method: 'POST',
    headers,
    body: opts.encoded ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
    redirect: 'manual',
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML
  }
  return { status: res.status, body, headers: res.headers };
}

const dealsOfForm = (formId: string) => sql(world, `SELECT d.* FROM deals d WHERE d.lead_details->>'formId' = $1 ORDER BY d.created_at`, [formId]);

describe('a submission', () => {
  it('should make a lead in Unsorted with its UTM tags and page, live on the Head’s board, and covered by the speed-to-lead rule', async () => {
    const form = await makeForm();
    const live = headSocket.waitFor('deal.created', (p) => p.source === 'web_form' && p.leadDetails?.formId === form.id);
    const res = await post(form.publicToken, {
      name: 'Éva <b>Kovács</b>',
      phone: '06 30 555 1234',
      email: 'Eva@Example.com',
      message: 'Árajánlatot kérek',
      page_url: `${SITE}/landing?utm_source=google`,
      utm_source: 'google',
      utm_medium: 'cpc',
      utm_campaign: 'spring',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'received' });
    expect(res.headers.get('access-control-allow-origin')).toBe(SITE);
    const deal = (await live).payload;
    expect(deal).toMatchObject({
      ownerId: null,
      stageId: world.stages['Unsorted'],
      source: 'web_form',
      contactName: 'Éva <b>Kovács</b>',
      contactPhone: '+36305551234',
      leadDetails: { formId: form.id, formName: 'Contact us', pageUrl: `${SITE}/landing?utm_source=google`, utm: { source: 'google', medium: 'cpc', campaign: 'spring', term: null, content: null } },
    });
    const board = (await world.head.get('/api/board')).body;
    expect(board.columns.find((c: any) => c.stageId === world.stages['Unsorted']).deals.map((d: any) => d.id)).toContain(deal.id);
    const [contact] = await sql(world, `SELECT email FROM contacts WHERE id = $1`, [deal.contactId]);
    expect(contact.email).toBe('eva@example.com');
    const timeline = (await world.head.get(`/api/deals/${deal.id}/events`)).body as { type: string; data: any }[];
    expect(timeline.find((e) => e.type === 'web_form')).toMatchObject({ data: { message: 'Árajánlatot kérek', formName: 'Contact us' } });
    // the speed-to-lead rule's timer runs for it as for a call's lead
    const timers = await sql(world, `SELECT t.status FROM automation_timers t JOIN automation_rules r ON r.id = t.rule_id WHERE r.system_key = 'speed_to_lead' AND t.deal_id = $1`, [deal.id]);
    expect(timers).toEqual([{ status: 'pending' }]);
  });

  it('should attach a second submission with the same number to the open deal, and one with the same email too', async () => {
    const form = await makeForm();
    expect((await post(form.publicToken, { name: 'Pál', phone: '+36 30 777 0001' })).status).toBe(201);
    const [first] = await dealsOfForm(form.id);
    expect((await post(form.publicToken, { name: 'Pál again', phone: '0630 777 0001', message: 'any news?' })).status).toBe(201);
    expect((await post(form.publicToken, { name: 'Mail only', email: 'mail.only@example.com' })).status).toBe(201);
    expect((await post(form.publicToken, { name: 'Mail only', email: 'MAIL.ONLY@example.com', message: 'second' })).status).toBe(201);
    const deals = await dealsOfForm(form.id);
    expect(deals).toHaveLength(2);
    const entries = await sql(world, `SELECT data FROM deal_events WHERE deal_id = $1 AND type = 'web_form' ORDER BY created_at`, [first.id]);
    expect(entries.map((e) => e.data.message)).toEqual([null, 'any news?']);
    expect((await world.head.get(`/api/web-forms`)).body.find((f: any) => f.id === form.id).stats).toMatchObject({ created: 2, attached: 2, spam: 0 });
  });

  it('should send a plain HTML post on to the thank-you page (303), or to Callboard’s own page in the team language', async () => {
    const form = await makeForm();
    const res = await post(form.publicToken, { name: 'Browser', phone: '+36307770002' }, { encoded: true });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${SITE}/thanks`);
    const own = await makeForm({ redirectUrl: null });
    const page = await post(own.publicToken, { name: 'Browser', phone: '+36307770003' }, { encoded: true });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<title>');
    expect((await dealsOfForm(own.id)).length).toBe(1);
  });
});

describe('what keeps bots and other sites out (nothing is stored)', () => {
  it('should refuse an Origin the form does not list, at the preflight and at the post', async () => {
    const form = await makeForm();
    const pre = await fetch(`${world.backend.url}/api/forms/${form.publicToken}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await fetch(`${world.backend.url}/api/forms/${form.publicToken}`, { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    const res = await post(form.publicToken, { name: 'Evil', phone: '+36307770004' }, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ORIGIN_NOT_ALLOWED');
    expect(await dealsOfForm(form.id)).toEqual([]);
  });

  it('should tell a bot that filled the honeypot "received", and store no lead (counted as spam)', async () => {
    const form = await makeForm();
    const res = await post(form.publicToken, { name: 'Bot', phone: '+36307770005', website_url: 'http://spam.example' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ status: 'received' });
    expect(await dealsOfForm(form.id)).toEqual([]);
    expect((await sql(world, `SELECT count(*)::int AS n FROM contacts WHERE name = 'Bot'`))[0].n).toBe(0);
    expect((await world.head.get('/api/web-forms')).body.find((f: any) => f.id === form.id).stats.spam).toBe(1);
  });

  it('should rate-limit one sender (429 with Retry-After), then the whole form across senders', async () => {
    const form = await makeForm();
    const sender = newSender();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(form.publicToken, { name: `Flood ${i}`, phone: `+3630778${String(i).padStart(4, '0')}` }, { sender })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
    const limited = await post(form.publicToken, { name: 'Flood x', phone: '+36307789999' }, { sender });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(await dealsOfForm(form.id)).toHaveLength(5);
    // the form's own limit (12 a minute here): 5 + 7 more from other senders, then no one
    const more: number[] = [];
    for (let i = 0; i < 8; i++) more.push((await post(form.publicToken, { name: `Crowd ${i}`, phone: `+3630779${String(i).padStart(4, '0')}` })).status);
    expect(more).toEqual([201, 201, 201, 201, 201, 201, 201, 429]);
    expect(await dealsOfForm(form.id)).toHaveLength(12);
  });

  it('should refuse too large, malformed, incomplete and invalid posts with a clear error', async () => {
    const form = await makeForm({ fields: [{ key: 'name', required: true }, { key: 'phone', required: true }, { key: 'message', required: false }] });
    const big = await post(form.publicToken, { name: 'Big', phone: '+36307770006', message: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    const broken = await fetch(`${world.backend.url}/api/forms/${form.publicToken}`, { method: 'POST', headers: { origin: SITE, 'content-type': 'application/json', 'x-forwarded-for': newSender() }, body: '{"name":' });
    expect(broken.status).toBe(400);
    const missing = await post(form.publicToken, { name: 'No phone' });
    expect(missing.status).toBe(400);
    expect(missing.body.details).toEqual([{ path: ['phone'], message: 'required' }]);
    const notPhone = await post(form.publicToken, { name: 'Bad', phone: 'call me' });
    expect(notPhone.status).toBe(400);
    expect(notPhone.body.code).toBe('INVALID_PHONE');
    const control = await post(form.publicToken, { name: 'Ctrl\u0007', phone: '+36307770007' });
    expect(control.status).toBe(400);
    expect((await post('no-such-token-at-all', { name: 'x', phone: '+36307770008' })).status).toBe(404);
    expect(await dealsOfForm(form.id)).toEqual([]);
  });

  it('should answer 404 for a form a Head switched off', async () => {
    const form = await makeForm();
    const off = await world.head.put(`/api/web-forms/${form.id}`, {
      name: 'Contact us',
      pipelineId: world.pipelineId,
      fields: [{ key: 'phone', required: true }],
      redirectUrl: null,
      allowedOrigins: [SITE],
      active: false,
    });
    expect(off.status).toBe(200);
    expect((await post(form.publicToken, { phone: '+36307770009' })).status).toBe(404);
  });
});

describe('managing forms', () => {
  it('should let only a Head manage forms, and refuse a form that collects neither phone nor email, or a bad origin', async () => {
    expect((await world.alice.get('/api/web-forms')).status).toBe(403);
    const bad = await world.head.post('/api/web-forms', { name: 'x', pipelineId: world.pipelineId, fields: [{ key: 'name', required: true }], redirectUrl: null, allowedOrigins: [] });
    expect(bad.status).toBe(400);
    const origin = await world.head.post('/api/web-forms', {
      name: 'x',
      pipelineId: world.pipelineId,
      fields: [{ key: 'phone', required: true }],
      redirectUrl: 'javascript:alert(1)',
      allowedOrigins: ['https://example.com/path'],
    });
    expect(origin.status).toBe(400);
    const form = await makeForm();
    expect((await world.head.delete(`/api/web-forms/${form.id}`)).status).toBe(204);
    expect((await post(form.publicToken, { name: 'Gone', phone: '+36307770010' })).status).toBe(404);
  });
});
