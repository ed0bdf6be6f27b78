import { defineMessages, useIntl } from 'react-intl';
import { Button, TextField } from '@/components/ui';
import { formatNumber } from '@/lib/format';

export interface PhoneRow {
  number: string;
  label: string;
}

interface PhonesEditorProps {
  phones: PhoneRow[];
  errors: Record<string, string>;
  onChange: (phones: PhoneRow[]) => void;
}

const MAX_PHONES = 10;

const M = defineMessages({
  phones: { id: 'contacts.phones.legend', defaultMessage: 'Phones' },
  label: { id: 'contacts.phones.label', defaultMessage: 'Label' },
  labelPlaceholder: { id: 'contacts.phones.labelPlaceholder', defaultMessage: 'mobile' },
  remove: { id: 'contacts.phones.remove', defaultMessage: 'Remove' },
  add: { id: 'contacts.phones.add', defaultMessage: 'Add phone' },
});

export function PhonesEditor({ phones, errors, onChange }: PhonesEditorProps) {
  const intl = useIntl();
  const update = (i: number, patch: Partial<PhoneRow>) => onChange(phones.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <fieldset className="phones-editor">
      <legend className="field-label">{intl.formatMessage(M.phones)}</legend>
      {phones.map((p, i) => (
        <div className="phone-row" key={i}>
          <TextField
            label={intl.formatMessage({ id: 'contacts.phones.phone', defaultMessage: 'Phone {number}' }, { number: formatNumber(i + 1) })}
            type="tel"
            dir="ltr"
            value={p.number}
            placeholder="+36 1 234 5678"
            onChange={(e) => update(i, { number: e.target.value })}
            error={errors[`phones.${i}.number`] ?? errors[`phones.${i}`]}
            data-testid={`contact-phone-${i}`}
          />
          <TextField
            label={intl.formatMessage(M.label)}
            value={p.label}
            placeholder={intl.formatMessage(M.labelPlaceholder)}
            onChange={(e) => update(i, { label: e.target.value })}
            error={errors[`phones.${i}.label`]}
            fieldClassName="phone-label"
            data-testid={`contact-phone-label-${i}`}
          />
          <Button size="sm" variant="ghost" className="phone-remove" aria-label={intl.formatMessage({ id: 'contacts.phones.removeNumbered', defaultMessage: 'Remove phone {number}' }, { number: formatNumber(i + 1) })} onClick={() => onChange(phones.filter((_, j) => j !== i))}>
            {intl.formatMessage(M.remove)}
          </Button>
        </div>
      ))}
      {phones.length < MAX_PHONES && (
        <Button size="sm" onClick={() => onChange([...phones, { number: '', label: '' }])} data-testid="contact-add-phone">
          {intl.formatMessage(M.add)}
        </Button>
      )}
      {errors.phones && <div className="field-error">{errors.phones}</div>}
    </fieldset>
  );
}
