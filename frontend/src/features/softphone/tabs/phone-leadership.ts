// One registration per user across tabs: the tab holding a Web Lock holds the phone; the others
// mirror its state over a BroadcastChannel and may steal the lock ("Use phone here").
import type { SoftphoneSnapshot } from '../stores/softphone-store';

/** What the holder tab tells the others. */
export type PhoneMirror = Pick<SoftphoneSnapshot, 'state' | 'call' | 'error'>;

type Message = { type: 'state'; mirror: PhoneMirror } | { type: 'hello' } | { type: 'released' };

export interface PhoneLeadershipEvents {
  /** This tab became the holder: register the phone. */
  onLead: () => void;
  /** Another tab took the phone: unregister here (resolves when done). */
  onLose: () => Promise<void>;
  /** The holder's state changed (only while this tab is not the holder). */
  onMirror: (mirror: PhoneMirror | null) => void;
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

  constructor(userId: string, private readonly events: PhoneLeadershipEvents) {
    this.lockName = `callboard-phone:${userId}`;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(this.lockName) : null;
    this.channel?.addEventListener('message', (e: MessageEvent<Message>) => this.onMessage(e.data));
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
    this.channel?.postMessage({ type: 'hello' } satisfies Message);
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
    this.channel?.postMessage({ type: 'state', mirror } satisfies Message);
  }

  stop(): void {
    this.stopped = true;
    this.waiting?.abort();
    if (this.leading) this.channel?.postMessage({ type: 'released' } satisfies Message);
    this.leading = false;
    this.release?.();
    this.channel?.close();
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

  private onMessage(message: Message): void {
    if (this.stopped) return;
    if (message.type === 'hello') {
      if (this.leading && this.lastMirror) this.channel?.postMessage({ type: 'state', mirror: this.lastMirror } satisfies Message);
    } else if (message.type === 'state') {
      if (!this.leading) this.events.onMirror(message.mirror);
    } else if (message.type === 'released') {
      if (!this.leading) this.events.onMirror(null);
    }
  }
}
