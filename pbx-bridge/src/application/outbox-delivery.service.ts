import { Logger } from '../common/logger';
import type { CrmSink, DeliveryOutcome } from '../ports/crm-sink.port';
import type { AlertDispatcher } from './alert-dispatcher';
import type { DeadLetter, DeadLetterFile, DeadLetterStatus } from './dead-letter-file';
import { laneOf, type EventJournal, type JournalEntry } from './event-journal';

export interface DeliveryOptions {
  batchSize: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /**
   * An event the CRM keeps answering `retry` for is given up (dead-lettered) after this many failed
   * attempts, at least `giveUpAfterMs` after it first failed (or after the PBX saw it), and only
   * once the CRM accepted other events since: during an outage nothing is given up.
   */
  maxAttempts: number;
  giveUpAfterMs: number;
}

/** Per event the CRM asked to retry: its call waits until `nextAt`. */
interface Held {
  attempts: number;
  firstFailureAt: number;
  nextAt: number;
  reason: string;
}

/** Rounds in a row in which nothing progressed before the whole loop backs off (an outage, not one bad event). */
const STALLED_ROUNDS_BEFORE_BACKOFF = 10;

type Round = 'progressed' | 'stalled' | 'unreachable';

/** An event being given up: its journal id and its dead-letter line. */
interface GivenUp {
  id: number;
  letter: DeadLetter;
}

/**
 * Delivers the journal's undelivered events to the CRM in batches, oldest first, at least once.
 * The CRM answers per event: accepted -> done; rejected -> dead-letter file, error log, alert;
 * retry -> that call's events wait (jittered backoff per event) while other calls' events keep
 * flowing. A request refused as a whole (4xx) or failing with a server error (5xx) is halved until
 * the event behind it is found, so one event can never hold back the rest. When the CRM cannot be
 * reached (network, timeout, 502-504) the whole loop backs off and nothing counts against an event.
 */
export class OutboxDeliveryService {
  private readonly logger = new Logger(OutboxDeliveryService.name);
  private readonly held = new Map<number, Held>();
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;
  /** Whole-loop backoff after the CRM could not be reached; 0 when healthy. */
  private backoffMs = 0;
  private stalledRounds = 0;
  /** Batch size now: halved while isolating an event that fails a whole request, doubled back on success. */
  private limit: number;
  private lastAcceptAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly journal: EventJournal,
    private readonly sink: CrmSink,
    private readonly deadLetters: DeadLetterFile,
    private readonly alerts: AlertDispatcher | null,
    private readonly options: DeliveryOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.limit = options.batchSize;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** New events are in the journal. Does not cut the backoff of an unreachable CRM short. */
  notify(): void {
    if (this.backoffMs === 0) this.wake?.();
  }

