import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { CallLoggedPayload, Deal, DealMovedPayload } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { listenSocket } from '@/lib/socket';
import { callKeys } from '../api/calls-api';

/** What `call.logged` makes stale: the call lists, the deal's timeline and the contact's page (only mounted queries refetch). */
export function applyCallLogged(queryClient: QueryClient, payload: unknown): boolean {
  const parsed = CallLoggedPayload.safeParse(payload);
  if (!parsed.success) {
    console.warn('Dropped a malformed call.logged event', parsed.error.issues);
    return false;
  }
  const { dealId, contactId } = parsed.data;
  void queryClient.invalidateQueries({ queryKey: callKeys.all });
  if (dealId) void queryClient.invalidateQueries({ queryKey: queryKeys.dealEvents(dealId) });
  // the contact page's deals hang under its key
  if (contactId) void queryClient.invalidateQueries({ queryKey: queryKeys.contact(contactId) });
  return true;
}

/** A deal changed, appeared or left: the open contact page lists it (the deal page itself follows `syncDeal`). */
export function applyDealChangeToContacts(queryClient: QueryClient, deal: Pick<Deal, 'contactId'> | null): void {
  // a deal that left carries no contact: every open contact page looks again
  const key = deal ? (deal.contactId ? queryKeys.contact(deal.contactId) : null) : ['contacts', 'one'];
  if (key) void queryClient.invalidateQueries({ queryKey: key });
}

/**
 * Keeps open record pages (a deal's, a contact's, the calls list) live from `call.logged`: a call
 * that ends shows on its timeline and in the calls without a reload; a contact's deals follow the
 * deal events. Deal changes arrive through
 * the board's realtime hook (`syncDeal` refreshes the timeline too); tasks through `useTaskRealtime`.
 */
export function useRecordRealtime(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    const upsert = (payload: unknown) => {
      const parsed = Deal.safeParse(payload);
      if (parsed.success) applyDealChangeToContacts(queryClient, parsed.data);
    };
    return listenSocket({
      'call.logged': (payload: unknown) => void applyCallLogged(queryClient, payload),
      'deal.created': upsert,
      'deal.updated': upsert,
      'deal.moved': (payload: unknown) => {
        const parsed = DealMovedPayload.safeParse(payload);
        if (parsed.success) applyDealChangeToContacts(queryClient, parsed.data.deal);
      },
      'deal.removed': () => applyDealChangeToContacts(queryClient, null),
    });
  }, [queryClient]);
}
