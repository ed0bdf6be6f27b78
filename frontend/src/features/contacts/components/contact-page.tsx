import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Deal } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { api, ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { ClickToCall } from '@/features/softphone';
import { useContact } from '../hooks/use-contacts';

/**
 * A customer in one place (issue 13 item 3, first part): details, numbers to call, and the deals
 * the user may see. Calls, tasks, offers and the timeline follow.
 */
export function ContactPage({ id }: { id: string }) {
  const contact = useContact(id);
  const deals = useQuery({
    queryKey: ['contacts', 'one', id, 'deals'],
    queryFn: ({ signal }) => api.get<{ items: Deal[] }>('/deals', { contactId: id, limit: 200 }, signal),
  });

  if (contact.isPending) return <Spinner label="Loading the contact" />;
  if (contact.isError) {
    const gone = contact.error instanceof ApiRequestError && (contact.error.statusCode === 404 || contact.error.statusCode === 403);
    return (
      <ErrorState
        message={gone ? 'This contact does not exist, or it is not yours to see.' : errorMessage(contact.error)}
        action={<Link to="/contacts">Back to contacts</Link>}
      />
    );
  }
  const c = contact.data;
  return (
    <article className="page contact-page" data-testid="contact-page" data-contact-id={c.id}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </nav>
      <h1 className="page-title" data-testid="contact-name">
        {c.name}
      </h1>
      <dl className="contact-details">
        {c.company && (
          <>
            <dt>Company</dt>
            <dd>{c.company}</dd>
          </>
        )}
        {c.email && (
          <>
            <dt>Email</dt>
            <dd>
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </dd>
          </>
        )}
        {c.phones.map((p) => (
          <div key={p.e164} className="contact-phone">
            <dt>{p.label || 'Phone'}</dt>
            <dd>
              <span dir="ltr">{p.e164}</span> <ClickToCall number={p.e164} />
            </dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="contact-deals">
        <h2 id="contact-deals">Deals</h2>
        {deals.isPending && <Spinner label="Loading the deals" />}
        {deals.isError && <ErrorState message={errorMessage(deals.error)} />}
        {deals.data && deals.data.items.length === 0 && <p className="muted">No deals you can see.</p>}
        {deals.data && deals.data.items.length > 0 && (
          <ul className="contact-deals" data-testid="contact-deals">
            {deals.data.items.map((d) => (
              <li key={d.id}>
                <Link to={`/deals/${d.id}`}>{d.title}</Link> <span className="muted">{formatMoney(d.amount, d.currency)} · {d.ownerName ?? 'Unassigned'} · {d.status}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
