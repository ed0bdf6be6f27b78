import './offers.css';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useDealOffers, useDealOrders } from '../hooks/use-offers';
import { ContactSalesProfile } from './contact-sales-profile';
import { OfferCard } from './offer-card';
import { OfferForm } from './offer-form';

/** The deal's offers, newest first, with their orders; a new offer is drafted in the deal's currency. */
export function DealOffers({ dealId, currency, contact }: { dealId: string; currency: string; contact: { id: string; name: string | null } | null }) {
  const intl = useIntl();
  const offers = useDealOffers(dealId);
  const orders = useDealOrders(dealId);
  const [creating, setCreating] = useState(false);

  if (offers.isPending) return <Spinner label={intl.formatMessage({ id: 'offers.deal.loading', defaultMessage: 'Loading offers' })} />;
  if (offers.isError) return <ErrorState message={errorMessage(offers.error)} />;
  const sorted = [...offers.data].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <div className="deal-offers" data-testid="deal-offers">
      {contact && <ContactSalesProfile contactId={contact.id} contactName={contact.name} />}
      {sorted.length === 0 && !creating && <p className="muted">{intl.formatMessage({ id: 'offers.deal.empty', defaultMessage: 'No offers yet.' })}</p>}
      <ul className="offer-list">
        {sorted.map((o) => (
          <OfferCard key={o.id} offer={o} order={orders.data?.find((x) => x.offerId === o.id)} />
        ))}
      </ul>
      {creating ? (
        <OfferForm dealId={dealId} currency={currency} onDone={() => setCreating(false)} />
      ) : (
        <Button size="sm" onClick={() => setCreating(true)} data-testid="offer-new">
          {intl.formatMessage({ id: 'offers.deal.new', defaultMessage: 'New offer' })}
        </Button>
      )}
    </div>
  );
}
