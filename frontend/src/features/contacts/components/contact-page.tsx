import './contact-page.css';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, ErrorState, Spinner } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { ClickToCall } from '@/features/softphone';
import { contactDealsQuery } from '../api/contact-deals';
import { useContact } from '../hooks/use-contacts';

const STATUS = { open: 'Open', won: 'Won', lost: 'Lost' } as const;

/**
 * A customer in one place: details, numbers to call and the deals the user may see here; the
 * route adds the other features' sections (calls, tasks, offers and orders, timeline) as `main`
 * (the wide column) and `side`.
 */
export function ContactPage({ id, main, side }: { id: string; main?: ReactNode; side?: ReactNode }) {
  const contact = useContact(id);
  const deals = useQuery(contactDealsQuery(id));

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
    <article className="contact-page" data-testid="contact-page" data-contact-id={c.id}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/contacts">Contacts</Link>
      </nav>
      <h1 className="page-title contact-name" data-testid="contact-name">
        {c.name}
      </h1>
      <div className="contact-grid">
        <div className="contact-main">
          <section className="panel" aria-labelledby="contact-deals-heading">
            <h2 id="contact-deals-heading" className="panel-title">
              Deals
            </h2>
            {deals.isPending && <Spinner label="Loading the deals" />}
            {deals.isError && <ErrorState message={errorMessage(deals.error)} />}
            {deals.data && deals.data.length === 0 && <p className="muted">No deals you can see.</p>}
            {deals.data && deals.data.length > 0 && (
              <ul className="contact-deal-list" data-testid="contact-deals">
                {deals.data.map((d) => (
                  <li key={d.id} data-testid="contact-deal" data-deal-id={d.id}>
                    <Link to={`/deals/${d.id}`}>{d.title}</Link>
                    <span className="contact-deal-facts">
                      <span className="contact-deal-amount">{formatMoney(d.amount, d.currency)}</span>
                      <span>{d.ownerName ?? 'Unassigned'}</span>
                      <Badge tone={d.status === 'won' ? 'success' : d.status === 'lost' ? 'neutral' : 'info'}>{STATUS[d.status]}</Badge>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {main}
        </div>
        <aside className="contact-side" aria-label="Contact details">
          <section className="panel" aria-labelledby="contact-details-heading">
            <h2 id="contact-details-heading" className="panel-title">
              Details
            </h2>
            <dl className="contact-facts">
              {c.company && (
                <div>
                  <dt>Company</dt>
                  <dd>{c.company}</dd>
                </div>
              )}
              {c.email && (
                <div>
                  <dt>Email</dt>
                  <dd>
                    <a href={`mailto:${c.email}`}>{c.email}</a>
                  </dd>
                </div>
              )}
              {c.phones.map((p) => (
                <div key={p.e164} className="contact-phone-row" data-testid="contact-phone">
                  <dt>{p.label || 'Phone'}</dt>
                  <dd>
                    <span dir="ltr">{p.e164}</span> <ClickToCall number={p.e164} />
                  </dd>
                </div>
              ))}
              {!c.company && !c.email && c.phones.length === 0 && <p className="muted">No details yet.</p>}
            </dl>
          </section>
          {side}
        </aside>
      </div>
    </article>
  );
}
