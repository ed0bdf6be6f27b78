import type { TodayItem } from '@callboard/contracts';
import { Words } from '../../i18n/catalogue';
import { headDigest, sellerDigest } from './digest-mail';

const now = new Date('2026-11-24T07:00:00.000Z');
const en = new Words('en', 'UTC');
const item = (over: Partial<TodayItem>): TodayItem => ({
  kind: 'new_lead',
  dealId: '00000000-0000-4000-8000-000000000001',
  dealTitle: 'Fresh lead',
  amount: '0',
  currency: 'EUR',
  contactName: 'Anna',
  contactPhone: '+3612345678',
  taskId: null,
  taskTitle: null,
  dueAt: null,
  at: '2026-11-23T10:00:00.000Z',
  ...over,
});

describe('digest mail', () => {
  it('should send nothing when a Seller has nobody to contact and forgot nobody', () => {
    expect(sellerDigest(en, '2026-11-24', { name: 'Alice', items: [], forgotten: [] }, now)).toBeNull();
  });

  it('should put overdue tasks and quiet deals under "forgot" and the rest under "contact today"', () => {
    const mail = sellerDigest(
      en,
      '2026-11-24',
      {
        name: 'Alice',
        items: [item({}), item({ kind: 'overdue', taskTitle: 'Confirm the budget', dueAt: '2026-11-20T09:00:00.000Z', dealTitle: 'Cranes' })],
        forgotten: [{ dealId: 'd2', dealTitle: 'Quiet warehouse', contactName: null, lastContactAt: new Date('2026-11-04T07:00:00.000Z') }],
      },
      now,
    )!;
    expect(mail.subject).toBe('Your day November 24, 2026: 1 to contact, 2 forgotten');
    expect(mail.body).toContain('- New lead, never contacted: Fresh lead, Anna, +3612345678 (since Nov 23, 2026)');
    expect(mail.body).toContain('- Overdue task: Confirm the budget (due Nov 20, 2026) - Cranes, Anna, +3612345678');
    expect(mail.body).toContain('- No contact for 20 days: Quiet warehouse');
  });

  it('should sum the team in the subject of the Heads\' digest', () => {
    const mail = headDigest(en, '2026-11-24', [{ name: 'Alice', contact: 2, forgot: 1 }, { name: 'Bob', contact: 0, forgot: 3 }], 4);
    expect(mail.subject).toBe('Team digest November 24, 2026: 2 to contact, 4 forgotten, 4 unassigned');
    expect(mail.body).toContain('- Bob: 0 to contact today, 3 forgotten');
  });

  it('should list the unclaimed call-backs of missed calls in the Heads\' digest and count them in its subject', () => {
    const missed = item({ kind: 'unclaimed_call_back', taskTitle: 'Call back +3630555', dealTitle: 'Call from +3630555', contactName: null, contactPhone: '+3630555', at: '2026-11-23T18:00:00.000Z' });
    const mail = headDigest(en, '2026-11-24', [], 0, [missed]);
    expect(mail.subject).toBe('Team digest November 24, 2026: 0 to contact, 0 forgotten, 0 unassigned, 1 unclaimed call-back');
    expect(mail.body).toContain('Unclaimed call-backs of missed calls (1):');
    expect(mail.body).toContain('- Missed call, nobody has claimed the call-back yet: Call back +3630555 (since Nov 23, 2026) - Call from +3630555, +3630555');
    expect(headDigest(en, '2026-11-24', [], 0, [missed, missed]).subject).toMatch(/, 2 unclaimed call-backs$/);
    expect(headDigest(en, '2026-11-24', [], 0, []).body).toContain('Unclaimed call-backs of missed calls (0):\n- none');
  });

  it('should put an unclaimed call-back under "contact today" in a Seller\'s digest', () => {
    const mail = sellerDigest(en, '2026-11-24', { name: 'Bob', items: [item({ kind: 'unclaimed_call_back', taskTitle: 'Call back +3630555' })], forgotten: [] }, now)!;
    expect(mail.subject).toBe('Your day November 24, 2026: 1 to contact, 0 forgotten');
    expect(mail.body).toContain('Missed call, nobody has claimed the call-back yet: Call back +3630555');
  });

  it('should write the whole mail in the reader’s language, dates in the team’s zone, user data as it is', () => {
    const hu = new Words('hu', 'Europe/Budapest');
    const mail = sellerDigest(
      hu,
      '2026-11-24',
      // 23:30 UTC on the 23rd is already the 24th in Budapest
      { name: 'Kovács Anna', items: [item({ at: '2026-11-23T23:30:00.000Z', dealTitle: 'Tisza <Bau>' })], forgotten: [] },
      now,
    )!;
    expect(mail.subject).toBe('Mai teendők, 2026. november 24.: 1 megkeresendő, 0 elfelejtett');
    expect(mail.body).toContain('Jó reggelt, Kovács Anna!');
    expect(mail.body).toContain(`- Új lead, még nem keresték meg: Tisza <Bau>, Anna, +3612345678 (${hu.dateOf('2026-11-24T12:00:00.000Z')} óta)`);
    expect(mail.body).not.toMatch(/Good morning|Whom|nobody/);

    const he = headDigest(new Words('he', 'Asia/Jerusalem'), '2026-11-24', [{ name: 'Alice', contact: 2, forgot: 1 }], 0, []);
    expect(he.subject).toContain('סיכום הצוות');
    expect(he.body).toContain('Alice: ליצירת קשר היום: 2, נשכחו: 1');
  });
});
