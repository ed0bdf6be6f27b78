import { useId, useState } from 'react';
import type { Contact } from '@callboard/contracts';
import { Button } from '@/components/ui';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useContactSearch } from '../hooks/use-contacts';

export interface PickedContact {
  id: string;
  name: string;
  phone?: string | null;
}

interface ContactPickerProps {
  label?: string;
  value: PickedContact | null;
  onChange: (contact: PickedContact | null) => void;
  disabled?: boolean;
}

const toPicked = (c: Contact): PickedContact => ({ id: c.id, name: c.name, phone: c.phones[0]?.e164 ?? null });

/** Choose a contact by searching name, phone or email. */
export function ContactPicker({ label = 'Contact', value, onChange, disabled }: ContactPickerProps) {
  const id = useId();
  const [searching, setSearching] = useState(false);
  const [q, setQ] = useState('');
  const term = useDebouncedValue(q, 250);
  const results = useContactSearch(term, { enabled: searching && term.trim().length > 0, limit: 8 });

  const choose = (c: PickedContact | null) => {
    onChange(c);
    setSearching(false);
    setQ('');
  };

  return (
    <div className="field contact-picker" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="field-label">
        {label}
      </span>
      {!searching ? (
        <div className="picked-contact">
          <span className={value ? 'picked-name' : 'picked-none'}>
            {value ? value.name : 'No contact'}
            {value?.phone && (
              <span className="muted" dir="ltr">
                {' '}
                {value.phone}
              </span>
            )}
          </span>
          <Button size="sm" onClick={() => setSearching(true)} disabled={disabled} data-testid="contact-picker-change">
            {value ? 'Change' : 'Choose'}
          </Button>
          {value && (
            <Button size="sm" variant="ghost" onClick={() => choose(null)} disabled={disabled}>
              Remove
            </Button>
          )}
        </div>
      ) : (
        <div className="contact-search">
          <div className="contact-search-row">
            <input
              className="input"
              aria-labelledby={`${id}-label`}
              type="search"
              placeholder="Search name, phone or email"
              value={q}
              autoFocus
              onChange={(e) => setQ(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  e.stopPropagation();
                  setSearching(false);
                }
              }}
              aria-controls={`${id}-results`}
              data-testid="contact-picker-search"
            />
            <Button size="sm" variant="ghost" onClick={() => setSearching(false)}>
              Cancel
            </Button>
          </div>
          <ul id={`${id}-results`} className="contact-results" aria-label="Matching contacts" aria-live="polite">
            {term.trim() && results.data?.items.length === 0 && <li className="muted">No contact matches.</li>}
            {results.data?.items.map((c) => (
              <li key={c.id}>
                <button type="button" className="contact-result" onClick={() => choose(toPicked(c))} data-testid={`contact-option-${c.id}`}>
                  <span>{c.name}</span>
                  <span className="muted" dir="ltr">
                    {c.phones.map((p) => p.e164).join(', ')}
                  </span>
                  {c.email && <span className="muted">{c.email}</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
