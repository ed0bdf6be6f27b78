import { createWorld, sql, type World } from './fixtures';

// Issue 14: every report's figures on a crafted dataset with known answers (a deal moved back, a
// reopened lost deal, a transferred call, a missed call called back), the records behind each
// figure, and a Seller who cannot see a colleague's numbers through any report or drill-down.
let world: World;
const day = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = `from=${day(-6)}&to=${day(0)}`;
const ids: Record<string, string> = {};

async function deal(api: World['alice'], title: string, amount = '100.00') {
  const res = await api.post('/api/deals', { title, amount });
  expect(res.status).toBe(201);
  ids[title] = res.body.id;
  return res.body.id as string;
}
async function move(api: World['alice'], title: string, stage: string, lostReason?: string) {
  const res = await api.post(`/api/deals/${ids[title]}/move`, { stageId: world.stages[stage], ...(lostReason ? { lostReason } : {}) });
  expect(res.status).toBeLessThan(300);
}
async function contact(name: string, importance: string | null, owner: string | null) {
  const [c] = await sql(world, `INSERT INTO contacts (name, importance, owner_id) VALUES ($1, $2, $3) RETURNING id`, [name, importance, owner]);
  ids[name] = c.id;
  return c.id as string;
}
/** Waits until the backend has built the report summaries in the team's zone (at boot, after a zone change); returns the zone. */
async function summariesBuilt(): Promise<string> {
  const zone = (await get(world.head, '/api/team-settings')).timeZone as string;
  const deadline = Date.now() + 20_000;
  while ((await sql(world, `SELECT built_zone FROM report_summary_state`))[0].built_zone !== zone) {
    if (Date.now() > deadline) throw new Error(`the report summaries were not built in ${zone}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return zone;
}
const drift = () => sql(world, `SELECT summary, differing::int FROM report_summary_drift() WHERE differing <> 0`);
const REPORT_NAMES = ['funnel', 'never-contacted', 'dormant-contacts', 'offer-conversion', 'offers', 'calls', 'speed-to-lead', 'outcomes', 'forecast'];

let n = 0;
async function call(c: {
  sip?: string; direction: 'inbound' | 'outbound'; userId?: string | null; answeredBy?: string | null; talk?: number;
  rang?: string[]; minutesAgo?: number; contactId?: string | null; dealId?: string | null;
}) {
  const at = new Date(Date.now() - (c.minutesAgo ?? 0) * 60_000);
  const answered = c.answeredBy != null;
  const sip = c.sip ?? `rep-${++n}`;
  const [row] = await sql(
    world,
    `INSERT INTO calls (sip_call_id, direction, user_id, answered_by, offered_at, answered_at, ended_at, outcome, duration_sec, rang_user_ids, contact_id, deal_id)
     VALUES ($1, $2, $3, $4, $5, $6, $5, $7, $8, $9::uuid[], $10, $11) RETURNING id`,
    [sip, c.direction, c.userId ?? null, c.answeredBy ?? null, at, answered ? at : null, answered ? 'completed' : 'missed', answered ? (c.talk ?? 0) : null, c.rang ?? [], c.contactId ?? null, c.dealId ?? null],
  );
  return row.id as string;
}

beforeAll(async () => {
  // the summaries' deltas are folded only when a test asks (the summaries test counts them)
  world = await createWorld({ env: { REPORT_SUMMARY_COMPACT_MS: '600000' } });
  // the data below is written after the boot build of the summaries (in two loaded CI runs a lost
  // deal written during the build was missing from the summaries: kept apart, issue noted)
  await summariesBuilt();
  const { alice, bob } = world;
  // A1 goes forward to In progress, then back to New: it still reached In progress.
  await deal(alice, 'A1 moved back');
  await move(alice, 'A1 moved back', 'Initial contact');
  await move(alice, 'A1 moved back', 'In progress');
  await move(alice, 'A1 moved back', 'New');
  await deal(alice, 'A2 lost on price');
  await move(alice, 'A2 lost on price', 'Lost', 'price');
  // A3 lost, then reopened: open again, not lost.
  await deal(alice, 'A3 reopened');
  await move(alice, 'A3 reopened', 'Initial contact');
  await move(alice, 'A3 reopened', 'Lost', 'competitor');
  await move(alice, 'A3 reopened', 'In progress');
  await deal(alice, 'A4 won', '1000.00');
  await move(alice, 'A4 won', 'Won');
  await deal(bob, 'B1 serious', '500.00');
  await move(bob, 'B1 serious', 'Serious prospect');
  await deal(alice, 'A5 deleted');
  expect((await world.head.delete(`/api/deals/${ids['A5 deleted']}`)).status).toBeLessThan(300);
  await deal(alice, 'A6 last year');
  await sql(world, `UPDATE deals SET created_at = now() - interval '400 days' WHERE id = $1`, [ids['A6 last year']]);
  // Leads from outside: the unowned inbox one never contacted; L1 contacted in 3 minutes; L2 by a visit after 45.
  const [u1] = await sql(world, `INSERT INTO deals (title, pipeline_id, stage_id, source) VALUES ('U1 waiting', $1, $2, 'inbound_call') RETURNING id`, [world.pipelineId, world.stages.Unsorted]);
  ids['U1 waiting'] = u1.id;
  const [l1] = await sql(
    world,
    `INSERT INTO deals (title, pipeline_id, stage_id, source, owner_id, created_at, last_contact_at)
     VALUES ('L1 fast', $1, $2, 'inbound_call', $3, now() - interval '60 minutes', now() - interval '57 minutes') RETURNING id`,
    [world.pipelineId, world.stages.New, world.ids.alice],
  );
  ids['L1 fast'] = l1.id;
  const [l2] = await sql(
    world,
    `INSERT INTO deals (title, pipeline_id, stage_id, source, owner_id, created_at)
     VALUES ('L2 slow', $1, $2, 'web_form', $3, now() - interval '120 minutes') RETURNING id`,
    [world.pipelineId, world.stages.New, world.ids.bob],
  );
  ids['L2 slow'] = l2.id;
  await sql(world, `INSERT INTO activities (deal_id, kind, visit_type, visit_status, occurred_at, author_id)
    VALUES ($1, 'visit', 'phone', 'initial_contact', now() - interval '75 minutes', $2)`, [l2.id, world.ids.bob]);
  // Offers and an order.
  const [o1] = await sql(world, `INSERT INTO offers (number, deal_id, currency, status, total) VALUES ('T-1', $1, 'EUR', 'accepted', 1000) RETURNING id`, [ids['A4 won']]);
  await sql(world, `INSERT INTO offers (number, deal_id, currency, status, total) VALUES ('T-2', $1, 'EUR', 'sent', 500)`, [ids['B1 serious']]);
  await sql(world, `INSERT INTO orders (number, offer_id, deal_id, currency, total) VALUES ('O-1', $1, $2, 'EUR', 1000)`, [o1.id, ids['A4 won']]);
  // Contacts of class A: X called today, Z never, W last called 400 days ago.
  await contact('X class A', 'A', world.ids.alice);
  await contact('Y class B', 'B', world.ids.alice);
  await contact('Z class A', 'A', world.ids.alice);
  await contact('W class A', 'A', world.ids.bob);
  // Calls: c1 answered by Alice and transferred to Bob (c4, the leg); c2 missed, called back by c3.
  const c1 = await call({ sip: 'c1', direction: 'inbound', answeredBy: world.ids.alice, talk: 60, rang: [world.ids.alice, world.ids.bob], contactId: ids['X class A'], minutesAgo: 200 });
  await call({ sip: 'c2', direction: 'inbound', rang: [world.ids.alice, world.ids.bob], contactId: ids['Y class B'], dealId: ids['B1 serious'], minutesAgo: 120 });
  await call({ sip: 'c3', direction: 'outbound', userId: world.ids.alice, answeredBy: world.ids.alice, talk: 30, contactId: ids['Y class B'], minutesAgo: 60 });
  await sql(world, `INSERT INTO call_transfers (token, call_id, from_user_id, to_user_id, requested_by, expires_at, new_sip_call_id)
    VALUES ('tok-c1', $1, $2, $3, $2, now() + interval '1 minute', 'c4')`, [c1, world.ids.alice, world.ids.bob]);
  await call({ sip: 'c4', direction: 'inbound', answeredBy: world.ids.bob, talk: 40, contactId: ids['X class A'], minutesAgo: 199 });
  await call({ sip: 'c5', direction: 'inbound', rang: [world.ids.bob], minutesAgo: 30 });
  await call({ sip: 'c6', direction: 'outbound', userId: world.ids.bob, minutesAgo: 10 });
  await call({ sip: 'c7', direction: 'inbound', answeredBy: world.ids.alice, talk: 10, contactId: ids['W class A'], minutesAgo: 400 * 1440 });
});

afterAll(async () => {
  await world?.backend.destroy();
});

const get = async (api: World['alice'], path: string) => {
  const res = await api.get(path);
  expect(res.status).toBe(200);
  return res.body;
};
/** Every figure of a report with the cell that lists its records. */
function figures(name: string, r: any): [string, number][] {
  switch (name) {
    case 'funnel':
      return [
        ['cohort', r.cohort], ['won', r.won.count], ['lost', r.lost.count], ['open', r.open],
        ...r.stages.flatMap((s: any) => [
          [`reached:${s.stageId}`, s.reached], [`lost-at:${s.stageId}`, s.lost],
          ...s.lostReasons.map((x: any) => [`lost-at:${s.stageId}:${x.reason ?? 'none'}`, x.count]),
        ]),
      ];
    case 'never-contacted':
      return [['unassigned', r.unassigned.count], ['assigned', r.assigned.count]];
    case 'dormant-contacts':
      return [['dormant', r.count], ['never', r.neverContacted]];
    case 'offer-conversion':
      return [['leads', r.leads], ['offer', r.withOffer], ['order', r.withOrder]];
    case 'offers':
      return [['all', r.count], ...r.byStatus.map((s: any) => [`status:${s.status}`, s.count])];
    case 'calls':
      return [
        ['inbound', r.inbound], ['answered', r.answered], ['missed', r.missed], ['outbound', r.outbound], ['outbound-answered', r.outboundAnswered],
        ['called-back', r.callBack.calledBack], ['not-called-back', r.callBack.missed - r.callBack.calledBack],
        ...r.series.flatMap((x: any) => ['answered', 'missed', 'outbound'].map((k) => [`series:${x.start}:${k}`, x[k]])),
        ...r.perClass.flatMap((x: any) => ['calls', 'answered', 'missed'].map((k) => [`class:${x.importance ?? 'none'}:${k}`, x[k]])),
      ];
    case 'speed-to-lead':
      return [
        ['leads', r.leads], ['contacted', r.contacted], ['within-sla', r.withinSla], ['not-contacted', r.notContacted],
        ...r.buckets.map((b: any) => [`bucket:${b.key}`, b.count]),
      ];
    case 'outcomes':
      return [
        ['won', r.won.count], ['lost', r.lost.count],
        ...r.wonBySource.map((x: any) => [`won-source:${x.source}`, x.count]),
        ...r.lostByReason.map((x: any) => [`lost-reason:${x.reason ?? 'none'}`, x.count]),
      ];
    case 'forecast':
      return [['undated', r.undated], ...r.months.map((m: any) => [`month:${m.month}:${m.currency}`, m.deals])];
    default:
      throw new Error(name);
  }
}
const titles = (records: { rows: { title: string }[] }) => records.rows.map((r) => r.title).sort();

describe('reports on crafted data', () => {
  it('should count the funnel: reached, conversion, losses per stage, a deal moved back and a reopened one', async () => {
    const f = await get(world.head, `/api/reports/funnel?${PERIOD}`);
    const reached = Object.fromEntries(f.stages.map((s: any) => [s.name, s.reached]));
    expect(f.cohort).toBe(8);
    expect(reached).toMatchObject({ Unsorted: 8, New: 7, 'No answer': 4, 'Initial contact': 4, 'In progress': 4, 'Serious prospect': 2 });
    const newStage = f.stages.find((s: any) => s.name === 'New');
    expect(newStage.lost).toBe(1);
    expect(newStage.lostReasons).toEqual([{ reason: 'price', count: 1 }]);
    expect(newStage.conversionToNext).toBeCloseTo(4 / 7);
    expect(f.stages.find((s: any) => s.name === 'Initial contact').lost).toBe(0); // A3 was reopened
    expect(f.won).toEqual({ count: 1, amounts: [{ currency: 'EUR', amount: '1000.00' }] });
    expect(f.lost.count).toBe(1);
    expect(f.open).toBe(6);
    expect(f.perRep.map((r: any) => [r.name, r.cohort])).toEqual([['Alice Seller', 5], ['Bob Seller', 2], ['', 1]]);

    const rec = await get(world.head, `/api/reports/funnel/records?${PERIOD}&cell=reached:${world.stages['In progress']}`);
    expect(rec.kind).toBe('deals');
    expect(rec.total).toBe(4);
    expect(titles(rec)).toEqual(['A1 moved back', 'A3 reopened', 'A4 won', 'B1 serious']);
    const lost = await get(world.head, `/api/reports/funnel/records?${PERIOD}&cell=lost-at:${world.stages.New}:price`);
    expect(titles(lost)).toEqual(['A2 lost on price']);
  });

  it('should narrow a Head to one rep and keep a Seller to their own deals, refusing another rep', async () => {
    const bobs = await get(world.head, `/api/reports/funnel?${PERIOD}&rep=${world.ids.bob}`);
    expect(bobs.cohort).toBe(2);
    const mine = await get(world.alice, `/api/reports/funnel?${PERIOD}`);
    expect(mine.cohort).toBe(5);
    expect(mine.perRep.map((r: any) => r.userId)).toEqual([world.ids.alice]);
    const rec = await get(world.alice, `/api/reports/funnel/records?${PERIOD}&cell=cohort`);
    expect(titles(rec)).toEqual(['A1 moved back', 'A2 lost on price', 'A3 reopened', 'A4 won', 'L1 fast']);
    for (const path of [`/api/reports/funnel?${PERIOD}&rep=${world.ids.bob}`, `/api/reports/calls/records?${PERIOD}&rep=${world.ids.bob}&cell=missed`, `/api/reports/offers?${PERIOD}&rep=none`]) {
      const res = await world.alice.get(path);
      expect(res.status).toBe(403);
    }
  });

  it('should list leads never contacted: the unowned inbox apart, and per rep', async () => {
    const r = await get(world.head, `/api/reports/never-contacted?${PERIOD}`);
    expect(r.unassigned.count).toBe(1);
    expect(r.assigned.count).toBe(3);
    expect(r.perRep.map((x: any) => [x.name, x.count])).toEqual([['Alice Seller', 2], ['Bob Seller', 1]]);
    const alices = await get(world.alice, `/api/reports/never-contacted?${PERIOD}`);
    expect(alices.unassigned.count).toBe(1); // the shared inbox: every Seller may take it
    expect(alices.assigned.count).toBe(2);
    expect(titles(await get(world.alice, `/api/reports/never-contacted/records?${PERIOD}&cell=unassigned`))).toEqual(['U1 waiting']);
    expect(titles(await get(world.alice, `/api/reports/never-contacted/records?${PERIOD}&cell=assigned`))).toEqual(['A1 moved back', 'A3 reopened']);
  });

  it('should measure speed to lead from arrival to the first answered call or visit, with the 10-minute SLA', async () => {
    const r = await get(world.head, `/api/reports/speed-to-lead?${PERIOD}`);
    expect(r).toMatchObject({ slaMinutes: 10, leads: 3, contacted: 2, withinSla: 1, notContacted: 1, medianSeconds: 1440 });
    expect(r.buckets.filter((b: any) => b.count > 0)).toEqual([{ key: '1to5m', count: 1 }, { key: '30to60m', count: 1 }]);
    const rec = await get(world.head, `/api/reports/speed-to-lead/records?${PERIOD}&cell=within-sla`);
    expect(titles(rec)).toEqual(['L1 fast']);
    expect((await get(world.bob, `/api/reports/speed-to-lead?${PERIOD}`)).perRep.map((x: any) => x.userId)).toEqual([world.ids.bob]);
  });

  it('should count lead → offer → order, offers by status, won and lost', async () => {
    expect(await get(world.head, `/api/reports/offer-conversion?${PERIOD}`)).toMatchObject({ leads: 8, withOffer: 2, withOrder: 1 });
    expect((await get(world.bob, `/api/reports/offer-conversion?${PERIOD}`))).toMatchObject({ leads: 2, withOffer: 1, withOrder: 0 });
    const offers = await get(world.head, `/api/reports/offers?${PERIOD}`);
    expect(offers.byStatus.map((s: any) => [s.status, s.count])).toEqual([['accepted', 1], ['sent', 1]]);
    const recs = await get(world.alice, `/api/reports/offers/records?${PERIOD}&cell=all`);
    expect(recs.rows.map((o: any) => o.number)).toEqual(['T-1']);
    const outcomes = await get(world.head, `/api/reports/outcomes?${PERIOD}`);
    expect(outcomes.won.count).toBe(1);
    expect(outcomes.lost.count).toBe(1); // A3's loss was undone when it was reopened
    expect(outcomes.lostByReason).toEqual([{ reason: 'price', count: 1, amounts: [{ currency: 'EUR', amount: '100.00' }] }]);
  });

  it('should count callers\' calls once (a transfer leg is part of its call), missed then called back, per rep and per class', async () => {
    const r = await get(world.head, `/api/reports/calls?${PERIOD}`);
    expect(r).toMatchObject({ inbound: 3, answered: 1, missed: 2, outbound: 2, outboundAnswered: 1, talkSeconds: 130 });
    expect(r.callBack).toEqual({ missed: 2, calledBack: 1, medianSeconds: 3600, p90Seconds: 3600 });
    const rep = (id: string) => r.perRep.find((x: any) => x.userId === id);
    expect(rep(world.ids.alice)).toMatchObject({ answered: 1, outbound: 1, outboundAnswered: 1, talkSeconds: 90, missed: 1 });
    expect(rep(world.ids.bob)).toMatchObject({ answered: 1, outbound: 1, outboundAnswered: 0, talkSeconds: 40, missed: 2 });
    expect(r.perClass).toEqual([
      { importance: 'A', calls: 1, answered: 1, missed: 0 },
      { importance: 'B', calls: 2, answered: 1, missed: 1 },
      { importance: null, calls: 2, answered: 0, missed: 1 },
    ]);
    expect(r.series.reduce((s: number, x: any) => s + x.missed, 0)).toBe(2);
    const back = await get(world.head, `/api/reports/calls/records?${PERIOD}&cell=called-back`);
    expect(back.rows.map((c: any) => c.durationSec)).toEqual([null]);
    expect(back.total).toBe(1);
    const bobAnswered = await get(world.head, `/api/reports/calls/records?${PERIOD}&rep=${world.ids.bob}&cell=rep-answered`);
    expect(bobAnswered.total).toBe(1);

    const alices = await get(world.alice, `/api/reports/calls?${PERIOD}`);
    expect(alices).toMatchObject({ inbound: 2, answered: 1, missed: 1, outbound: 1 });
    const missed = await get(world.alice, `/api/reports/calls/records?${PERIOD}&cell=missed`);
    expect(missed.total).toBe(1);
    // the missed call rang her, but it is on Bob's deal: she is not told which
    expect(missed.rows[0]).toMatchObject({ dealId: null, dealTitle: null });
  });

  it('should list class-A contacts not contacted in N days, a Seller only their own', async () => {
    const r = await get(world.head, `/api/reports/dormant-contacts?${PERIOD}&days=30`);
    expect(r).toMatchObject({ days: 30, count: 2, neverContacted: 1 });
    const rec = await get(world.head, `/api/reports/dormant-contacts/records?${PERIOD}&days=30&cell=dormant`);
    expect(rec.rows.map((c: any) => c.name).sort()).toEqual(['W class A', 'Z class A']);
    expect((await get(world.alice, `/api/reports/dormant-contacts?${PERIOD}&days=30`)).count).toBe(1);
    expect((await get(world.head, `/api/reports/dormant-contacts?${PERIOD}&days=500`)).count).toBe(1);
  });

  it('should forecast open deals by expected close month: amount × stage probability, per rep, undated apart', async () => {
    for (const [stage, p] of [['New', 10], ['In progress', 50], ['Serious prospect', 70]] as const) {
      expect((await world.head.patch(`/api/stages/${world.stages[stage]}`, { probability: p })).status).toBe(200);
    }
    expect((await world.alice.patch(`/api/deals/${ids['A1 moved back']}`, { expectedCloseOn: day(10) })).status).toBe(200);
    const range = `from=${day(0)}&to=${day(60)}`;
    const f = await get(world.head, `/api/reports/forecast?${range}`);
    const total = (rows: any[], k: string) => rows.reduce((s, m) => s + Number(m[k]), 0);
    // A1, A3, B1 and last year's A6 (open, by close date: not a cohort); won, lost and deleted ones are not open
    expect(total(f.months, 'deals')).toBe(4);
    expect(total(f.months, 'weighted')).toBe(420); // 100 × 10 % + 100 × 50 % + 500 × 70 % + 100 × 10 %
    expect(total(f.months, 'open')).toBe(800);
    expect(f.months.find((m: any) => m.month === day(10).slice(0, 7) && m.weighted !== '0.00')).toBeDefined();
    expect(f.undated).toBe(3); // U1, L1, L2 came in without a date
    expect(f.perRep.map((r: any) => [r.name, r.weighted])).toEqual([['Alice Seller', '70.00'], ['Bob Seller', '350.00']]);
    const bobs = await get(world.bob, `/api/reports/forecast?${range}`);
    expect(bobs.perRep.map((r: any) => r.userId)).toEqual([world.ids.bob]);
    for (const m of f.months) {
      expect((await get(world.head, `/api/reports/forecast/records?${range}&cell=month:${m.month}:${m.currency}`)).total).toBe(m.deals);
    }
  });

  it('should list, behind every figure of every report, exactly as many records as the figure says (Head, rep, Seller)', async () => {
    const who: [string, World['alice'], string][] = [
      ['head', world.head, ''],
      ['head for bob', world.head, `&rep=${world.ids.bob}`],
      ['head for none', world.head, '&rep=none'],
      ['alice', world.alice, ''],
      ['bob', world.bob, ''],
    ];
    await summariesBuilt(); // the figures from the summaries, the records from the source tables
    let checked = 0;
    for (const [label, api, rep] of who) {
      for (const name of REPORT_NAMES) {
        const report = await get(api, `/api/reports/${name}?${PERIOD}${rep}`);
        for (const [cell, figure] of figures(name, report)) {
          const rec = await get(api, `/api/reports/${name}/records?${PERIOD}${rep}&cell=${cell}`);
          // the total is the figure; the rows listed are what must match it (one page: the crafted figures are small)
          expect(figure).toBeLessThanOrEqual(100);
          expect({ label, name, cell, total: rec.total, listed: rec.rows.length }).toEqual({ label, name, cell, total: figure, listed: figure });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('should refuse bad queries with a clear message', async () => {
    for (const q of [`from=${day(0)}&to=${day(-1)}`, 'from=2026-02-30&to=2026-03-01', 'from=2020-01-01&to=2026-01-01', `${PERIOD}&rep=<script>`, `${PERIOD}&evil=1`]) {
      const res = await world.head.get(`/api/reports/funnel?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await world.head.get(`/api/reports/nope?${PERIOD}`)).status).toBe(400);
    expect((await world.head.get(`/api/reports/funnel/records?${PERIOD}&cell=reached:${world.ids.bob}`)).status).toBe(400);
    expect((await world.head.get(`/api/reports/calls/records?${PERIOD}&cell=series:2026-01-01:drop table`)).status).toBe(400);
    for (const month of ['2026-13', '2026-00', '2026-1']) {
      expect((await world.head.get(`/api/reports/forecast/records?${PERIOD}&cell=month:${month}:EUR`)).status).toBe(400);
    }
    expect((await world.alice.as(null).get(`/api/reports/funnel?${PERIOD}`)).status).toBe(401);
  });
});

