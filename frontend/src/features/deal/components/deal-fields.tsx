import { useIntl } from 'react-intl';
import { TextField } from '@/components/ui';
import { formatAmount } from '@/lib/format';
import { CURRENCIES, type DealFormErrors, type DealFormValues } from '../utils/deal-form';

interface DealFieldsProps {
  values: DealFormValues;
  errors: DealFormErrors;
  onChange: (patch: Partial<DealFormValues>) => void;
  autoFocusTitle?: boolean;
}

/** Title, amount and currency: shared by the new-deal form and the deal page. */
export function DealFields({ values, errors, onChange, autoFocusTitle }: DealFieldsProps) {
  const intl = useIntl();
  return (
    <>
      <TextField
        label={intl.formatMessage({ id: 'deal.fields.title', defaultMessage: 'Title' })}
        value={values.title}
        onChange={(e) => onChange({ title: e.target.value })}
        error={errors.title}
        required
        maxLength={200}
        autoFocus={autoFocusTitle}
        data-testid="deal-form-title"
      />
      <div className="field-pair">
        <TextField
          label={intl.formatMessage({ id: 'deal.fields.amount', defaultMessage: 'Amount' })}
          inputMode="decimal"
          value={values.amount}
          onChange={(e) => onChange({ amount: e.target.value })}
          error={errors.amount}
          placeholder={formatAmount('0')}
          data-testid="deal-form-amount"
        />
        <TextField
          label={intl.formatMessage({ id: 'deal.fields.currency', defaultMessage: 'Currency' })}
          value={values.currency}
          onChange={(e) => onChange({ currency: e.target.value.toUpperCase() })}
          error={errors.currency}
          maxLength={3}
          list="currency-codes"
          fieldClassName="field-currency"
          data-testid="deal-form-currency"
        />
        <datalist id="currency-codes">
          {CURRENCIES.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </div>
    </>
  );
}
