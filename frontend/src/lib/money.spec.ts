import { addAmounts, fromCents, normaliseAmountInput, subtractAmounts, toCents } from './money';

describe('money', () => {
  it('should sum exactly when amounts would drift as floats', () => {
    expect(addAmounts('0.10', '0.20')).toBe('0.30');
    expect(addAmounts('999999999999.99', '0.01')).toBe('1000000000000.00');
  });

  it('should subtract down to zero when the last card leaves a column', () => {
    expect(subtractAmounts('1250.5', '1250.50')).toBe('0.00');
  });

  it('should read one-digit fractions as tenths when converting to cents', () => {
    expect(toCents('12.5')).toBe(1250n);
    expect(toCents('abc')).toBeNull();
    expect(fromCents(-5n)).toBe('-0.05');
  });

  it('should accept a decimal comma and thousands separators when normalising input', () => {
    expect(normaliseAmountInput('1 234,5')).toBe('1234.5');
    expect(normaliseAmountInput('1,234.56')).toBe('1234.56');
    expect(normaliseAmountInput('1.234.567')).toBe('1234567');
    expect(normaliseAmountInput('12.345')).toBe('12345');
    expect(normaliseAmountInput('-5')).toBeNull();
    expect(normaliseAmountInput('')).toBeNull();
  });
});
