import { useEffect, useRef, type RefObject } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-client';
import { SoftphoneState } from '../sip/softphone';
import { softphoneStore, type SoftphoneSnapshot } from '../stores/softphone-store';
import { decideOnAnswer, fieldFacts, recordTarget, type CallRecords, type WorkFacts } from '../utils/deal-on-answer';
import { forgetCall } from './use-call-events';

/**
 * Opens the call's deal (or contact) when the rep answers (issue 16): at the Answer click from the
 * screen pop when this browser answers (or once the call is up, if the pop came late), from
 * call.answered when a desk phone did. Only the tab holding the phone moves; a rep typing in a form
 * gets a link instead (`heldOpening`). The dock lives in the shell, outside the routes, so
 * navigating never touches the call. Returns what the Answer button calls.
 */
export function useDealOnAnswer({ dock, holder, enabled, snapshot }: { dock: RefObject<HTMLElement | null>; holder: boolean; enabled: boolean; snapshot: SoftphoneSnapshot }): (callId: string) => void {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { pathname } = useLocation();
  const work = useWorkFocus(dock);
  const handled = useRef(new Set<string>());
  // read at decision time, not captured by the effects below
  const latest = useRef({ holder, enabled, pathname });
  latest.current = { holder, enabled, pathname };

  const consider = (callId: string, direction: 'inbound' | 'outbound', records: CallRecords) => {
    if (handled.current.has(callId)) return;
    handled.current.add(callId);
    const { holder, enabled, pathname } = latest.current;
    const decision = decideOnAnswer({ direction, enabled, holder, target: recordTarget(records), currentPath: pathname, work: work() });
    if (decision.kind === 'navigate') void navigate(decision.target.path);
    else if (decision.kind === 'link') softphoneStore.update({ heldOpening: { callId, target: decision.target } });
  };

  // answered in this browser: the screen pop already holds the card (filtered for this rep by the server)
  const { state, call, pops, answered } = snapshot;
  const answerClicked = (callId: string) => {
    const pop = snapshot.pops[callId];
    if (pop) consider(callId, 'inbound', { deal: pop.deal, contact: pop.contact });
  };

  // while it rings, the deal page's own query starts from the pop's copy: on answer the page draws
  // at once (it refetches on mount and follows deal.updated as always)
  const ringingDeal = holder && enabled && call && state === SoftphoneState.Ringing ? pops[call.callId]?.deal : undefined;
  useEffect(() => {
    if (ringingDeal && !queryClient.getQueryData(queryKeys.deal(ringingDeal.id))) queryClient.setQueryData(queryKeys.deal(ringingDeal.id), ringingDeal);
  }, [ringingDeal, queryClient]);
  const browserCallId = holder && call && state === SoftphoneState.InCall && call.direction === 'inbound' ? call.callId : null;
  const pop = browserCallId ? pops[browserCallId] : undefined;
  useEffect(() => {
    if (browserCallId && pop) consider(browserCallId, 'inbound', { deal: pop.deal, contact: pop.contact });
  });

  // answered on a desk phone (or the pop never came): the server's call.answered
  useEffect(() => {
    for (const [callId, a] of Object.entries(answered)) consider(callId, a.direction, { deal: a.deal, contact: a.contact });
  });

  // this browser's call is over: its links and a held link go, even if call.ended is late
  const ownCallId = holder ? (call?.callId ?? null) : null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (previous.current && previous.current !== ownCallId) forgetCall(previous.current);
    previous.current = ownCallId;
  }, [ownCallId]);

  return answerClicked;
}

/**
 * What the rep is working in: the focused element; or, when focus is in the phone's dock or on
 * nothing (they clicked Answer, and the panel with the button has gone), the last element focused
 * outside the dock, unless they left it for nothing (a click on the empty page). Returns a reader.
 */
function useWorkFocus(dock: RefObject<HTMLElement | null>): () => WorkFacts {
  const last = useRef<Element | null>(null);
  useEffect(() => {
    const outside = (el: EventTarget | null): el is Element => el instanceof Element && !dock.current?.contains(el);
    const onFocusIn = (e: FocusEvent) => {
      if (outside(e.target)) last.current = e.target;
    };
    const onFocusOut = (e: FocusEvent) => {
      // left for the empty page; a switch to another window keeps the focus where it was
      if (outside(e.target) && e.relatedTarget === null && document.hasFocus()) last.current = null;
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('focusout', onFocusOut);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('focusout', onFocusOut);
    };
  }, [dock]);
  return () => {
    const active = document.activeElement;
    const onPage = !!active && active !== document.body && !dock.current?.contains(active);
    const el = onPage ? active : last.current;
    // a modal (a panel that says aria-modal="false", such as the wrap-up, counts only through its focused field)
    const dialogOpen = [...document.querySelectorAll('[role="dialog"]:not([aria-modal="false"]), [role="alertdialog"]:not([aria-modal="false"]), dialog[open]')].some(
      (d) => !dock.current?.contains(d),
    );
    return { field: el?.isConnected ? fieldFacts(el) : null, dialogOpen };
  };
}
