// One registration per user across tabs: the tab holding a Web Lock holds the phone; the others
// mirror its state over a BroadcastChannel, may ask it to place a call, and may steal the lock
// ("Use phone here").
import { CallSetupError, callSetupProblem, isCallSetupProblem } from '../utils/call-refusal';
import { parseTabMessage, reactToTabMessage, type PhoneControl, type PhoneMirror, type TabAction, type TabMessage } from './tab-messages';

export type { PhoneControl, PhoneMirror } from './tab-messages';

/** How long a tab waits for the holder to say whether it placed a forwarded call. */
const CALL_REQUEST_TIMEOUT_MS = 15_000;

export interface PhoneLeadershipEvents {
  /** This tab became the holder: register the phone. */
  onLead: () => void;
  /** Another tab took the phone: unregister here (resolves when done). */
  onLose: () => Promise<void>;
  /** The holder's state changed (only while this tab is not the holder). */
  onMirror: (mirror: PhoneMirror | null) => void;
  /** Another tab asks this one (the holder) to place a call; resolves once it is placed. */
  onCallRequest: (number: string, dealId: string | null) => Promise<void>;
  /** Another tab asks this one (the holder) to hang up, hold or resume its call. */
  onControl: (action: PhoneControl) => void;
}

/**
 * Leader election for the phone between tabs of one user. Uses `navigator.locks` (held for as long
 * as the tab leads; released when the tab closes) and falls back to leading alone where it is missing.
 */
export class PhoneLeadership {
  private readonly channel: BroadcastChannel | null;
  private readonly lockName: string;
  private leading = false;
  private stopped = false;
  private release: (() => void) | null = null;
  private waiting: AbortController | null = null;
  /** Bumped on every lock request; an outdated request's end is ignored. */
  private generation = 0;
  private lastMirror: PhoneMirror | null = null;
  private readonly pending = new Map<string, { resolve: () => void; reject: (e: CallSetupError) => void; timer: ReturnType<typeof setTimeout> }>();
  private nextRequest = 0;

  constructor(userId: string, private readonly events: PhoneLeadershipEvents) {
    this.lockName = `callboard-phone:${userId}`;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.lockName) : null;
    this.channel?.addEventListener('message', (e: MessageEvent<unknown>) => this.onMessage(e.data));
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    if (typeof navigator === 'undefined' || !navigator.locks) {
      this.leading = true;
      this.events.onLead();
      return;
    }
    this.send({ type: 'hello' });
    this.request(false);
  }

  /** Takes the phone from the holder tab (which unregisters). */
  takeOver(): void {
    if (this.leading || this.stopped) return;
    this.waiting?.abort();
    this.request(true);
  }

  /** The holder publishes its softphone state to the other tabs. */
  publish(mirror: PhoneMirror): void {
    if (!this.leading) return;
    this.lastMirror = mirror;
    this.send({ type: 'state', mirror });
  }

  /**
   * From a tab that does not hold the phone: asks the holder to call `number` (the deal goes in its
   * X-Callboard-Deal header). Resolves once the holder placed the call; rejects with its reason
   * (a CallSetupError).
   */
  requestCall(number: string, dealId: string | null): Promise<void> {
    if (this.leading || this.stopped || !this.channel) return Promise.reject(new CallSetupError('no_holder', 'No other tab holds the phone'));
    const requestId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${this.nextRequest++}`;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new CallSetupError('holder_silent', 'The tab holding the phone did not answer'));
      }, CALL_REQUEST_TIMEOUT_MS);
      this.pending.set(requestId, { resolve, reject, timer });
      this.send({ type: 'call', requestId, number, dealId });
    });
  }

  /** From a tab that does not hold the phone: hang up, hold or resume the holder's call. */
  control(action: PhoneControl): void {
    if (this.leading || this.stopped) return;
    this.send({ type: 'control', action });
  }

  stop(): void {
    this.stopped = true;
    this.waiting?.abort();
    if (this.leading) this.send({ type: 'released' });
    this.leading = false;
    this.release?.();
    this.channel?.close();
    for (const [, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(new CallSetupError('phone_closed', 'The phone was closed'));
    }
    this.pending.clear();
  }

  private request(steal: boolean): void {
    const generation = ++this.generation;
    const waiting = steal ? null : new AbortController();
    this.waiting = waiting;
    const options: LockOptions = steal ? { steal: true } : { signal: waiting!.signal };
    navigator.locks
      .request(this.lockName, options, () => {
        if (this.stopped) return undefined;
        this.leading = true;
        this.waiting = null;
        this.events.onLead();
        return new Promise<void>((resolve) => (this.release = resolve));
      })
      .catch(async () => {
        // aborted while waiting (a takeover or stop) or stolen by another tab
        if (generation !== this.generation || !this.leading) return;
        this.leading = false;
        this.release?.();
        this.release = null;
        await this.events.onLose();
        if (!this.stopped) this.request(false);
      });
  }

  private send(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const message = parseTabMessage(raw);
    if (this.stopped || !message) return;
    for (const action of reactToTabMessage(message, { leading: this.leading, lastMirror: this.lastMirror })) this.apply(action);
  }

  private apply(action: TabAction): void {
    switch (action.kind) {
      case 'send':
        this.send(action.message);
        break;
      case 'mirror':
        this.events.onMirror(action.mirror);
        break;
      case 'place-call': {
        const { requestId } = action;
        this.events.onCallRequest(action.number, action.dealId).then(
          () => this.send({ type: 'call-result', requestId, ok: true, error: null }),
          // the reason as a code: the asking tab words it in its own language
          (e: unknown) => this.send({ type: 'call-result', requestId, ok: false, error: callSetupProblem(e) }),
        );
        break;
      }
      case 'control':
        this.events.onControl(action.action);
        break;
      case 'call-result': {
        const request = this.pending.get(action.requestId);
        if (!request) break;
        this.pending.delete(action.requestId);
        clearTimeout(request.timer);
        if (action.ok) request.resolve();
        else request.reject(new CallSetupError(isCallSetupProblem(action.error) ? action.error : 'not_placed', `the holder tab did not place the call: ${action.error}`));
        break;
      }
    }
  }
}
