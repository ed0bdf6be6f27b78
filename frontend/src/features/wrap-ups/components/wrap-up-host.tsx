import './wrap-ups.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { WrapUp, WrapUpRemovedPayload } from '@callboard/contracts';
import { listenSocket } from '@/lib/socket';
import { useAuth, useSessionUser } from '@/features/auth';
import { onPhoneCallEnded, usePhoneBusy } from '@/features/softphone';
import { wrapUpsApi } from '../api/wrap-ups-api';
import { applyWrapUp, removeWrapUp, usePendingWrapUps, wrapUpKeys } from '../hooks/use-wrap-ups';
import { onWrapUpRequest, type WrapUpRequest } from '../stores/wrap-up-requests';
import { WrapUpPanel } from './wrap-up-panel';

/** How long a panel opened at hang-up waits for the server's wrap-up before deciding none is owed. */
const NOT_OWED_AFTER_MS = 8_000;

/**
 * Opens the wrap-up panel by itself when the rep's call ends: at once when this tab's phone hangs up
 * an answered call (the server's wrap-up fills in a moment later), and on the server's
 * `wrapup.changed` for a call of theirs that ended elsewhere (a desk phone, another tab, an
 * unanswered outbound call). Also opens on request (Today's "Wrap up"). One panel at a time, the
 * newest call first; "Later" closes it and the call stays on Today.
 */
export function WrapUpHost() {
  const me = useSessionUser();
  const { token } = useAuth();
  const queryClient = useQueryClient();
  const pending = usePendingWrapUps();
  const phoneBusy = usePhoneBusy();
  const [open, setOpen] = useState<WrapUpRequest[]>([]);
  // calls the rep put off ("Later") or finished: a late socket message does not bring them back
  const closed = useRef(new Set<string>());

  const show = useCallback((request: WrapUpRequest) => {
    setOpen((list) => {
      const current = list.find((r) => r.sipCallId === request.sipCallId);
      if (!current) return [...list, request];
      return list.map((r) => (r === current ? { ...current, ...request, hint: request.hint ?? current.hint, wrapUp: request.wrapUp ?? current.wrapUp } : r));
    });
  }, []);
  const hide = useCallback((sipCallId: string) => setOpen((list) => list.filter((r) => r.sipCallId !== sipCallId)), []);

  useEffect(
    () =>
      onWrapUpRequest((request) => {
        closed.current.delete(request.sipCallId);
        show(request);
      }),
    [show],
  );

  useEffect(
    () =>
      onPhoneCallEnded((call) => {
        // an unanswered outbound call waits for the server (it knows whether the call ever left)
        if (call.answeredAt === null) return;
        if (closed.current.has(call.callId)) return;
        show({ sipCallId: call.callId, hint: { direction: call.direction, number: call.remoteNumber, name: call.remoteName, dealId: call.dealId } });
        // No wrap-up from the server by then: none is owed (the call was transferred on before its
        // end was logged, or the CRM never saw it). Ask once more, then close quietly.
        setTimeout(() => {
          void queryClient
            .fetchQuery({ queryKey: wrapUpKeys.pending, queryFn: ({ signal }) => wrapUpsApi.pending(signal), staleTime: 0 })
            .then((list) => {
              if (!list.some((w) => w.sipCallId === call.callId)) hide(call.callId);
            })
            .catch(() => undefined);
        }, NOT_OWED_AFTER_MS);
      }),
    [show, hide, queryClient],
  );

  useEffect(() => {
    if (!token) return;
    return listenSocket({
      'wrapup.changed': (raw) => {
        const parsed = WrapUp.safeParse(raw);
        if (!parsed.success || parsed.data.userId !== me.id) return;
        const wrapUp = parsed.data;
        applyWrapUp(queryClient, wrapUp);
        if (wrapUp.status !== 'pending') {
          closed.current.add(wrapUp.sipCallId);
          hide(wrapUp.sipCallId);
        } else if (!closed.current.has(wrapUp.sipCallId)) {
          show({ sipCallId: wrapUp.sipCallId, wrapUp });
        }
      },
      'wrapup.removed': (raw) => {
        const parsed = WrapUpRemovedPayload.safeParse(raw);
        if (!parsed.success) return;
        removeWrapUp(queryClient, parsed.data.id);
        hide(parsed.data.sipCallId);
      },
    });
  }, [token, me.id, queryClient, show, hide]);

  const current = open[open.length - 1];
  if (!current) return null;
  // the server's wrap-up for the call: from the pending list (kept by the socket) or the request itself
  const wrapUp = pending.data?.find((w) => w.sipCallId === current.sipCallId) ?? current.wrapUp;
  // A new call (ringing, then its in-call bar) needs the corner the panel sits in: the panel steps
  // aside, kept with what the rep typed, until that call ends (then it is back, or on Today).
  return (
    <div hidden={phoneBusy} data-testid="wrap-up-host">
      <WrapUpPanel
        key={current.sipCallId}
        request={current}
        wrapUp={wrapUp ?? null}
        waiting={open.length - 1}
        onClose={() => {
          closed.current.add(current.sipCallId);
          hide(current.sipCallId);
        }}
      />
    </div>
  );
}
