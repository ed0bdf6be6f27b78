import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import { Logger } from '../../common/logger';
import { StateFile } from '../../common/state-file';
import { normaliseCallEvent } from '../../domain/call-event-normaliser';
import { PbxHello, RawPbxEvent } from '../../domain/raw-pbx-event';
import type { PbxEventSource } from '../../ports/pbx-event-source.port';
import { EvapiConnection } from './evapi-connection';
import type { KamailioRpcClient } from './kamailio-rpc.client';
import { SeqTracker } from './seq-tracker';

export interface KamailioEventSourceOptions {
  host: string;
  port: number;
  pbxName: string;
  dataDir: string;
  rpc: KamailioRpcClient;
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** A gap in the sequence older than this is asked for again with replay_from. */
  gapReplayMs?: number;
  /** A gap older than this is given up on (the event expired from Kamailio's outbox). */
  gapSkipMs?: number;
  /** How often open calls are checked against Kamailio's dialog list (0 = never). */
  sweepMs?: number;
  /** A call is swept only when it has been open at least this long (its dialog exists by then). */
  sweepGraceMs?: number;
}

interface Cursor {
  boot: string | null;
  watermark: number;
  seen: number[];
  /** Calls we saw offered and not yet ended/missed, with the boot that reported them. */
  open: Record<string, string>;
}

/**
 * Kamailio over evapi: a TCP client speaking netstrings. After each (re)connect it says hello
 * with the boot and sequence it has consumed; Kamailio answers with its own boot and replays its
 * outbox from there. Duplicates are dropped by (boot, seq). When the boot changed, Kamailio was
 * restarted: calls we saw open that its dialog list no longer has are closed with `ended`
 * (hangupBy system). The same check runs every `sweepMs` for calls open longer than
 * `sweepGraceMs`, so a call whose end was lost (a sequence gap given up on) does not stay open,
 * and its rep does not stay "on call", until the dialog timeout hours later.
 */
export class KamailioEventSource implements PbxEventSource {
  private readonly logger = new Logger(KamailioEventSource.name);
  private readonly state: StateFile<Cursor>;
  private tracker = new SeqTracker();
  private open = new Map<string, string>();
  /** When each open call was first seen by this process (resumed ones: at start). */
  private openedAt = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly connection: EvapiConnection;
  private handler: ((events: CallEvent[]) => Promise<void>) | null = null;
  private chain: Promise<void> = Promise.resolve();
  private helloSeen = false;
  private beforeHello: string[] = [];
  private stopped = false;
  private gapTimer: NodeJS.Timeout | null = null;
  private gapReplayAsked = false;
  private reconcileSeq = 0;

  constructor(private readonly options: KamailioEventSourceOptions) {
    this.state = new StateFile<Cursor>(join(options.dataDir, 'kamailio-cursor.json'));
    this.connection = new EvapiConnection(
      { host: options.host, port: options.port, minReconnectMs: options.minReconnectMs, maxReconnectMs: options.maxReconnectMs, name: 'evapi' },
      {
        onConnect: () => {
          this.helloSeen = false;
          this.beforeHello = [];
          this.sendHello();
        },
        onMessages: (messages) => this.enqueue(messages),
      },
      this.logger,
    );
  }

  async start(handler: (events: CallEvent[]) => Promise<void>): Promise<void> {
    this.handler = handler;
    const cursor = await this.state.read();
    if (cursor) {
      this.tracker = new SeqTracker(cursor.boot, cursor.watermark);
      for (const s of cursor.seen ?? []) this.tracker.accept(cursor.boot ?? '', s);
      this.open = new Map(Object.entries(cursor.open ?? {}));
      const now = Date.now();
      for (const callId of this.open.keys()) this.openedAt.set(callId, now);
      this.logger.info('resuming', { boot: cursor.boot, watermark: this.tracker.watermark, openCalls: this.open.size });
    }
    this.gapTimer = setInterval(() => this.checkGaps(), 250);
    const sweepMs = this.options.sweepMs ?? 60_000;
    if (sweepMs > 0) this.sweepTimer = setInterval(() => void this.sweep(), sweepMs);
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.gapTimer) clearInterval(this.gapTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.connection.stop();
    await this.chain;
    // the last events' cursor, written in the background, is on disk before the process goes
    await this.cursorWrite?.catch(() => undefined);
  }