/** A download as the browser gets it: status, headers and the exact bytes as text (BOM kept). */
async function download(api: World['alice'], path: string) {
  const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${api.token}` } });
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text };
}

describe('reports as CSV', () => {
  it("should download a report's table and a figure's records, formula-safe, a Seller's holding only their own", async () => {
    await deal(world.bob, '=HYPERLINK("http://evil.example","x")', '5.00');
    const table = await download(world.head, `/api/reports/funnel/csv?${PERIOD}`);
    expect(table.status).toBe(200);
    expect(table.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(table.disposition).toMatch(/^attachment; filename="funnel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(table.text.startsWith('\uFEFFStage,Reached,Amount,Conversion to next stage,Lost here,Lost reasons\r\n')).toBe(true);
    expect(table.text).toContain('\r\nNew,8,');

    const cohort = await download(world.head, `/api/reports/funnel/records/csv?${PERIOD}&cell=cohort`);
    expect(cohort.status).toBe(200);
    expect(cohort.text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(cohort.text.trim().split('\r\n')).toHaveLength(1 + 9);

    const mine = (await download(world.alice, `/api/reports/funnel/records/csv?${PERIOD}&cell=cohort`)).text;
    expect(mine).toContain('A1 moved back');
    expect(mine).not.toContain('B1 serious');
    expect(mine).not.toContain('HYPERLINK');
    expect((await download(world.alice, `/api/reports/funnel/csv?${PERIOD}&rep=${world.ids.bob}`)).status).toBe(403);
  });
});

describe("reports in the team's time zone", () => {
  it('should read the same figures from the report summaries as from the source tables, and fold their deltas without changing them', async () => {
    const zone = await summariesBuilt();
    // rules react to the set-up's moves after the fact (the automation outbox): compare settled data
    // (under a loaded CI one landed between the two reads once: the sources had a lost deal more)
    const deadline = Date.now() + 20_000;
    while ((await sql(world, `SELECT count(*)::int AS n FROM automation_outbox`))[0].n > 0) {
      if (Date.now() > deadline) throw new Error('the automation outbox did not drain');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await drift()).toEqual([]);
    const who: [string, World['alice'], string][] = [['head', world.head, ''], ['head for bob', world.head, `&rep=${world.ids.bob}`], ['head for none', world.head, '&rep=none'], ['alice', world.alice, ''], ['bob', world.bob, '']];
    const every = async () => {
      const out: Record<string, unknown> = {};
      for (const [label, api, rep] of who) for (const name of REPORT_NAMES) out[`${label} ${name}`] = await get(api, `/api/reports/${name}?${PERIOD}${rep}`);
      return out;
    };
    const fromSummaries = await every();
    // the summaries are what is read: a stray row in them shows in Alice's funnel
    await sql(world, `INSERT INTO report_deal_cohorts (zone, grain, day, pipeline_id, owner_id, status, currency, n, amount, with_offer, with_order)
      VALUES ($1, 'd', $2, $3, $4, 'open', 'XTS', 1, 0, 0, 0)`, [zone, day(0), world.pipelineId, world.ids.alice]);
    expect((await get(world.alice, `/api/reports/funnel?${PERIOD}`)).cohort).toBe((fromSummaries['alice funnel'] as any).cohort + 1);
    await sql(world, `DELETE FROM report_deal_cohorts WHERE currency = 'XTS'`);
    // the source tables give the same figures
    await sql(world, `UPDATE report_summary_state SET built_zone = NULL`);
    let fromSources: Record<string, unknown>;
    try {
      fromSources = await every();
    } finally {
      await sql(world, `UPDATE report_summary_state SET built_zone = $1`, [zone]);
    }
    expect(fromSummaries).toEqual(fromSources);
    // folding the delta rows changes no figure (an amount changed and changed back leaves deltas that add up to nothing)
    await sql(world, `UPDATE deals SET amount = amount + 1 WHERE id = $1`, [ids['A4 won']]);
    await sql(world, `UPDATE deals SET amount = amount - 1 WHERE id = $1`, [ids['A4 won']]);
    expect((await sql(world, `SELECT count(*)::int AS n FROM report_deal_cohorts WHERE NOT compacted`))[0].n).toBeGreaterThan(0);
    expect((await sql(world, `SELECT report_summaries_compact() AS n`))[0].n).toBeGreaterThan(0);
    expect(await sql(world, `SELECT count(*)::int AS n FROM report_deal_cohorts WHERE NOT compacted`)).toEqual([{ n: 0 }]);
    expect(await drift()).toEqual([]);
    expect(await every()).toEqual(fromSummaries);
  });

  it("should read a day as the team's day: a call at 23:30 UTC is the next day in Budapest", async () => {
    await call({ sip: 'tz-1', direction: 'inbound', answeredBy: world.ids.alice, talk: 5, minutesAgo: (Date.now() - Date.parse('2026-01-01T23:30:00Z')) / 60_000 });
    const on2nd = 'from=2026-01-02&to=2026-01-02';
    expect((await get(world.head, `/api/reports/calls?${on2nd}`)).answered).toBe(0);
    expect((await world.head.request('PUT', '/api/team-settings', { timeZone: 'Europe/Budapest' })).status).toBe(200);
    try {
      const r = await get(world.head, `/api/reports/calls?${on2nd}`);
      expect(r).toMatchObject({ timeZone: 'Europe/Budapest', answered: 1 });
      expect(r.series).toEqual([{ start: '2026-01-02', answered: 1, missed: 0, outbound: 0 }]);
      // the summaries are built again in Budapest's days, and say the same
      expect(await summariesBuilt()).toBe('Europe/Budapest');
      expect(await drift()).toEqual([]);
      expect(await get(world.head, `/api/reports/calls?${on2nd}`)).toEqual(r);
    } finally {
      await world.head.request('PUT', '/api/team-settings', { timeZone: 'UTC' });
    }
  });
});
