import { useState } from 'react';
import type { Contact } from '@callboard/contracts';
import { Button, Dialog, EmptyState, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useContactSearch } from '../hooks/use-contacts';
import { ContactForm } from './contact-form';
import { ContactLink } from './contact-link';

type Editing = { contact: Contact | null } | null;

export function ContactsList() {
  const toast = useToast();
  const [q, setQ] = useState('');
  const term = useDebouncedValue(q, 250);
  const contacts = useContactSearch(term);
  const [editing, setEditing] = useState<Editing>(null);

  return (
    <div className="contacts">
      <div className="toolbar">
        <div className="field field-inline search-field">
          <label htmlFor="contact-search" className="field-label">
            Search
          </label>
          <input
            id="contact-search"
            className="input"
            type="search"
            placeholder="Name, phone or email"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="contact-search"
          />
        </div>
        <span className="toolbar-spacer" />
        <Button variant="primary" onClick={() => setEditing({ contact: null })} data-testid="new-contact-button">
          New contact
        </Button>
      </div>

      {contacts.isPending ? (
        <Spinner label="Loading contacts" />
      ) : contacts.isError ? (
        <ErrorState message={errorMessage(contacts.error)} />
      ) : contacts.data.items.length === 0 ? (
        <EmptyState>{term ? 'No contact matches your search.' : 'No contacts yet.'}</EmptyState>
      ) : (
        <table className="table" data-testid="contacts-table" aria-busy={contacts.isFetching || undefined}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Phones</th>
              <th scope="col">Email</th>
              <th scope="col">Company</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {contacts.data.items.map((c) => (
              <tr key={c.id} data-testid={`contact-row-${c.id}`}>
                <td>
                  <ContactLink id={c.id} name={c.name} />
                </td>
                <td>
                  {c.phones.map((p) => (
                    <div key={p.e164} dir="ltr" className="phone-cell">
                      {p.e164}
                      {p.label && <span className="muted"> · {p.label}</span>}
                    </div>
                  ))}
                </td>
                <td>{c.email}</td>
                <td>{c.company}</td>
                <td className="cell-actions">
                  <Button size="sm" onClick={() => setEditing({ contact: c })} aria-label={`Edit ${c.name}`}>
                    Edit
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {contacts.data?.nextCursor && <p className="muted">Showing the first {contacts.data.items.length}. Refine the search to find others.</p>}

      <Dialog open={editing !== null} title={editing?.contact ? 'Edit contact' : 'New contact'} onClose={() => setEditing(null)} testId="contact-dialog">
        {editing && (
          <ContactForm
            key={editing.contact?.id ?? 'new'}
            contact={editing.contact}
            onCancel={() => setEditing(null)}
            onSaved={(c) => {
              setEditing(null);
              toast.success(`Saved ${c.name}`);
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
