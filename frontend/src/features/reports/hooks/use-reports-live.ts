import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { FiguresChangedPayload, type ReportName } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { reportKeys } from '../api/reports-api';
import { throttle } from '../utils/throttle';

/** At most one refetch per report in this window (the first at once, the last change never lost). */
export const LIVE_REFETCH_MS = 2000;

/**
 * Keeps the live reports (funnel, calls, and conversations on `figures.changed` of calls) current on the tab's shared socket: `figures.changed`
 * (scope deals or calls), and a deal that is created, moves or changes, or a call that rings,
 * ends or is logged, refetch them. Each report
 * refetches at most once per LIVE_REFETCH_MS however many events arrive.
 */
export function useReportsLive(token: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!token) return;
    const refetch = (name: ReportName) => throttle(() => void queryClient.invalidateQueries({ queryKey: reportKeys.report(name) }), LIVE_REFETCH_MS);
    const funnel = refetch('funnel');
    const calls = refetch('calls');
    const conversations = refetch('conversations');
    const both = () => {
      funnel();
      calls();
    };
    // the first connect is the page opening (its figures are fresh); a later one is a reconnect
    let connected = false;
    const reconnected = () => {
      if (connected) both();
      connected = true;
    };
    // A call makes or changes a deal, and a deal's move can follow a call: each event refetches
    // both (throttled). `figures.changed` (the server's coalesced hint) names what changed.
    const stop = listenSocket({
      'figures.changed': (raw: unknown) => {
        const hint = FiguresChangedPayload.safeParse(raw);
        if (!hint.success) return;
        if (hint.data.scope === 'deals') funnel();
        if (hint.data.scope === 'calls') (calls(), conversations());
      },
      'deal.created': both,
      'deal.updated': both,
      'deal.moved': both,
      'deal.removed': both,
      'call.ringing': both,
      'call.ended': both,
      'call.logged': both,
      connect: reconnected,
    });
    return () => {
      stop();
      funnel.cancel();
      calls.cancel();
    };
  }, [token, queryClient]);
}
