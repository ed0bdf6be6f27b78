import { Button, TextField } from '@/components/ui';

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

export function PhonesEditor({ phones, errors, onChange }: PhonesEditorProps) {
  const update = (i: number, patch: Partial<PhoneRow>) => onChange(phones.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  return (
    <fieldset className="phones-editor">
      <legend className="field-label">Phones</legend>
      {phones.map((p, i) => (
        <div className="phone-row" key={i}>
          <TextField
            label={`Phone ${i + 1}`}
            type="tel"
            dir="ltr"
            value={p.number}
            placeholder="+36 1 234 5678"
            onChange={(e) => update(i, { number: e.target.value })}
            error={errors[`phones.${i}.number`] ?? errors[`phones.${i}`]}
            data-testid={`contact-phone-${i}`}
          />
          <TextField
            label="Label"
            value={p.label}
            placeholder="mobile"
            onChange={(e) => update(i, { label: e.target.value })}
            error={errors[`phones.${i}.label`]}
            fieldClassName="phone-label"
            data-testid={`contact-phone-label-${i}`}
          />
          <Button size="sm" variant="ghost" className="phone-remove" aria-label={`Remove phone ${i + 1}`} onClick={() => onChange(phones.filter((_, j) => j !== i))}>
            Remove
          </Button>
        </div>
      ))}
      {phones.length < MAX_PHONES && (
        <Button size="sm" onClick={() => onChange([...phones, { number: '', label: '' }])} data-testid="contact-add-phone">
          Add phone
        </Button>
      )}
      {errors.phones && <div className="field-error">{errors.phones}</div>}
    </fieldset>
  );
}
