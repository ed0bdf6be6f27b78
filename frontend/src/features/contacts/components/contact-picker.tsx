import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
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
  /** Defaults to the word for a contact. */
  label?: string;
  value: PickedContact | null;
  onChange: (contact: PickedContact | null) => void;
  disabled?: boolean;
}

const toPicked = (c: Contact): PickedContact => ({ id: c.id, name: c.name, phone: c.phones[0]?.e164 ?? null });

/** Choose a contact by searching name, phone or email. */
export function ContactPicker({ label, value, onChange, disabled }: ContactPickerProps) {
  const intl = useIntl();
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
        {label ?? intl.formatMessage({ id: 'contacts.picker.label', defaultMessage: 'Contact' })}
      </span>
      {!searching ? (
        <div className="picked-contact">
          {value ? (
            <span className="picked-name" data-user-content>
              <bdi>{value.name}</bdi>
              {value.phone && (
                <>
                  {' '}
                  <bdi className="muted" dir="ltr">
                    {value.phone}
                  </bdi>
                </>
              )}
            </span>
          ) : (
            <span className="picked-none">{intl.formatMessage({ id: 'contacts.picker.none', defaultMessage: 'No contact' })}</span>
          )}
          <Button size="sm" onClick={() => setSearching(true)} disabled={disabled} data-testid="contact-picker-change">
            {value
              ? intl.formatMessage({ id: 'contacts.picker.change', defaultMessage: 'Change' })
              : intl.formatMessage({ id: 'contacts.picker.choose', defaultMessage: 'Choose' })}
          </Button>
          {value && (
            <Button size="sm" variant="ghost" onClick={() => choose(null)} disabled={disabled}>
              {intl.formatMessage({ id: 'contacts.picker.remove', defaultMessage: 'Remove' })}
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
              placeholder={intl.formatMessage({ id: 'contacts.picker.searchPlaceholder', defaultMessage: 'Search name, phone or email' })}
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
              {intl.formatMessage({ id: 'contacts.picker.cancel', defaultMessage: 'Cancel' })}
            </Button>
          </div>
          <ul id={`${id}-results`} className="contact-results" aria-label={intl.formatMessage({ id: 'contacts.picker.results', defaultMessage: 'Matching contacts' })} aria-live="polite">
            {term.trim() && results.data?.items.length === 0 && (
              <li className="muted">{intl.formatMessage({ id: 'contacts.picker.noMatch', defaultMessage: 'No contact matches.' })}</li>
            )}
            {results.data?.items.map((c) => (
              <li key={c.id}>
                <button type="button" className="contact-result" onClick={() => choose(toPicked(c))} data-testid={`contact-option-${c.id}`}>
                  <bdi data-user-content>{c.name}</bdi>
                  <bdi className="muted" dir="ltr" data-user-content>
                    {c.phones.map((p) => p.e164).join(', ')}
                  </bdi>
                  {c.email && (
                    <bdi className="muted" dir="ltr" data-user-content>
                      {c.email}
                    </bdi>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
