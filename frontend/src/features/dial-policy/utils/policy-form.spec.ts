import { parseCountryCodes, parsePrefixes } from './policy-form';

describe('policy form parsing', () => {
  it('should read country codes with or without "+", separated by commas or spaces', () => {
    expect(parseCountryCodes('36, +43  44;1')).toEqual(['36', '43', '44', '1']);
    expect(parseCountryCodes('  ')).toEqual([]);
  });

  it('should read one range a line or comma, in international form', () => {
    expect(parsePrefixes('+1 900\n1976, 0044 871\n\n+979')).toEqual(['+1900', '+1976', '+44871', '+979']);
  });
});
