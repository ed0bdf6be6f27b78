import { defaultDialPolicy, evaluateDial, maskNumber } from './dial-rules';

const policy = defaultDialPolicy('HU');
const seller = { internationalAllowed: false };
const traveller = { internationalAllowed: true };

describe('evaluateDial', () => {
  it('should allow only the team’s own country by default', () => {
    expect(policy.allowedCountryCodes).toEqual(['36']);
    expect(policy.blockSpecialServices).toBe(true);
    expect(policy.blockedPrefixes).toEqual(expect.arrayContaining(['+1900', '+1976']));
  });

  it.each([['+36 1 234 5678'], ['06 1 234 5678'], ['0036 1 234 5678'], ['(06-1) 234-5678'], ['+3612345678']])(
    'should allow a domestic number when it is written as %s',
    (to) => {
      expect(evaluateDial(to, seller, policy, 'HU')).toEqual({ allowed: true, number: '+3612345678', countryCode: '36' });
    },
  );

  it.each([['+36 90 123 456'], ['06 90 123 456'], ['003690123456']])('should refuse a Hungarian premium-rate number written as %s', (to) => {
    expect(evaluateDial(to, traveller, policy, 'HU')).toMatchObject({ allowed: false, reason: 'special_service', number: '+3690123456' });
  });

  it('should refuse a UK premium-rate number even for a user allowed international calls', () => {
    expect(evaluateDial('+44 871 234 5678', traveller, policy, 'HU')).toMatchObject({ allowed: false, reason: 'special_service' });
  });

  it.each([['+1 900 555 0123'], ['001 976 234 5678'], ['+979 123456789'], ['+881 612345678']])(
    'should refuse %s by the blocked prefixes, whoever calls',
    (to) => {
      expect(evaluateDial(to, traveller, policy, 'HU')).toMatchObject({ allowed: false, reason: 'blocked_prefix' });
    },
  );

  it('should refuse a number in a range the Head added', () => {
    const own = { ...policy, blockedPrefixes: ['+3630'] };
    expect(evaluateDial('06 30 123 4567', seller, own, 'HU')).toMatchObject({ allowed: false, reason: 'blocked_prefix' });
    expect(evaluateDial('06 20 123 4567', seller, own, 'HU')).toMatchObject({ allowed: true });
  });

  it('should allow premium-rate numbers when the Head turned the special-service block off (prefixes still apply)', () => {
    const lax = { ...policy, blockSpecialServices: false };
    expect(evaluateDial('+36 90 123 456', seller, lax, 'HU')).toMatchObject({ allowed: true });
    expect(evaluateDial('+1 900 555 0123', traveller, lax, 'HU')).toMatchObject({ allowed: false, reason: 'blocked_prefix' });
  });

  it('should refuse a number outside the allowed countries when the user may not call internationally', () => {
    expect(evaluateDial('+44 20 7946 0000', seller, policy, 'HU')).toEqual({
      allowed: false,
      reason: 'international_not_allowed',
      number: '+442079460000',
    });
    expect(evaluateDial('0044 20 7946 0000', traveller, policy, 'HU')).toMatchObject({ allowed: true, countryCode: '44' });
  });

  it('should allow another country once the Head adds its code', () => {
    expect(evaluateDial('+44 20 7946 0000', seller, { ...policy, allowedCountryCodes: ['36', '44'] }, 'HU')).toMatchObject({ allowed: true });
  });

  it('should read national numbers in the team’s region', () => {
    const us = defaultDialPolicy('US');
    expect(us.allowedCountryCodes).toEqual(['1']);
    expect(evaluateDial('(415) 555-0132', seller, us, 'US')).toMatchObject({ allowed: true, number: '+14155550132' });
    expect(evaluateDial('1-900-555-0123', seller, us, 'US')).toMatchObject({ allowed: false, reason: 'blocked_prefix' });
  });

  it.each([[''], ['abc'], ['12'], ['+36 1 234 5678; DROP TABLE']])('should refuse %j as not a number', (to) => {
    expect(evaluateDial(to, seller, policy, 'HU')).toMatchObject({ allowed: false, reason: 'invalid_number' });
  });

  it('should refuse everything when the caller is unknown or inactive', () => {
    expect(evaluateDial('+3612345678', null, policy, 'HU')).toMatchObject({ allowed: false, reason: 'unknown_extension' });
  });
});

describe('maskNumber', () => {
  it('should keep only the start and the last two digits', () => {
    expect(maskNumber('+19005550123', '')).toBe('+190******23');
    expect(maskNumber(null, '0690 123')).toBe('0690*23');
    expect(maskNumber(null, '12')).toBe('**');
  });
});