  /** Events waiting for a retry (their calls are held back). */
  get heldCount(): number {
    return this.held.size;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const { batch, nextDueAt } = this.pick(this.now());
      if (batch.length === 0) {
        await this.sleep(nextDueAt === null ? null : nextDueAt - this.now());
        continue;
      }
      let round: Round;
      try {
        round = await this.deliver(batch);
      } catch (e) {
        this.logger.error('delivery round failed', { error: String(e), count: batch.length });
        round = 'unreachable';
      }
      this.stalledRounds = round === 'progressed' ? 0 : this.stalledRounds + 1;
      if (round === 'unreachable' || this.stalledRounds >= STALLED_ROUNDS_BEFORE_BACKOFF) {
        this.backoffMs = Math.min(this.options.maxBackoffMs, Math.max(this.options.minBackoffMs, this.backoffMs * 2));
        await this.sleep(jitter(this.backoffMs));
      } else {
        this.backoffMs = 0;
      }
    }
  }

  /** The oldest due events, skipping every call whose earlier event waits for a retry. */
  private pick(now: number): { batch: JournalEntry[]; nextDueAt: number | null } {
    const batch: JournalEntry[] = [];
    const waiting = new Set<string>();
    let nextDueAt: number | null = null;
    for (const entry of this.journal.entries()) {
      const lane = laneOf(entry);
      if (waiting.has(lane)) continue;
      const held = this.held.get(entry.id);
      if (held && held.nextAt > now) {
        waiting.add(lane);
        nextDueAt = nextDueAt === null ? held.nextAt : Math.min(nextDueAt, held.nextAt);
        continue;
      }
      batch.push(entry);
      if (batch.length >= this.limit) break;
    }
    return { batch, nextDueAt };
  }

  private async deliver(batch: JournalEntry[]): Promise<Round> {
    const outcome = await this.sink.deliver(batch.map((e) => e.event));
    const now = this.now();
    switch (outcome.kind) {
      case 'answered':
        return this.applyVerdicts(batch, outcome, now);
      case 'rejected':
        if (batch.length > 1) return this.split(batch, `HTTP ${outcome.status}`, 'progressed');
        await this.giveUp([this.letter(batch[0]!, 'rejected', `http-${outcome.status}: ${outcome.detail}`, now)]);
        return 'progressed';
      case 'retry':
        if (!outcome.server) {
          this.logger.warn('CRM delivery failed, will retry', {
            status: outcome.status,
            detail: outcome.detail,
            count: batch.length,
            callId: batch[0]?.callId ?? undefined,
          });
          return 'unreachable';
        }
        if (batch.length > 1) return this.split(batch, `HTTP ${outcome.status}`, 'stalled');
        await this.giveUp(this.failed([batch[0]!], `http-${outcome.status}: ${outcome.detail}`, now));
        return 'stalled';
    }
  }

  private async applyVerdicts(batch: JournalEntry[], outcome: Extract<DeliveryOutcome, { kind: 'answered' }>, now: number): Promise<Round> {
    const done: number[] = [];
    const letters: GivenUp[] = [];
    const retry: { entry: JournalEntry; reason: string }[] = [];
    batch.forEach((entry, i) => {
      const verdict = outcome.verdicts[i] ?? { status: 'retry' as const, reason: 'no-result: the CRM sent no verdict for this event' };
      if (verdict.status === 'accepted') done.push(entry.id);
      else if (verdict.status === 'rejected') letters.push(this.letter(entry, 'rejected', verdict.reason, now));
      else retry.push({ entry, reason: verdict.reason });
    });
    if (done.length) this.lastAcceptAt = now;
    for (const { entry, reason } of retry) letters.push(...this.failed([entry], reason, now));
    for (const id of done) this.held.delete(id);
    await this.giveUp(letters);
    // The next round need not wait for this fsync: the events are out of the journal's memory now,
    // and a crash before the mark is on disk only delivers them again (the CRM applies each once).
    this.journal.markDone(done).catch((e: unknown) => this.logger.error('could not write delivered marks to the journal; the events will be delivered again after a restart', { error: String(e) }));
    this.limit = Math.min(this.options.batchSize, this.limit * 2);
    if (retry.length) this.logger.debug('delivered, some events wait for a retry', { accepted: done.length, retry: retry.length });
    else this.logger.debug('delivered', { count: batch.length });
    return done.length + letters.length > 0 ? 'progressed' : 'stalled';
  }

  /** A whole request failed because of something in it: try the first half next, then the rest. */
  private split(batch: JournalEntry[], why: string, round: Round): Round {
    this.limit = Math.ceil(batch.length / 2);
    this.logger.warn('CRM failed a whole batch, halving it to find the event behind it', {
      why,
      count: batch.length,
      next: this.limit,
      callId: batch[0]?.callId ?? undefined,
    });
    return round;
  }

  /** Records a failed attempt; returns a dead letter when the event has run out of tries. */
  private failed(entries: JournalEntry[], reason: string, now: number): GivenUp[] {
    const letters: GivenUp[] = [];
    for (const entry of entries) {
      const held = this.held.get(entry.id) ?? { attempts: 0, firstFailureAt: now, nextAt: now, reason };
      held.attempts++;
      held.reason = reason;
      const seenAt = entry.parsed ? Date.parse(entry.parsed.at) : Number.NaN;
      const since = Number.isFinite(seenAt) ? Math.min(seenAt, held.firstFailureAt) : held.firstFailureAt;
      if (
        held.attempts >= this.options.maxAttempts &&
        now - since >= this.options.giveUpAfterMs &&
        this.lastAcceptAt >= held.firstFailureAt
      ) {
        this.held.delete(entry.id);
        letters.push(this.letter(entry, 'retry-exhausted', `retry-exhausted after ${held.attempts} attempts: ${reason}`, now, held.attempts));
        continue;
      }
      held.nextAt = now + jitter(Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** (held.attempts - 1)));
      this.held.set(entry.id, held);
      this.logger.warn('CRM asked to retry an event later; its call waits, others go on', {
        callId: entry.callId ?? undefined,
        type: entry.type ?? undefined,
        attempts: held.attempts,
        reason: reason.slice(0, 300),
      });
    }
    return letters;
  }

  private letter(entry: JournalEntry, status: DeadLetterStatus, reason: string, now: number, attempts?: number): GivenUp {
    const letter: DeadLetter = {
      t: new Date(now).toISOString(),
      status,
      reason,
      attempts: attempts ?? this.held.get(entry.id)?.attempts ?? 0,
      callId: entry.callId,
      type: entry.type,
      event: entry.event,
    };
    return { id: entry.id, letter };
  }

  /** Dead-letter file first (fsync'd), then the journal's done mark: a crash between re-sends, never loses. */
  private async giveUp(givenUp: GivenUp[]): Promise<void> {
    if (givenUp.length === 0) return;
    const ids = givenUp.map((g) => g.id);
    const letters = givenUp.map((g) => g.letter);
    try {
      await this.deadLetters.append(letters);
    } catch (e) {
      // cannot write the dead-letter file (disk full?): keep the events, try them again later
      this.logger.error('cannot write the dead-letter file; events kept in the journal', { error: String(e), count: letters.length });
      const now = this.now();
      for (const id of ids) {
        this.held.set(id, { attempts: 0, firstFailureAt: now, nextAt: now + this.options.maxBackoffMs, reason: 'dead-letter write failed' });
      }
      return;
    }
    for (const id of ids) this.held.delete(id);
    for (const l of letters) {
      this.logger.error('call event dead-lettered', {
        callId: l.callId ?? undefined,
        type: l.type ?? undefined,
        status: l.status,
        attempts: l.attempts,
        reason: l.reason.slice(0, 500),
      });
      this.alerts?.raise({ kind: 'call-event-dead-lettered', callId: l.callId, eventType: l.type, reason: `${l.status}: ${l.reason}` });
    }
    await this.journal.markDone(ids);
  }

  /** Sleeps `ms` (null: until notified); notify() wakes it unless the CRM is unreachable. */
  private async sleep(ms: number | null): Promise<void> {
    if (!this.running) return;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (ms !== null) this.sleepTimer = setTimeout(resolve, Math.max(0, ms));
    });
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
    this.wake = null;
  }
}

/** ±20 %, so bridges (and events) that failed together do not retry in step. */
function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}
