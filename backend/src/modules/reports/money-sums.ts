import type { CurrencyAmount } from '@callboard/contracts';

/**
 * Exact sums of money per currency. Amounts arrive as cents (bigint strings from SQL) and leave
 * as decimal strings, so nothing is ever a float.
 */
export class CurrencySums {
  private readonly cents = new Map<string, bigint>();

  add(currency: string, cents: string | bigint | number): this {
    this.cents.set(currency, (this.cents.get(currency) ?? 0n) + BigInt(cents));
    return this;
  }

  /** Largest first, then by code: the team's main currency leads. */
  list(): CurrencyAmount[] {
    return [...this.cents.entries()]
      .sort(([a, x], [b, y]) => (x === y ? a.localeCompare(b) : x > y ? -1 : 1))
      .map(([currency, c]) => ({ currency, amount: centsToDecimal(c) }));
  }
}

export function centsToDecimal(c: bigint): string {
  const sign = c < 0n ? '-' : '';
  const abs = c < 0n ? -c : c;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
