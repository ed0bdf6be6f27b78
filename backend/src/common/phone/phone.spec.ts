import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['+36 1 234 5678', '+3612345678'],
    ['+36-1-234-5678', '+3612345678'],
    ['(06 1) 234 5678', '+3612345678'],
    ['06 1 234 5678', '+3612345678'],
    ['0036 1 234 5678', '+3612345678'],
    ['36 1 234 5678', '+3612345678'],
    ['tel:+3612345678', '+3612345678'],
    ['sip:+3612345678@trunk.example;user=phone', '+3612345678'],
    ['+1 (415) 555-0132', '+14155550132'],
    ['+40 721 234 567', '+40721234567'],
    ['+62 812-3456-7890', '+6281234567890'],
  ])('should give E.164 when the number is written as %s', (input, expected) => {
    expect(normalizePhone(input, 'HU')).toBe(expected);
  });

  it.each([[''], ['anonymous'], ['<script>'], ['12'], ['+36 1 234 5678 ext 4; DROP TABLE'], [null]])(
    'should refuse %s when it is not a phone number',
    (input) => {
      expect(normalizePhone(input as string | null, 'HU')).toBeNull();
    },
  );

  it('should use the default region when the number has no country code', () => {
    expect(normalizePhone('(415) 555-0132', 'US')).toBe('+14155550132');
  });
});
