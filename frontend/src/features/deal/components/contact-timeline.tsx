import { useQueries, useQuery } from '@tanstack/react-query';
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
  const deals = useQuery(contactDealsQuery(contactId));
  const events = useQueries({
    queries: (deals.data ?? []).map((d) => ({ queryKey: queryKeys.dealEvents(d.id), queryFn: () => dealApi.events(d.id) })),
    combine: (results) => ({
      pending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
      items: results.flatMap((r) => r.data ?? []),
    }),
  });
  if (deals.isPending || events.pending) return <Spinner label="Loading the history" />;
  if (deals.isError) return <ErrorState message={errorMessage(deals.error)} />;
  if (events.error) return <ErrorState message={errorMessage(events.error)} />;
  const titles = new Map((deals.data ?? []).map((d) => [d.id, d.title]));
  const items = [...events.items].sort((a: DealEvent, b: DealEvent) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)).slice(0, SHOWN);
  if (items.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" data-testid="contact-timeline">
      {items.map((e) => (
        <TimelineItem key={e.id} event={e} after={<> <span className="muted">· {titles.get(e.dealId) ?? 'Deal'}</span></>} />
      ))}
    </ol>
  );
}
