import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { formatNumber } from '@/lib/format';
import { normaliseAmountInput } from '@/lib/money';

export interface DealFormValues {
  title: string;
  amount: string;
  currency: string;
}

export type DealFormErrors = Partial<Record<keyof DealFormValues | 'form', string>>;

export type ValidDealForm = { ok: true; title: string; amount: string; currency: string } | { ok: false; errors: DealFormErrors };

const TITLE_MAX = 200;

const ERRORS: Record<'titleMissing' | 'titleTooLong' | 'amountInvalid' | 'currencyInvalid', MessageDescriptor> = defineMessages({
  titleMissing: { id: 'deal.form.titleMissing', defaultMessage: 'Enter a title' },
  titleTooLong: { id: 'deal.form.titleTooLong', defaultMessage: '{max, plural, one {At most # character} other {At most # characters}}' },
  amountInvalid: { id: 'deal.form.amountInvalid', defaultMessage: 'Enter an amount such as {example}' },
  currencyInvalid: { id: 'deal.form.currencyInvalid', defaultMessage: 'A three-letter code such as EUR' },
});

/** Client-side checks mirroring the contracts, with messages a person understands. */
export function validateDealForm(intl: IntlShape, values: DealFormValues): ValidDealForm {
  const errors: DealFormErrors = {};
  const title = values.title.trim();
  if (!title) errors.title = intl.formatMessage(ERRORS.titleMissing);
  else if (title.length > TITLE_MAX) errors.title = intl.formatMessage(ERRORS.titleTooLong, { max: TITLE_MAX });
  const amount = values.amount.trim() === '' ? '0' : normaliseAmountInput(values.amount);
  // the example is written the way the user's language writes an amount (1250.00, 1250,00)
  if (amount === null) errors.amount = intl.formatMessage(ERRORS.amountInvalid, { example: formatNumber(1250, { minimumFractionDigits: 2, useGrouping: false }) });
  const currency = values.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) errors.currency = intl.formatMessage(ERRORS.currencyInvalid);
  if (Object.keys(errors).length || amount === null) return { ok: false, errors };
  return { ok: true, title, amount, currency };
}

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'HUF', 'RON', 'IDR', 'ILS', 'CHF', 'PLN', 'CZK'];
