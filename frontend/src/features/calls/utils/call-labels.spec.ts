import { createIntl } from 'react-intl';
import type { Call } from '@callboard/contracts';
import { callBackNumber, callOutcomeLabel, callOutcomeTone, callRepName } from './call-labels';

// react-intl ships ESM that the unit project does not transform (jest.config.js lets only
// @formatjs/* through); its createIntl and defineMessages are @formatjs/intl's, which it does
jest.mock('react-intl', () => jest.requireActual('@formatjs/intl'));

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });

const call = (over: Partial<Call>): Call =>
  ({
    direction: 'inbound',
    outcome: 'completed',
    missedReason: null,
    answeredByName: null,
    userName: null,
    fromNumber: '+36301234567',
    fromRaw: null,
    toNumber: '+3612345678',
    toRaw: null,
    ...over,
  }) as Call;

describe('call labels', () => {
  it('should name a missed inbound call by its reason when the reason is known', () => {
    expect(callOutcomeLabel(intl, call({ outcome: 'missed', missedReason: 'no_answer' }))).toBe('Missed: nobody answered');
    expect(callOutcomeLabel(intl, call({ outcome: 'missed', missedReason: 'caller_cancelled' }))).toBe('Missed: the caller hung up');
  });

  it('should say "Not answered" for an outbound call nobody picked up', () => {
    expect(callOutcomeLabel(intl, call({ direction: 'outbound', outcome: 'missed', missedReason: 'no_answer' }))).toBe('Not answered');
  });

  it('should never show a raw code when the reason is one it does not know', () => {
    expect(callOutcomeLabel(intl, call({ outcome: 'missed', missedReason: 'weird_code' }))).toBe('Missed');
    expect(callOutcomeLabel(intl, call({ outcome: 'missed', missedReason: 'constructor' }))).toBe('Missed');
  });

  it('should say "Answered" for a completed call and colour a missed one as danger', () => {
    expect(callOutcomeLabel(intl, call({}))).toBe('Answered');
    expect(callOutcomeTone(call({ outcome: 'missed' }))).toBe('danger');
    expect(callOutcomeTone(call({}))).toBe('success');
  });

  it('should name the rep who answered, else the one who placed the call', () => {
    expect(callRepName(call({ answeredByName: 'Bob Seller', userName: 'Alice Seller' }))).toBe('Bob Seller');
    expect(callRepName(call({ direction: 'outbound', userName: 'Alice Seller' }))).toBe('Alice Seller');
    expect(callRepName(call({}))).toBeNull();
  });

  it('should call back the caller of an inbound call and the callee of an outbound one', () => {
    expect(callBackNumber(call({}))).toBe('+36301234567');
    expect(callBackNumber(call({ direction: 'outbound' }))).toBe('+3612345678');
  });
});