  private sendHello(): void {
    const msg = JSON.stringify({
      cmd: 'hello',
      boot: this.tracker.boot ?? '',
      replay_from: this.tracker.watermark + 1,
    });
    this.connection.send(msg);
  }

  private enqueue(messages: string[]): void {
    this.chain = this.chain
      .then(() => this.process(messages))
      .catch((e) => {
        // the handler could not store the events: drop the connection so Kamailio replays them
        this.logger.error('could not consume events, reconnecting for a replay', { error: String(e) });
        this.connection.reconnect();
      });
  }

  private async process(messages: string[]): Promise<void> {
    const events: RawPbxEvent[] = [];
    for (const text of messages) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        this.logger.warn('evapi message is not JSON, dropped', { sample: text.slice(0, 120) });
        continue;
      }
      const hello = PbxHello.safeParse(json);
      if (hello.success) {
        await this.flushEvents(events.splice(0));
        await this.onHello(hello.data);
        if (this.beforeHello.length) {
          const early = this.beforeHello;
          this.beforeHello = [];
          await this.process(early);
        }
        continue;
      }
      if (!this.helloSeen) {
        this.beforeHello.push(text);
        continue;
      }
      const raw = RawPbxEvent.safeParse(json);
      if (!raw.success) {
        const callId = (json as { callId?: unknown })?.callId;
        this.logger.warn('malformed PBX event, dropped', {
          callId: typeof callId === 'string' ? callId.slice(0, 255) : undefined,
          issues: raw.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        });
        continue;
      }
      events.push(raw.data);
    }
    await this.flushEvents(events);
  }

  private async flushEvents(raws: RawPbxEvent[]): Promise<void> {
    if (raws.length === 0) return;
    const fresh: RawPbxEvent[] = [];
    const batchKeys = new Set<string>();
    for (const r of raws) {
      const key = `${r.boot}:${r.seq}`;
      if (this.tracker.isDuplicate(r.boot, r.seq) || batchKeys.has(key)) continue;
      batchKeys.add(key);
      fresh.push(r);
    }
    if (fresh.length === 0) return;
    const valid: CallEvent[] = [];
    for (const r of fresh) {
      const result = normaliseCallEvent(r, this.options.pbxName);
      if (result.ok) {
        valid.push(result.event);
      } else {
        this.logger.warn('invalid call event, dropped', {
          callId: r.callId.slice(0, 255),
          type: r.type,
          seq: r.seq,
          reason: result.reason,
        });
      }
    }
    // durable first, then consumed
    if (valid.length) await this.handler!(valid);
    for (const r of fresh) this.tracker.accept(r.boot, r.seq);
    for (const e of valid) {
      if (e.type === 'offered') {
        this.open.set(e.callId, e.origin.boot);
        if (!this.openedAt.has(e.callId)) this.openedAt.set(e.callId, Date.now());
      } else if (e.type === 'ended' || e.type === 'missed') {
        this.open.delete(e.callId);
        this.openedAt.delete(e.callId);
      }
      this.logger.info('call event', { callId: e.callId, type: e.type, seq: e.origin.seq });
    }
    // The events are in the journal already; the cursor only spares a replay after a restart (and
    // a replayed event is dropped downstream as a duplicate), so the next events need not wait for
    // its fsync: written in the background, one write at a time, the latest state last.
    this.saveCursor().catch((err: unknown) => this.logger.warn('cursor not saved', { error: err instanceof Error ? err.message : String(err) }));
  }

  private async onHello(hello: PbxHello): Promise<void> {
    const previous = this.tracker.boot;
    this.helloSeen = true;
    if (previous && previous !== hello.boot) {
      this.logger.warn('Kamailio restarted (boot changed), reconciling open calls', {
        previousBoot: previous,
        boot: hello.boot,
        openCalls: this.open.size,
      });
      this.tracker.resetTo(hello.boot);
      await this.reconcile(hello.boot);
    } else {
      this.tracker.resetTo(hello.boot);
    }
    await this.saveCursor();
    this.logger.info('evapi hello', { boot: hello.boot, seq: hello.seq, watermark: this.tracker.watermark });
  }

  /** Closes calls from earlier boots that Kamailio's dialog list no longer has. */
  private async reconcile(boot: string): Promise<void> {
    const stale = [...this.open].filter(([, b]) => b !== boot);
    if (stale.length === 0) return;
    let active = new Set<string>();
    try {
      active = await this.options.rpc.activeCallIds();
    } catch (e) {
      // a restarted Kamailio keeps dialogs in memory only: none of the old ones can be active
      this.logger.warn('dlg.list failed during reconciliation; treating old calls as gone', { error: String(e) });
    }
    await this.closeGone(stale, active, 'reconciled');
  }

  /**
   * Closes open calls, known for longer than the grace, that Kamailio's dialog list no longer
   * has. Runs in the event chain, after the events already received, so no event of the same call
   * is being handled meanwhile; if the dialog list cannot be read, nothing is closed.
   */
  sweep(): Promise<void> {
    this.chain = this.chain
      .then(() => this.sweepOpenCalls())
      .catch((e) => this.logger.error('sweep of open calls failed', { error: String(e) }));
    return this.chain;
  }

  private async sweepOpenCalls(): Promise<void> {
    if (!this.helloSeen || !this.handler || this.stopped) return;
    const before = Date.now() - (this.options.sweepGraceMs ?? 10_000);
    const candidates = [...this.open].filter(([callId]) => (this.openedAt.get(callId) ?? 0) <= before);
    if (candidates.length === 0) return;
    let active: Set<string>;
    try {
      active = await this.options.rpc.activeCallIds();
    } catch (e) {
      this.logger.warn('dlg.list failed, open calls not swept this time', { error: String(e), openCalls: this.open.size });
      return;
    }
    const closed = await this.closeGone(candidates, active, 'swept');
    this.logger.info('open calls checked against the dialog list', { checked: candidates.length, closed });
  }

  /** Emits `ended` (system) for each call not in `active`; returns how many. */
  private async closeGone(calls: Array<[string, string]>, active: Set<string>, how: 'reconciled' | 'swept'): Promise<number> {
    const now = new Date().toISOString();
    const ended: CallEvent[] = [];
    for (const [callId, oldBoot] of calls) {
      if (active.has(callId)) continue;
      ended.push({
        type: 'ended',
        callId,
        hangupBy: 'system',
        at: now,
        origin: { pbx: this.options.pbxName, boot: `${oldBoot.slice(0, 50)}~${how}`, seq: ++this.reconcileSeq },
      });
    }
    if (ended.length === 0) return 0;
    await this.handler!(ended);
    for (const e of ended) {
      this.open.delete(e.callId);
      this.openedAt.delete(e.callId);
      if (how === 'reconciled') this.logger.warn('call closed by reconciliation', { callId: e.callId });
      else this.logger.warn('call closed by the sweep: its dialog is gone and its end was never reported', { callId: e.callId });
    }
    await this.saveCursor();
    return ended.length;
  }

  private checkGaps(): void {
    if (!this.connection.connected || !this.helloSeen) return;
    const age = this.tracker.gapAge();
    if (age === null) {
      this.gapReplayAsked = false;
      return;
    }
    if (age > (this.options.gapSkipMs ?? 5000)) {
      const skipped = this.tracker.skipGap();
      this.gapReplayAsked = false;
      this.logger.warn('sequence gap not filled by replay, skipped', { from: skipped[0], count: skipped.length });
      return;
    }
    if (age > (this.options.gapReplayMs ?? 1500) && !this.gapReplayAsked) {
      this.gapReplayAsked = true;
      this.logger.info('sequence gap, asking for a replay', { from: this.tracker.watermark + 1 });
      this.sendHello();
    }
  }

  private cursorWrite: Promise<void> | null = null;
  private cursorDirty = false;

  /**
   * Saves the cursor. At most one write is in flight; calls meanwhile are folded into one more
   * write of the state as it is then. Resolves once the state as of this call is on disk.
   */
  private saveCursor(): Promise<void> {
    this.cursorDirty = true;
    this.cursorWrite ??= (async () => {
      try {
        while (this.cursorDirty) {
          this.cursorDirty = false;
          await this.state.write({
            boot: this.tracker.boot,
            watermark: this.tracker.watermark,
            seen: this.tracker.seenAbove,
            open: Object.fromEntries(this.open),
          });
        }
      } finally {
        this.cursorWrite = null;
      }
    })();
    return this.cursorWrite;
  }
}
