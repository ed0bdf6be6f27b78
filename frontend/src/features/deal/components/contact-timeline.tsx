import { useQueries, useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { DealEvent } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-client';
import { contactDealsQuery } from '@/features/contacts';
import { dealApi } from '../api/deal-api';
import { TimelineItem } from './deal-timeline';

const SHOWN = 50;

/** A contact's history: the timelines of their deals (those the user may see), merged, newest first. */
export function ContactTimeline({ contactId }: { contactId: string }) {
  const intl = useIntl();
  const deals = useQuery(contactDealsQuery(contactId));
  const events = useQueries({
    queries: (deals.data ?? []).map((d) => ({ queryKey: queryKeys.dealEvents(d.id), queryFn: () => dealApi.events(d.id) })),
    combine: (results) => ({
      pending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      items: results.flatMap((r) => r.data ?? []),
    }),
  });
  if (deals.isPending || events.pending) return <Spinner label={intl.formatMessage({ id: 'deal.contactTimeline.loading', defaultMessage: 'Loading the history' })} />;
  if (deals.isError) return <ErrorState message={errorMessage(deals.error)} />;
  if (events.error) return <ErrorState message={errorMessage(events.error)} />;
  const titles = new Map((deals.data ?? []).map((d) => [d.id, d.title]));
  const items = [...events.items].sort((a: DealEvent, b: DealEvent) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, SHOWN);
  if (items.length === 0) return <p className="muted">{intl.formatMessage({ id: 'deal.contactTimeline.empty', defaultMessage: 'Nothing has happened yet.' })}</p>;
  const dealOf = (id: string) => {
    const title = titles.get(id);
    return title ? <bdi data-user-content>{title}</bdi> : intl.formatMessage({ id: 'deal.contactTimeline.unknownDeal', defaultMessage: 'Deal' });
  };
  return (
    <ol className="timeline" data-testid="contact-timeline">
      {items.map((e) => (
        <TimelineItem key={e.id} event={e} after={<> <span className="muted">· {dealOf(e.dealId)}</span></>} />
      ))}
    </ol>
  );
}
