import { callRefusalMessage } from './call-refusal';

describe('callRefusalMessage', () => {
  it.each([
    [403, 'special_service', 'Premium-rate numbers are blocked'],
    [403, 'international_not_allowed', 'International calls are not allowed'],
    [403, 'blocked_prefix', 'This number range is blocked'],
    [403, 'too_many_calls', 'Too many calls: hang up another call first'],
    [403, '<script>', 'This call is not allowed'],
    [503, undefined, 'The phone server cannot place calls right now: try again in a moment'],
  ])('should say why when the server answers %i (%s)', (status, refusal, text) => {
    expect(callRefusalMessage(status, refusal)).toBe(text);
  });

  it.each([[486], [480], [487], [404]])('should say nothing special when the call fails with %i', (status) => {
    expect(callRefusalMessage(status, undefined)).toBeNull();
  });

  it('should not treat a 403 without a refusal code (a carrier’s) as a policy refusal', () => {
    expect(callRefusalMessage(403, undefined)).toBeNull();
  });
});
