// What tabs of one user say to each other about the phone (over a BroadcastChannel), and how a tab
// reacts to each message: pure, so it is tested without a browser.
import type { SoftphoneSnapshot } from '../stores/softphone-store';

/** What a tab without the phone may ask the holder to do with the call that is up. */
export type PhoneControl = 'hangup' | 'hold' | 'unhold' | 'mute' | 'unmute';
const CONTROLS: readonly string[] = ['hangup', 'hold', 'unhold', 'mute', 'unmute'] satisfies PhoneControl[];

/** What the holder tab tells the others. */
export type PhoneMirror = Pick<SoftphoneSnapshot, 'state' | 'call' | 'error'>;

export type TabMessage =
  /** A new tab asks the holder for its state. */
  | { type: 'hello' }
  /** The holder's phone state. */
  | { type: 'state'; mirror: PhoneMirror }
  /** The holder closed or stopped: no tab holds the phone until another takes the lock. */
  | { type: 'released' }
  /** A tab without the phone asks the holder to place a call (click-to-call). */
  | { type: 'call'; requestId: string; number: string; dealId: string | null }
  /** The holder's answer to `call`: placed (`ok`) or why not (a CallSetupProblem; another version may send other text). */
  | { type: 'call-result'; requestId: string; ok: boolean; error: string | null }
  /** A tab without the phone asks the holder to hang up, hold, resume, mute or unmute the call (the state mirror shows the result). */
  | { type: 'control'; action: PhoneControl };

/** What a tab does about a message. */
export type TabAction =
  | { kind: 'send'; message: TabMessage }
  | { kind: 'mirror'; mirror: PhoneMirror | null }
  | { kind: 'place-call'; requestId: string; number: string; dealId: string | null }
  | { kind: 'call-result'; requestId: string; ok: boolean; error: string | null }
  | { kind: 'control'; action: PhoneControl };

export interface TabView {
  leading: boolean;
  /** What this tab last published while leading. */
  lastMirror: PhoneMirror | null;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/** The message if it has the right shape (another version of the app may share the channel), else null. */
export function parseTabMessage(raw: unknown): TabMessage | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'hello':
    case 'released':
      return { type: m.type };
    case 'state': {
      const mirror = m.mirror as Record<string, unknown> | null;
      if (!mirror || typeof mirror !== 'object' || !isString(mirror.state)) return null;
      return { type: 'state', mirror: mirror as unknown as PhoneMirror };
    }
    case 'call':
      if (!isString(m.requestId) || !isString(m.number) || !m.number.trim()) return null;
      if (m.dealId !== null && !isString(m.dealId)) return null;
      return { type: 'call', requestId: m.requestId, number: m.number, dealId: m.dealId };
    case 'call-result':
      if (!isString(m.requestId) || typeof m.ok !== 'boolean') return null;
      return { type: 'call-result', requestId: m.requestId, ok: m.ok, error: isString(m.error) ? m.error : null };
    case 'control':
      return isString(m.action) && CONTROLS.includes(m.action) ? { type: 'control', action: m.action as PhoneControl } : null;
    default:
      return null;
  }
}

/** How a tab reacts to a message from another tab. */
export function reactToTabMessage(message: TabMessage, tab: TabView): TabAction[] {
  switch (message.type) {
    case 'hello':
      return tab.leading && tab.lastMirror ? [{ kind: 'send', message: { type: 'state', mirror: tab.lastMirror } }] : [];
    case 'state':
      return tab.leading ? [] : [{ kind: 'mirror', mirror: message.mirror }];
    case 'released':
      return tab.leading ? [] : [{ kind: 'mirror', mirror: null }];
    case 'call':
      // only the holder can place it; the other tabs hear the request too and leave it
      return tab.leading ? [{ kind: 'place-call', requestId: message.requestId, number: message.number, dealId: message.dealId }] : [];
    case 'call-result':
      return [{ kind: 'call-result', requestId: message.requestId, ok: message.ok, error: message.error }];
    case 'control':
      return tab.leading ? [{ kind: 'control', action: message.action }] : [];
  }
}

/** Why click-to-call cannot place a call now (worded by utils/phone-messages.ts). */
export type CallBlockedReason = 'starting' | 'no_holder' | 'offline' | 'offline_elsewhere' | 'connecting' | 'call_up';

/**
 * Why click-to-call cannot place a call now, or null when it can. `state` is this tab's phone (holder)
 * or the holder's as mirrored here, null when none is known.
 */
export function callBlockedReason(view: { started: boolean; holder: boolean; state: string | null }): CallBlockedReason | null {
  if (!view.started) return 'starting';
  if (view.state === null) return view.holder ? 'starting' : 'no_holder';
  switch (view.state) {
    case 'ready':
      return null;
    case 'disconnected':
      return view.holder ? 'offline' : 'offline_elsewhere';
    case 'registering':
      return 'connecting';
    default:
      return 'call_up';
  }
}
