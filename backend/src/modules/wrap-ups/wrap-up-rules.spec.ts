import { isSameSave, owedWrapUp, type EndedCallFacts } from './wrap-up-rules';

const at = new Date('2026-12-07T10:00:00Z');
const call = (more: Partial<EndedCallFacts>): EndedCallFacts => ({
  direction: 'inbound',
  userId: null,
  answeredAt: null,
  answeredBy: null,
  missedReason: null,
  outcome: 'completed',
  ...more,
});

describe('owedWrapUp', () => {
  it('should be owed by the rep who answered when an inbound call was answered', () => {
    expect(owedWrapUp(call({ answeredAt: at, answeredBy: 'alice' }))).toEqual({ userId: 'alice', suggestedOutcome: null });
  });

  it('should be owed by nobody when an inbound call never reached a rep', () => {
    expect(owedWrapUp(call({ outcome: 'missed', missedReason: 'caller_cancelled' }))).toBeNull();
  });

  it('should be owed by nobody when the call was transferred on', () => {
    expect(owedWrapUp(call({ answeredAt: at, answeredBy: 'alice', outcome: 'transferred' }))).toBeNull();
  });

  it('should be owed by the rep who placed it when an outbound call was answered', () => {
    expect(owedWrapUp(call({ direction: 'outbound', userId: 'bob', answeredAt: at }))).toEqual({ userId: 'bob', suggestedOutcome: null });
  });

  it('should prefill busy or no answer when an outbound call was not answered', () => {
    expect(owedWrapUp(call({ direction: 'outbound', userId: 'bob', missedReason: 'busy', outcome: 'missed' }))?.suggestedOutcome).toBe('busy');
    expect(owedWrapUp(call({ direction: 'outbound', userId: 'bob', missedReason: 'no_answer', outcome: 'missed' }))?.suggestedOutcome).toBe('no_answer');
    expect(owedWrapUp(call({ direction: 'outbound', userId: 'bob', missedReason: 'failed', outcome: 'missed' }))?.suggestedOutcome).toBe('no_answer');
  });

  it('should be owed by nobody when an outbound call has no rep', () => {
    expect(owedWrapUp(call({ direction: 'outbound', userId: null, answeredAt: at }))).toBeNull();
  });
});

describe('isSameSave', () => {
  it('should be the same when outcome and note match, an absent note being empty', () => {
    expect(isSameSave({ outcome: 'talked', note: null }, { outcome: 'talked' })).toBe(true);
    expect(isSameSave({ outcome: 'talked', note: 'hi' }, { outcome: 'talked', note: 'hi' })).toBe(true);
  });

  it('should differ when the outcome or the note differs', () => {
    expect(isSameSave({ outcome: 'talked', note: null }, { outcome: 'busy' })).toBe(false);
    expect(isSameSave({ outcome: 'talked', note: 'a' }, { outcome: 'talked', note: 'b' })).toBe(false);
  });
});
