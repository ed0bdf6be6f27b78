import { useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { CallRecordingState } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { recordingsApi } from '../api/recordings-api';

export const recordingKeys = {
  all: ['recordings'] as const,
  deal: (dealId: string) => ['recordings', 'deal', dealId] as const,
  call: (sipCallId: string) => ['recordings', 'call', sipCallId] as const,
};

/** The recordings of a deal's calls that the user may hear (one request for the whole timeline). */
export function useDealRecordings(dealId: string) {
  return useQuery({ queryKey: recordingKeys.deal(dealId), queryFn: ({ signal }) => recordingsApi.ofDeal(dealId, signal), staleTime: 30_000 });
}

/** The recordings of a list of calls (one request per page of the call history). */
export function useCallsRecordings(sipCallIds: string[]) {
  const ids = sipCallIds.slice(0, 100);
  return useQuery({
    queryKey: ['recordings', 'calls', ids] as const,
    queryFn: ({ signal }) => recordingsApi.ofCalls(ids, signal),
    enabled: ids.length > 0,
    staleTime: 30_000,
  });
}

/** A live call's recording state: fetched once, then kept by `call.recording` events. */
export function useCallRecording(sipCallId: string) {
  return useQuery({ queryKey: recordingKeys.call(sipCallId), queryFn: ({ signal }) => recordingsApi.callState(sipCallId, signal), retry: false });
}

/** `call.recording` events: the live call's state is replaced, deal timelines refetch their recordings. */
export function useRecordingEvents() {
  const queryClient = useQueryClient();
  useEffect(
    () =>
      listenSocket({
        'call.recording': (payload: unknown) => {
          const parsed = CallRecordingState.safeParse(payload);
          if (!parsed.success) {
            console.warn('Dropped a malformed call.recording', parsed.error.issues);
            return;
          }
          queryClient.setQueryData(recordingKeys.call(parsed.data.sipCallId), parsed.data);
          void queryClient.invalidateQueries({ queryKey: ['recordings', 'deal'] });
          void queryClient.invalidateQueries({ queryKey: ['recordings', 'calls'] });
        },
      }),
    [queryClient],
  );
}
