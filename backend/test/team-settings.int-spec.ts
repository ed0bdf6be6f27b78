import { randomUUID } from 'node:crypto';
import type { Deal, DealEvent, TeamSettings, TodayList } from '@callboard/contracts';
import { Api } from '../../test/support/api';
import { createWorld, sql, type World } from './fixtures';
import { eventually, internal } from './sales-support';

// The team's settings (issue 14): the time zone a Head picks decides what "today" is (Today list,
// digest schedule) and, with the expected-close days, a new deal's expected close date. Issue 15:
// the team's language, currency (new deals) and phone region (numbers typed without a country code).

let world: World;
const ENV_ZONE = 'America/New_York';
/** What the install's environment gives until a Head chooses (TEAM_LANGUAGE and DEFAULT_PHONE_REGION unset). */
const DEFAULTS = { timeZone: ENV_ZONE, expectedCloseDays: 30, language: 'en', currency: 'HUF', phoneRegion: 'HU' };

beforeAll(async () => {
  world = await createWorld({ env: { BUSINESS_TIMEZONE: ENV_ZONE, TEAM_CURRENCY: 'HUF' } });
}, 60_000);

afterAll(async () => {
  await world?.backend.destroy();
});

const put = (api: Api, body: unknown) => api.request<TeamSettings>('PUT', '/api/team-settings', body);
const stored = async () => (await sql(world, `SELECT value FROM settings WHERE key = 'team.settings'`))[0]?.value ?? null;
/** The calendar date of `at` in `timeZone`, "YYYY-MM-DD". */
const dateIn = (timeZone: string, at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const hourIn = (timeZone: string, at: Date) => Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(at));

