import './offers.css';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { Offer, Order } from '@callboard/contracts';
import { Badge, ErrorState, Spinner } from '@/components/ui';
import { api, errorMessage } from '@/lib/api-client';
import { formatDate, formatMoney } from '@/lib/format';
import { contactDealsQuery } from '@/features/contacts';
import { offersApi } from '../api/offers-api';
import { offerKeys } from '../hooks/use-offers';
import { OFFER_STATUS_MESSAGES } from '../utils/offer-status';
import { ContactSalesProfile } from './contact-sales-profile';

/** A contact as a customer: tier and class, the offers on their deals, and their orders. */
export function ContactSales({ contactId, contactName }: { contactId: string; contactName: string | null }) {
  const intl = useIntl();
  const deals = useQuery(contactDealsQuery(contactId));
  const offers = useQueries({
    queries: (deals.data ?? []).map((d) => ({ queryKey: offerKeys.offers(d.id), queryFn: () => offersApi.list(d.id) })),
    combine: (results) => ({
      pending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      items: results.flatMap((r) => r.data ?? []).filter((o: Offer) => !o.supersededById),
    }),
  });
  const orders = useQuery({
    queryKey: ['contacts', 'one', contactId, 'orders'],
    queryFn: ({ signal }) => api.get<Order[]>('/orders', { contactId }, signal),
  });
  const dealTitle = (id: string) => {
    const title = deals.data?.find((d) => d.id === id)?.title;
    return title ? <bdi data-user-content>{title}</bdi> : intl.formatMessage({ id: 'offers.contact.unknownDeal', defaultMessage: 'Deal' });
  };

  return (
    <>
      <section className="panel" aria-labelledby="contact-tier-heading">
        <h2 id="contact-tier-heading" className="panel-title">
          {intl.formatMessage({ id: 'offers.contact.customer', defaultMessage: 'Customer' })}
        </h2>
        <ContactSalesProfile contactId={contactId} contactName={contactName} />
      </section>
      <section className="panel" aria-labelledby="contact-offers-heading" data-testid="contact-offers">
        <h2 id="contact-offers-heading" className="panel-title">
          {intl.formatMessage({ id: 'offers.contact.offers', defaultMessage: 'Offers' })}
        </h2>
        {(deals.isPending || offers.pending) && <Spinner label={intl.formatMessage({ id: 'offers.contact.loadingOffers', defaultMessage: 'Loading the offers' })} />}
        {offers.error && <ErrorState message={errorMessage(offers.error)} />}
        {!deals.isPending && !offers.pending && offers.items.length === 0 && (
          <p className="muted">{intl.formatMessage({ id: 'offers.contact.noOffers', defaultMessage: 'No offers yet.' })}</p>
        )}
        {offers.items.length > 0 && (
          <ul className="contact-record-list">
            {offers.items.map((o) => (
              <li key={o.id}>
                <span>
                  <bdi dir="ltr">{o.number}</bdi> · {dealTitle(o.dealId)}
                </span>
                <span className="contact-record-facts">
                  {formatMoney(o.total, o.currency)} <Badge>{intl.formatMessage(OFFER_STATUS_MESSAGES[o.status])}</Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="contact-orders-heading" data-testid="contact-orders">
        <h2 id="contact-orders-heading" className="panel-title">
          {intl.formatMessage({ id: 'offers.contact.orders', defaultMessage: 'Orders' })}
        </h2>
        {orders.isPending && <Spinner label={intl.formatMessage({ id: 'offers.contact.loadingOrders', defaultMessage: 'Loading the orders' })} />}
        {orders.isError && <ErrorState message={errorMessage(orders.error)} />}
        {orders.data && orders.data.length === 0 && (
          <p className="muted">{intl.formatMessage({ id: 'offers.contact.noOrders', defaultMessage: 'No orders yet.' })}</p>
        )}
        {orders.data && orders.data.length > 0 && (
          <ul className="contact-record-list">
            {orders.data.map((o) => (
              <li key={o.id}>
                <span>
                  <bdi dir="ltr">{o.number}</bdi> · {formatDate(o.createdAt)}
                </span>
                <span className="contact-record-facts">
                  {formatMoney(o.total, o.currency)} <Badge tone={o.status === 'paid' ? 'success' : 'info'}>
                    {o.status === 'paid'
                      ? intl.formatMessage({ id: 'offers.order.paid', defaultMessage: 'Paid' })
                      : intl.formatMessage({ id: 'offers.order.open', defaultMessage: 'Open' })}
                  </Badge>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
