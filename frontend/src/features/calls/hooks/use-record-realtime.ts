import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { CallLoggedPayload } from '@callboard/contracts';
import { queryKeys } from '@/lib/query-client';
import { listenSocket } from '@/lib/socket';
import { callKeys } from '../api/calls-api';

/** What `call.logged` makes stale: the call lists, and the deal's timeline and contact's page when they are open. */
export function applyCallLogged(queryClient: QueryClient, payload: unknown, watching: { dealId?: string; contactId?: string }): boolean {
  const parsed = CallLoggedPayload.safeParse(payload);
  if (!parsed.success) {
    console.warn('Dropped a malformed call.logged event', parsed.error.issues);
    return false;
  }
  const { dealId, contactId } = parsed.data;
  void queryClient.invalidateQueries({ queryKey: callKeys.all });
  if (dealId && dealId === watching.dealId) void queryClient.invalidateQueries({ queryKey: queryKeys.dealEvents(dealId) });
  // the contact page's deals, tasks, offers and timeline hang under its key
  if (contactId && contactId === watching.contactId) void queryClient.invalidateQueries({ queryKey: queryKeys.contact(contactId) });
  return true;
}

/**
 * Keeps an open record page (a deal's, a contact's) live from `call.logged`: a call that ends shows
 * on its timeline and in its calls without a reload. Deal changes arrive through the board's
 * realtime hook (`syncDeal` refreshes the timeline too); tasks through `useTaskRealtime`.
 */
export function useRecordRealtime(watching: { dealId?: string; contactId?: string }): void {
  const queryClient = useQueryClient();
  const { dealId, contactId } = watching;
  useEffect(
    () => listenSocket({ 'call.logged': (payload: unknown) => void applyCallLogged(queryClient, payload, { dealId, contactId }) }),
    [queryClient, dealId, contactId],
  );
}
