import { normaliseAmountInput } from '@/lib/money';

export interface DealFormValues {
  title: string;
  amount: string;
  currency: string;
}

export type DealFormErrors = Partial<Record<keyof DealFormValues | 'form', string>>;

export type ValidDealForm = { ok: true; title: string; amount: string; currency: string } | { ok: false; errors: DealFormErrors };

/** Client-side checks mirroring the contracts, with messages a person understands. */
export function validateDealForm(values: DealFormValues): ValidDealForm {
  const errors: DealFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title';
  else if (title.length > 200) errors.title = 'At most 200 characters';
  const amount = values.amount.trim() === '' ? '0' : normaliseAmountInput(values.amount);
  if (amount === null) errors.amount = 'Enter an amount such as 1250.00';
  const currency = values.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = 'A three-letter code such as EUR';
  if (Object.keys(errors).length || amount === null) return { ok: false, errors };
  return { ok: true, title, amount, currency };
}

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'HUF', 'RON', 'IDR', 'ILS', 'CHF', 'PLN', 'CZK'];
