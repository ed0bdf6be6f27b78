import { mkdir, open, rename, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CallEvent } from '@callboard/contracts';
import { Logger } from '../common/logger';
import type { StoredEvent } from '../ports/crm-sink.port';

export interface JournalEntry {
  id: number;
  /** As stored; delivered as is. */
  event: StoredEvent;
  /** The event, when it parses as this version's CallEvent; null when not (the CRM decides). */
  parsed: CallEvent | null;
  /** The event's SIP Call-ID when it has one: events of one call are delivered in order. */
  callId: string | null;
  type: string | null;
}

/** Events of one call keep their order; an event without a Call-ID is a lane of its own. */
export const laneOf = (entry: JournalEntry): string => entry.callId ?? `#${entry.id}`;

function entryOf(id: number, value: StoredEvent): JournalEntry {
  const parsed = CallEvent.safeParse(value);
  if (parsed.success) return { id, event: value, parsed: parsed.data, callId: parsed.data.callId, type: parsed.data.type };
  const o = (value && typeof value === 'object' ? value : {}) as { callId?: unknown; type?: unknown };
  return {
    id,
    event: value,
    parsed: null,
    callId: typeof o.callId === 'string' && o.callId.length > 0 ? o.callId.slice(0, 255) : null,
    type: typeof o.type === 'string' ? o.type.slice(0, 40) : null,
  };
}

type Record = { i: number; e: unknown } | { d: number[] };

/**
 * Durable outbox of call events: an append-only JSONL file in the data dir. An event is on disk
 * (fsync'd) before append() resolves; done marks (delivered or dead-lettered) are appended later.
 * Appends that arrive together share one write + fsync (group commit). Compacted once enough
 * records piled up. An entry that no longer parses (another version wrote it, or a hand edit) is
 * kept and delivered as stored: the CRM answers per event, so at worst it is dead-lettered alone.
 */
export class EventJournal {
  private readonly logger = new Logger(EventJournal.name);
  private readonly pendingById = new Map<number, JournalEntry>();
  private nextId = 1;
  private recordsInFile = 0;
  private queue: { lines: string[]; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private compactRequested = false;

  private constructor(
    private readonly path: string,
    private fh: FileHandle,
    private readonly compactAfter: number,
  ) {}

  static async open(dir: string, options: { compactAfter?: number } = {}): Promise<EventJournal> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'call-events.journal.jsonl');
    const fh = await open(path, 'a+');
    const journal = new EventJournal(path, fh, options.compactAfter ?? 2000);
    await journal.load();
    return journal;
  }

  private async load(): Promise<void> {
    const text = (await this.fh.readFile({ encoding: 'utf8' })) as string;
    let torn = 0;
    let foreign = 0;
    for (const line of text.split('\n')) {
      if (!line) continue;
      this.recordsInFile++;
      let rec: Record;
      try {
        rec = JSON.parse(line) as Record;
      } catch {
        torn++; // a write cut short by a crash: the event was never acknowledged
        continue;
      }
      if (!rec || typeof rec !== 'object') {
        torn++;
        continue;
      }
      if ('d' in rec) {
        if (Array.isArray(rec.d)) for (const id of rec.d) this.pendingById.delete(id);
      } else {
        if (typeof rec.i !== 'number' || !Number.isSafeInteger(rec.i) || rec.i < 1) {
          torn++;
          continue;
        }
        const entry = entryOf(rec.i, rec.e);
        if (!entry.parsed) foreign++;
        this.pendingById.set(rec.i, entry);
        this.nextId = Math.max(this.nextId, rec.i + 1);
      }
    }
    if (text.length > 0 && !text.endsWith('\n')) {
      // start the next record on a fresh line after a torn one
      await this.fh.write('\n');
      await this.fh.datasync();
    }
    if (torn) this.logger.warn('skipped torn journal lines', { torn });
    if (foreign) this.logger.warn('journal holds events this version cannot read; the CRM will judge them', { count: foreign });
    if (this.pendingById.size) this.logger.info('undelivered events found in journal', { count: this.pendingById.size });
  }

  /** Resolves once the events are fsync'd. */
  async append(events: CallEvent[]): Promise<void> {
    await this.appendStored(events);
  }

  /** Appends values as they are (a replay of dead letters); each is judged when delivered. */
  async appendStored(values: StoredEvent[]): Promise<void> {
    if (values.length === 0) return;
    const lines = values.map((e) => {
      const id = this.nextId++;
      this.pendingById.set(id, entryOf(id, e));
      return JSON.stringify({ i: id, e });
    });
    await this.enqueue(lines);
  }

  /** Oldest undelivered events first. */
  pending(limit: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    for (const entry of this.pendingById.values()) {
      if (out.length >= limit) break;
      out.push(entry);
    }
    return out;
  }

  /** Every undelivered event, oldest first (the delivery service picks what is due). */
  entries(): IterableIterator<JournalEntry> {
    return this.pendingById.values();
  }

  get pendingCount(): number {
    return this.pendingById.size;
  }

  /** Marks events done (delivered or rejected for good). */
  async markDone(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    for (const id of ids) this.pendingById.delete(id);
    if (this.recordsInFile >= this.compactAfter) this.compactRequested = true;
    await this.enqueue([JSON.stringify({ d: ids })]);
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.fh.close();
  }

  private enqueue(lines: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ lines, resolve, reject });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  // The only place that touches the file after load: writes, fsyncs and compactions never overlap.
  private async flush(): Promise<void> {
    while (this.queue.length || this.compactRequested) {
      if (this.compactRequested) {
        this.compactRequested = false;
        try {
          await this.compact();
        } catch (e) {
          this.logger.error('journal compaction failed', { error: String(e) });
        }
        continue;
      }
      const batch = this.queue;
      this.queue = [];
      try {
        const text = batch.flatMap((b) => b.lines).join('\n') + '\n';
        await this.fh.write(text);
        await this.fh.datasync();
        this.recordsInFile += batch.reduce((n, b) => n + b.lines.length, 0);
        for (const b of batch) b.resolve();
      } catch (e) {
        for (const b of batch) b.reject(e);
      }
    }
    this.flushing = null;
  }

  /** Rewrites the file with only the undelivered events (ids of queued lines may repeat: harmless). */
  private async compact(): Promise<void> {
    const tmp = `${this.path}.compact`;
    const out = await open(tmp, 'w');
    const lines = [...this.pendingById.values()].map((entry) => JSON.stringify({ i: entry.id, e: entry.event }));
    await out.writeFile(lines.length ? lines.join('\n') + '\n' : '');
    await out.sync();
    await out.close();
    await rename(tmp, this.path);
    await this.fh.close();
    this.fh = await open(this.path, 'a+');
    this.recordsInFile = lines.length;
    this.logger.debug('journal compacted', { pending: lines.length });
  }
}
