import { useSyncExternalStore } from 'react';
import type { CallAnsweredPayload, CallRingingPayload } from '@callboard/contracts';
// types only: this store is in the first-paint bundle, sip.js (behind ../sip) loads with the dock
import type { ActiveCall, ConsultCall, SoftphoneState } from '../sip/softphone';
import type { CallProblem, ConnectProblem } from '../utils/call-refusal';
import type { RecordTarget } from '../utils/deal-on-answer';

export interface SoftphoneSnapshot {
  state: SoftphoneState;
  call: ActiveCall | null;
  /** An attended transfer's consult call, while `call` waits on hold. */
  consult: ConsultCall | null;
  /** Why the phone is offline (connection lost, sign-in refused ...); the dock words it. */
  error: ConnectProblem | null;
  /** The last call or answer failed because the microphone is blocked. */
  micBlocked: boolean;
  /** Why the last outbound call did not go through (dial policy, busy ...) or could not start, until the next call. */
  callRefused: CallProblem | null;
  /** Screen pops from call.ringing, by SIP Call-ID. */
  pops: Record<string, CallRingingPayload>;
  /** Calls another rep answered (call.taken), by SIP Call-ID → who took it (null: not said). */
  taken: Record<string, string | null>;
  /** Calls this user answered or placed (call.answered, in this browser or on a desk phone), by SIP Call-ID, until call.ended. */
  answered: Record<string, CallAnsweredPayload>;
  /** The record not opened on answer because the rep was typing: shown as a link for the rest of that call. */
  heldOpening: { callId: string; target: RecordTarget } | null;
}

export interface SoftphoneStore {
  get(): SoftphoneSnapshot;
  update(patch: Partial<SoftphoneSnapshot>): void;
  subscribe(listener: () => void): () => void;
  /** Called, synchronously, with the call as it was when this tab's call ends (the wrap-up opens on it). */
  onCallEnded(listener: (call: ActiveCall) => void): () => void;
}

const MAX_KEPT = 20;

/** Keeps the newest entries only: pops and taken marks are only needed while a call rings, answered ones while it lasts. */
function capped<T>(record: Record<string, T>): Record<string, T> {
  const keys = Object.keys(record);
  if (keys.length <= MAX_KEPT) return record;
  return Object.fromEntries(keys.slice(-MAX_KEPT).map((k) => [k, record[k] as T]));
}

export function createSoftphoneStore(): SoftphoneStore {
  let snapshot: SoftphoneSnapshot = { state: 'disconnected' as SoftphoneState, call: null, consult: null, error: null, micBlocked: false, callRefused: null, pops: {}, taken: {}, answered: {}, heldOpening: null };
  const listeners = new Set<() => void>();
  const ended = new Set<(call: ActiveCall) => void>();
  return {
    get: () => snapshot,
    update(patch) {
      const before = snapshot.call;
      snapshot = { ...snapshot, ...patch };
      if (patch.pops) snapshot.pops = capped(patch.pops);
      if (patch.taken) snapshot.taken = capped(patch.taken);
      if (patch.answered) snapshot.answered = capped(patch.answered);
      listeners.forEach((l) => l());
      if (before && snapshot.call?.callId !== before.callId) ended.forEach((l) => l(before));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCallEnded(listener) {
      ended.add(listener);
      return () => ended.delete(listener);
    },
  };
}

/** The tab's softphone store (one softphone per tab). */
export const softphoneStore = createSoftphoneStore();

export function useSoftphoneSnapshot(): SoftphoneSnapshot {
  return useSyncExternalStore(softphoneStore.subscribe, softphoneStore.get);
}
