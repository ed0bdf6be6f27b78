import './contact-page.css';
import type { ReactNode } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Badge, ErrorState, Spinner } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { ClickToCall } from '@/features/softphone';
import { contactDealsQuery } from '../api/contact-deals';
import { useContact } from '../hooks/use-contacts';

const STATUS = defineMessages({
  open: { id: 'contacts.dealStatus.open', defaultMessage: 'Open' },
  won: { id: 'contacts.dealStatus.won', defaultMessage: 'Won' },
  lost: { id: 'contacts.dealStatus.lost', defaultMessage: 'Lost' },
});

const M = defineMessages({
  loading: { id: 'contacts.page.loading', defaultMessage: 'Loading the contact' },
  gone: { id: 'contacts.page.gone', defaultMessage: 'This contact does not exist, or it is not yours to see.' },
  back: { id: 'contacts.page.back', defaultMessage: 'Back to contacts' },
  breadcrumb: { id: 'contacts.page.breadcrumb', defaultMessage: 'Breadcrumb' },
  contacts: { id: 'contacts.page.contacts', defaultMessage: 'Contacts' },
  deals: { id: 'contacts.page.deals', defaultMessage: 'Deals' },
  loadingDeals: { id: 'contacts.page.loadingDeals', defaultMessage: 'Loading the deals' },
  noDeals: { id: 'contacts.page.noDeals', defaultMessage: 'No deals you can see.' },
  unassigned: { id: 'contacts.page.unassigned', defaultMessage: 'Unassigned' },
  detailsLabel: { id: 'contacts.page.detailsLabel', defaultMessage: 'Contact details' },
  details: { id: 'contacts.page.details', defaultMessage: 'Details' },
  company: { id: 'contacts.page.company', defaultMessage: 'Company' },
  email: { id: 'contacts.page.email', defaultMessage: 'Email' },
  phone: { id: 'contacts.page.phone', defaultMessage: 'Phone' },
  noDetails: { id: 'contacts.page.noDetails', defaultMessage: 'No details yet.' },
});

/**
 * A customer in one place: details, numbers to call and the deals the user may see here; the
 * route adds the other features' sections (calls, tasks, offers and orders, timeline) as `main`
 * (the wide column) and `side`.
 */
export function ContactPage({ id, main, side }: { id: string; main?: ReactNode; side?: ReactNode }) {
  const intl = useIntl();
  const contact = useContact(id);
  const deals = useQuery(contactDealsQuery(id));

  if (contact.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (contact.isError) {
    const gone = contact.error instanceof ApiRequestError && (contact.error.statusCode === 404 || contact.error.statusCode === 403);
    return (
      <ErrorState
        message={gone ? intl.formatMessage(M.gone) : errorMessage(contact.error)}
        action={<Link to="/contacts">{intl.formatMessage(M.back)}</Link>}
      />
    );
  }
  const c = contact.data;
  return (
    <article className="contact-page" data-testid="contact-page" data-contact-id={c.id}>
      <nav className="breadcrumb" aria-label={intl.formatMessage(M.breadcrumb)}>
        <Link to="/contacts">{intl.formatMessage(M.contacts)}</Link>
      </nav>
      <h1 className="page-title contact-name" data-testid="contact-name" data-user-content>
        <bdi>{c.name}</bdi>
      </h1>
      <div className="contact-grid">
        <div className="contact-main">
          <section className="panel" aria-labelledby="contact-deals-heading">
            <h2 id="contact-deals-heading" className="panel-title">
              {intl.formatMessage(M.deals)}
            </h2>
            {deals.isPending && <Spinner label={intl.formatMessage(M.loadingDeals)} />}
            {deals.isError && <ErrorState message={errorMessage(deals.error)} />}
            {deals.data && deals.data.length === 0 && <p className="muted">{intl.formatMessage(M.noDeals)}</p>}
            {deals.data && deals.data.length > 0 && (
              <ul className="contact-deal-list" data-testid="contact-deals">
                {deals.data.map((d) => (
                  <li key={d.id} data-testid="contact-deal" data-deal-id={d.id}>
                    <Link to={`/deals/${d.id}`}>
                      <bdi data-user-content>{d.title}</bdi>
                    </Link>
                    <span className="contact-deal-facts">
                      <span className="contact-deal-amount">{formatMoney(d.amount, d.currency)}</span>
                      {d.ownerName ? <bdi data-user-content>{d.ownerName}</bdi> : <span>{intl.formatMessage(M.unassigned)}</span>}
                      <Badge tone={d.status === 'won' ? 'success' : d.status === 'lost' ? 'neutral' : 'info'}>{intl.formatMessage(STATUS[d.status])}</Badge>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {main}
        </div>
        <aside className="contact-side" aria-label={intl.formatMessage(M.detailsLabel)}>
          <section className="panel" aria-labelledby="contact-details-heading">
            <h2 id="contact-details-heading" className="panel-title">
              {intl.formatMessage(M.details)}
            </h2>
            <dl className="contact-facts">
              {c.company && (
                <div>
                  <dt>{intl.formatMessage(M.company)}</dt>
                  <dd data-user-content>
                    <bdi>{c.company}</bdi>
                  </dd>
                </div>
              )}
              {c.email && (
                <div>
                  <dt>{intl.formatMessage(M.email)}</dt>
                  <dd data-user-content>
                    <a href={`mailto:${c.email}`} dir="ltr">
                      {c.email}
                    </a>
                  </dd>
                </div>
              )}
              {c.phones.map((p) => (
                <div key={p.e164} className="contact-phone-row" data-testid="contact-phone">
                  <dt>{p.label ? <bdi data-user-content>{p.label}</bdi> : intl.formatMessage(M.phone)}</dt>
                  <dd>
                    <bdi dir="ltr" data-user-content>
                      {p.e164}
                    </bdi>{' '}
                    <ClickToCall number={p.e164} />
                  </dd>
                </div>
              ))}
              {!c.company && !c.email && c.phones.length === 0 && <p className="muted">{intl.formatMessage(M.noDetails)}</p>}
            </dl>
          </section>
          {side}
        </aside>
      </div>
    </article>
  );
}
