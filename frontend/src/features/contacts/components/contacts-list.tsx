import { useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { Contact } from '@callboard/contracts';
import { Button, Dialog, EmptyState, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { ExportMenu } from '@/features/exports';
import { ImportButton } from '@/features/imports';
import { useContactSearch } from '../hooks/use-contacts';
import { ContactForm } from './contact-form';
import { ContactLink } from './contact-link';

type Editing = { contact: Contact | null } | null;

const M = defineMessages({
  search: { id: 'contacts.list.search', defaultMessage: 'Search' },
  searchPlaceholder: { id: 'contacts.list.searchPlaceholder', defaultMessage: 'Name, phone or email' },
  newContact: { id: 'contacts.list.newContact', defaultMessage: 'New contact' },
  loading: { id: 'contacts.list.loading', defaultMessage: 'Loading contacts' },
  noMatch: { id: 'contacts.list.noMatch', defaultMessage: 'No contact matches your search.' },
  empty: { id: 'contacts.list.empty', defaultMessage: 'No contacts yet.' },
  name: { id: 'contacts.list.name', defaultMessage: 'Name' },
  phones: { id: 'contacts.list.phones', defaultMessage: 'Phones' },
  email: { id: 'contacts.list.email', defaultMessage: 'Email' },
  company: { id: 'contacts.list.company', defaultMessage: 'Company' },
  actions: { id: 'contacts.list.actions', defaultMessage: 'Actions' },
  edit: { id: 'contacts.list.edit', defaultMessage: 'Edit' },
  editTitle: { id: 'contacts.list.editTitle', defaultMessage: 'Edit contact' },
  newTitle: { id: 'contacts.list.newTitle', defaultMessage: 'New contact' },
});

export function ContactsList() {
  const intl = useIntl();
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
            {intl.formatMessage(M.search)}
          </label>
          <input
            id="contact-search"
            className="input"
            type="search"
            placeholder={intl.formatMessage(M.searchPlaceholder)}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="contact-search"
          />
        </div>
        <span className="toolbar-spacer" />
        <ExportMenu kind="contacts" filters={{ q: term.trim() || undefined }} />
        <ImportButton />
        <Button variant="primary" onClick={() => setEditing({ contact: null })} data-testid="new-contact-button">
          {intl.formatMessage(M.newContact)}
        </Button>
      </div>

      {contacts.isPending ? (
        <Spinner label={intl.formatMessage(M.loading)} />
      ) : contacts.isError ? (
        <ErrorState message={errorMessage(contacts.error)} />
      ) : contacts.data.items.length === 0 ? (
        <EmptyState>{intl.formatMessage(term ? M.noMatch : M.empty)}</EmptyState>
      ) : (
        <table className="table" data-testid="contacts-table" aria-busy={contacts.isFetching || undefined}>
          <thead>
            <tr>
              <th scope="col">{intl.formatMessage(M.name)}</th>
              <th scope="col">{intl.formatMessage(M.phones)}</th>
              <th scope="col">{intl.formatMessage(M.email)}</th>
              <th scope="col">{intl.formatMessage(M.company)}</th>
              <th scope="col">
                <span className="visually-hidden">{intl.formatMessage(M.actions)}</span>
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
                    <div key={p.e164} className="phone-cell" data-user-content>
                      <bdi dir="ltr">{p.e164}</bdi>
                      {p.label && (
                        <span className="muted">
                          {' · '}
                          <bdi>{p.label}</bdi>
                        </span>
                      )}
                    </div>
                  ))}
                </td>
                <td>
                  {c.email && (
                    <bdi dir="ltr" data-user-content>
                      {c.email}
                    </bdi>
                  )}
                </td>
                <td>{c.company && <bdi data-user-content>{c.company}</bdi>}</td>
                <td className="cell-actions">
                  <Button size="sm" onClick={() => setEditing({ contact: c })} aria-label={intl.formatMessage({ id: 'contacts.list.editNamed', defaultMessage: 'Edit {name}' }, { name: c.name })}>
                    {intl.formatMessage(M.edit)}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {contacts.data?.nextCursor && (
        <p className="muted">
          {intl.formatMessage(
            { id: 'contacts.list.more', defaultMessage: 'Showing the first {count}. Refine the search to find others.' },
            { count: formatNumber(contacts.data.items.length) },
          )}
        </p>
      )}

      <Dialog open={editing !== null} title={intl.formatMessage(editing?.contact ? M.editTitle : M.newTitle)} onClose={() => setEditing(null)} testId="contact-dialog">
        {editing && (
          <ContactForm
            key={editing.contact?.id ?? 'new'}
            contact={editing.contact}
            onCancel={() => setEditing(null)}
            onSaved={(c) => {
              setEditing(null);
              toast.success(intl.formatMessage({ id: 'contacts.list.saved', defaultMessage: 'Saved {name}' }, { name: c.name }));
            }}
          />
        )}
      </Dialog>
    </div>
  );
}
