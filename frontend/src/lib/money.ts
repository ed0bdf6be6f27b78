// Amounts are exact decimal strings ("1250.00"). Sums are done in integer cents with BigInt,
// never through floats, so a column total never drifts.

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** Parses "12", "12.5", "12.50", "-3.10" to cents; null when not a decimal amount. */
export function toCents(amount: string): bigint | null {
  const m = DECIMAL.exec(amount.trim());
  if (!m) return null;
  const [, sign, int = '0', frac = ''] = m;
  const cents = BigInt(int) * 100n + BigInt(frac.padEnd(2, '0') || '0');
  return sign ? -cents : cents;
}

/** Cents back to a decimal string with two fractional digits. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const int = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${int.toString()}.${frac}`;
}

/** a + b on decimal strings; an unreadable operand counts as zero. */
export function addAmounts(a: string, b: string): string {
  return fromCents((toCents(a) ?? 0n) + (toCents(b) ?? 0n));
}

/** a - b on decimal strings; an unreadable operand counts as zero. */
export function subtractAmounts(a: string, b: string): string {
  return fromCents((toCents(a) ?? 0n) - (toCents(b) ?? 0n));
}

/**
 * What a person typed as an amount, made into the API's decimal string: spaces and thousands
 * separators dropped, a decimal comma accepted. Null when it is not an amount.
 */
export function normaliseAmountInput(input: string): string | null {
  let s = input.replace(/[\s\u00a0']/g, '');
  if (s === '') return null;
  // "1.234,56" or "1,234.56": the last separator is the decimal one when followed by 1-2 digits.
  const lastSep = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
  if (lastSep >= 0 && /^\d{1,2}$/.test(s.slice(lastSep + 1))) {
    s = s.slice(0, lastSep).replace(/[.,]/g, '') + '.' + s.slice(lastSep + 1);
  } else {
    s = s.replace(/[.,]/g, '');
  }
  return /^\d{1,12}(\.\d{1,2})?$/.test(s) ? s : null;
}