describe('team settings', () => {
  it('should answer the install defaults (BUSINESS_TIMEZONE, 30 days, TEAM_LANGUAGE, TEAM_CURRENCY, DEFAULT_PHONE_REGION) to anyone signed in while no Head has chosen', async () => {
    expect(await stored()).toBeNull();
    for (const api of [world.head, world.alice]) {
      const res = await api.get<TeamSettings>('/api/team-settings');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(DEFAULTS);
    }
    expect((await world.anon.get('/api/team-settings')).status).toBe(401);
  });

  it('should refuse a Seller’s change with 403 and leave the database as it was', async () => {
    const res = await put(world.alice, { timeZone: 'Europe/Budapest' });
    expect(res.status).toBe(403);
    expect(await stored()).toBeNull();
    expect((await world.alice.get<TeamSettings>('/api/team-settings')).body.timeZone).toBe(ENV_ZONE);
  });

  it.each([
    ['a zone PostgreSQL does not know', { timeZone: 'Mars/Olympus_Mons' }, /Unknown time zone "Mars\/Olympus_Mons"/],
    ['an empty zone', { timeZone: '' }, /timeZone/],
    ['a control character', { timeZone: 'Europe/Buda\u0000pest' }, /control characters/],
    ['a zone over 64 characters', { timeZone: 'x'.repeat(65) }, /64/],
    ['0 days', { expectedCloseDays: 0 }, /expectedCloseDays/],
    ['366 days', { expectedCloseDays: 366 }, /expectedCloseDays/],
    ['fractional days', { expectedCloseDays: 1.5 }, /expectedCloseDays/],
    ['an unknown field', { timezone: 'UTC' }, /timezone/],
    ['a currency Intl does not know', { currency: 'XYZ' }, /Unknown currency "XYZ"/],
    ['a currency in lower case', { currency: 'eur' }, /currency: must be an ISO 4217 code/],
    ['a region with no known phone numbers', { phoneRegion: 'XX' }, /Unknown phone region "XX"/],
    ['a region that is no country code', { phoneRegion: 'Hungary' }, /phoneRegion: must be a two-letter country code/],
    ['a language Callboard is not written in', { language: 'de' }, /language/],
  ])('should answer 400 with a clear message for %s', async (_what, body, message) => {
    const res = await put(world.head, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(message);
    expect(await stored()).toBeNull();
  });

  it('should save a Head’s zone and days (partial bodies keep the other field) and answer them to everyone', async () => {
    const res = await put(world.head, { timeZone: 'Europe/Budapest' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...DEFAULTS, timeZone: 'Europe/Budapest' });
    expect((await put(world.head, { expectedCloseDays: 45 })).body).toEqual({ ...DEFAULTS, timeZone: 'Europe/Budapest', expectedCloseDays: 45 });
    expect(await stored()).toEqual({ timeZone: 'Europe/Budapest', expectedCloseDays: 45 });
    expect((await world.bob.get<TeamSettings>('/api/team-settings')).body).toEqual({ ...DEFAULTS, timeZone: 'Europe/Budapest', expectedCloseDays: 45 });
  });

  it('should move "today" and the digest’s hour with the zone', async () => {
    // UTC+14 and UTC-11: never the same calendar date
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      expect((await put(world.head, { timeZone })).status).toBe(200);
      const before = new Date();
      const today = (await world.alice.get<TodayList>('/api/today')).body;
      expect([dateIn(timeZone, before), dateIn(timeZone, new Date())]).toContain(today.date);
      // the digest goes out at 07:00 in the team's zone
      await eventually(
        async () => {
          const schedule = (await sql(world, `SELECT value FROM settings WHERE key = 'sales.daily_digest'`))[0]?.value;
          return schedule && hourIn(timeZone, new Date(schedule.nextRunAt)) === 7 && new Date(schedule.nextRunAt).getUTCMinutes() === 0;
        },
        10_000,
        `the digest at 07:00 ${timeZone}`,
      );
    }
    const kiritimati = dateIn('Pacific/Kiritimati', new Date());
    const pagoPago = dateIn('Pacific/Pago_Pago', new Date());
    expect(kiritimati).not.toBe(pagoPago);
  });

  it('should give a new deal, by hand or from an inbound call, the creation day in the team’s zone plus the team’s days', async () => {
    expect((await put(world.head, { timeZone: 'Pacific/Kiritimati', expectedCloseDays: 10 })).status).toBe(200);
    const manual = (await world.alice.post<Deal>('/api/deals', { title: 'Kiritimati pilot' })).body;
    expect(manual.expectedCloseOn).toBe(plusDays(dateIn('Pacific/Kiritimati', new Date(manual.createdAt)), 10));

    const callId = `${randomUUID()}@trunk`;
    const from = '+36309995501';
    const res = await internal(world).post('/api/internal/call-events', {
      events: [{ callId, type: 'offered', origin: { pbx: 'test', boot: 'b1', seq: 1 }, at: new Date().toISOString(), direction: 'inbound', from, fromName: null, to: '+3612345678' }],
    });
    expect(res.status).toBe(200);
    const [row] = await eventually(async () => {
      const rows = await sql(world, `SELECT id FROM deals WHERE title = $1`, [`Call from ${from}`]);
      return rows.length ? rows : null;
    }, 10_000, 'the inbound call’s deal');
    const inbound = (await world.head.get<Deal>(`/api/deals/${row.id}`)).body;
    expect(inbound.source).toBe('inbound_call');
    expect(inbound.expectedCloseOn).toBe(plusDays(dateIn('Pacific/Kiritimati', new Date(inbound.createdAt)), 10));
  });

  it('should save the team’s language, currency and phone region: a new deal is in that currency, a number without a country code is read in that region', async () => {
    const contactBefore = (await world.alice.post('/api/contacts', { name: 'Before', phones: [{ number: '06 30 123 4567' }] })).body;
    expect(contactBefore.phones[0].e164).toBe('+36301234567');
    expect((await world.alice.post<Deal>('/api/deals', { title: 'In forints' })).body.currency).toBe('HUF');

    const res = await put(world.head, { language: 'ro', currency: 'RON', phoneRegion: 'RO' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ language: 'ro', currency: 'RON', phoneRegion: 'RO' });
    expect((await world.alice.get<TeamSettings>('/api/team-settings')).body).toMatchObject({ language: 'ro', currency: 'RON', phoneRegion: 'RO' });

    expect((await world.alice.post<Deal>('/api/deals', { title: 'In lei' })).body.currency).toBe('RON');
    expect((await world.alice.post<Deal>('/api/deals', { title: 'Still in euros', currency: 'EUR' })).body.currency).toBe('EUR');
    // 0721 234 567 is a Romanian mobile number only when read in Romania
    const contact = (await world.alice.post('/api/contacts', { name: 'Andrei Popescu', phones: [{ number: '0721 234 567' }] })).body;
    expect(contact.phones[0].e164).toBe('+40721234567');
    const found = (await world.alice.get(`/api/contacts?phone=${encodeURIComponent('0721-234-567')}`)).body.items;
    expect(found.map((c: { id: string }) => c.id)).toEqual([contact.id]);
    // the dial policy's default country is the team's
    expect((await world.head.get('/api/dial-policy')).body.settings.allowedCountryCodes).toEqual(['40']);
  });

  describe('PATCH expectedCloseOn', () => {
    let aliceDeal: Deal;
    let bobDeal: Deal;

    beforeAll(async () => {
      aliceDeal = (await world.alice.post<Deal>('/api/deals', { title: 'Alice close date' })).body;
      bobDeal = (await world.bob.post<Deal>('/api/deals', { title: 'Bob close date' })).body;
    });

    it('should let the owner set it, record the change on the timeline, and clear it with null', async () => {
      const from = aliceDeal.expectedCloseOn;
      const res = await world.alice.patch<Deal>(`/api/deals/${aliceDeal.id}`, { expectedCloseOn: '2027-03-15' });
      expect(res.status).toBe(200);
      expect(res.body.expectedCloseOn).toBe('2027-03-15');
      expect((await world.alice.get<Deal>(`/api/deals/${aliceDeal.id}`)).body.expectedCloseOn).toBe('2027-03-15');
      const events = (await world.alice.get<DealEvent[]>(`/api/deals/${aliceDeal.id}/events`)).body;
      expect(events.find((e) => e.type === 'edited')?.data).toMatchObject({ changes: { expectedCloseOn: { from, to: '2027-03-15' } } });
      expect((await world.alice.patch<Deal>(`/api/deals/${aliceDeal.id}`, { expectedCloseOn: null })).body.expectedCloseOn).toBeNull();
    });

    it.each([['2026-13-45'], ['2026-02-30'], ['1999-12-31'], ['2101-01-01'], ['15/03/2027'], ['2027-03-15T00:00:00Z'], [20270315]])(
      'should answer 400 for %p and leave the date as it was',
      async (value) => {
        await world.alice.patch(`/api/deals/${aliceDeal.id}`, { expectedCloseOn: '2027-04-01' });
        const res = await world.alice.patch(`/api/deals/${aliceDeal.id}`, { expectedCloseOn: value });
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/expectedCloseOn/);
        expect((await world.alice.get<Deal>(`/api/deals/${aliceDeal.id}`)).body.expectedCloseOn).toBe('2027-04-01');
      },
    );

    it('should not let a Seller set it on another Seller’s deal; a Head may', async () => {
      const res = await world.alice.patch(`/api/deals/${bobDeal.id}`, { expectedCloseOn: '2027-05-05' });
      expect(res.status).toBe(404);
      const [row] = await sql(world, `SELECT to_char(expected_close_on, 'YYYY-MM-DD') AS d FROM deals WHERE id = $1`, [bobDeal.id]);
      expect(row.d).toBe(bobDeal.expectedCloseOn);
      expect((await world.head.patch<Deal>(`/api/deals/${bobDeal.id}`, { expectedCloseOn: '2027-05-05' })).body.expectedCloseOn).toBe('2027-05-05');
    });
  });
});
