import type { WrapUp } from '@callboard/contracts';
import { wrapUpsApi } from '../api/wrap-ups-api';

/**
 * What the wrap-up panel should show: a call that just ended in this tab (known by its SIP Call-ID
 * before the server has logged it), or a wrap-up someone asked for (the Today list's button). No
 * words here: this module is in the first page, the panel loads after it.
 */
export interface WrapUpRequest {
  sipCallId: string;
  /** What the phone knew at hang-up, shown until the server's wrap-up arrives. */
  hint?: { direction: 'inbound' | 'outbound'; number: string; name: string | null; dealId: string | null };
  wrapUp?: WrapUp;
}

type Listener = (request: WrapUpRequest) => void;
const listeners = new Set<Listener>();
const waiting: WrapUpRequest[] = [];

/** Opens the wrap-up panel (the host loads after the first paint: a request made before waits for it). */
export function openWrapUp(request: WrapUpRequest): void {
  if (!listeners.size) waiting.push(request);
  listeners.forEach((l) => l(request));
}

export function onWrapUpRequest(listener: Listener): () => void {
  listeners.add(listener);
  waiting.splice(0).forEach(listener);
  return () => listeners.delete(listener);
}

/** Opens the panel for a wrap-up known by its id (Today's "Wrap up"): read first, then shown. */
export async function openWrapUpById(id: string): Promise<void> {
  const wrapUp = await wrapUpsApi.get(id);
  openWrapUp({ sipCallId: wrapUp.sipCallId, wrapUp });
}
