import { QueryClient } from '@tanstack/react-query';
import { applyCallLogged, applyDealChangeToContacts } from './use-record-realtime';

const DEAL = '00000000-0000-4000-8000-000000000001';
const CONTACT = '00000000-0000-4000-8000-000000000002';
const OTHER = '00000000-0000-4000-8000-000000000003';

function client() {
  const qc = new QueryClient();
  for (const key of [['deal', DEAL, 'events'], ['deal', OTHER, 'events'], ['contacts', 'one', CONTACT, 'deals'], ['calls', 'list', {}, 50], ['deal', DEAL]]) qc.setQueryData(key, []);
  return qc;
}
const stale = (qc: QueryClient, key: unknown[]) => qc.getQueryState(key)?.isInvalidated;

describe('applyCallLogged', () => {
  it('should mark the call lists, the deal timeline and the contact page stale when a call is logged on them', () => {
    const qc = client();
    expect(applyCallLogged(qc, { callId: 'c1', dealId: DEAL, contactId: CONTACT, outcome: 'completed' })).toBe(true);
    expect(stale(qc, ['deal', DEAL, 'events'])).toBe(true);
    expect(stale(qc, ['contacts', 'one', CONTACT, 'deals'])).toBe(true);
    expect(stale(qc, ['calls', 'list', {}, 50])).toBe(true);
    // neither another deal's timeline nor the deal itself (a call does not change the deal)
    expect(stale(qc, ['deal', OTHER, 'events'])).toBe(false);
    expect(stale(qc, ['deal', DEAL])).toBe(false);
  });

  it('should drop a malformed payload and touch nothing', () => {
    const qc = client();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(applyCallLogged(qc, { callId: 'c1', dealId: 'not-an-id' })).toBe(false);
    expect(stale(qc, ['calls', 'list', {}, 50])).toBe(false);
  });
});

describe('applyDealChangeToContacts', () => {
  it("should mark only that contact's page stale when one of its deals changes", () => {
    const qc = client();
    qc.setQueryData(['contacts', 'one', OTHER, 'deals'], []);
    applyDealChangeToContacts(qc, { contactId: CONTACT });
    expect(stale(qc, ['contacts', 'one', CONTACT, 'deals'])).toBe(true);
    expect(stale(qc, ['contacts', 'one', OTHER, 'deals'])).toBe(false);
  });

  it('should mark every contact page stale when a deal left (its contact is not in the event)', () => {
    const qc = client();
    qc.setQueryData(['contacts', 'one', OTHER, 'deals'], []);
    applyDealChangeToContacts(qc, null);
    expect(stale(qc, ['contacts', 'one', CONTACT, 'deals'])).toBe(true);
    expect(stale(qc, ['contacts', 'one', OTHER, 'deals'])).toBe(true);
    expect(stale(qc, ['calls', 'list', {}, 50])).toBe(false);
  });
});
