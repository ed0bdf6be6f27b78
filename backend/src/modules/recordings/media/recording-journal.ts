import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// What the media side knows about each recording between start and the finished file: when it
// started, its pauses, which rtpengine ports carry which party, its pcap segments. Kept in memory
// and in `<spool>/journal/<key>.json` so a backend restart mid-call still finishes the file; a
// write that fails (full disk) keeps the memory copy.

const Entry = z.object({
  key: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/),
  sipCallId: z.string().min(1).max(255),
  startedAtMs: z.number(),
  state: z.enum(['recording', 'paused', 'stopped']),
  pauses: z.array(z.object({ fromMs: z.number(), toMs: z.number().nullable() })).max(1000),
  /** rtpengine's ports the caller's (0) and the callee's (1) media arrive at. */
  channelPorts: z.tuple([z.array(z.number().int()), z.array(z.number().int())]),
  /** pcap file names (inside <spool>/pcaps) of the stretches recorded so far. */
  segments: z.array(z.string().regex(/^[^/\\]+\.pcap$/)),
  stoppedAtMs: z.number().nullable(),
});
export type JournalEntry = z.infer<typeof Entry>;

export type MediaFailure = { sipCallId: string; reason: 'disk_full' | 'media_error'; atMs: number };

export interface RecordingJournalEvents {
  failed: [MediaFailure];
  /** An entry can be finished now (stopped while paused, so no pcap segment will announce it). */
  ready: [JournalEntry];
}

/** A spool file name for a call: no Call-ID characters in it (a Call-ID may hold anything). */
export function recordingKey(sipCallId: string, startedAtMs: number): string {
  const stamp = new Date(startedAtMs).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `rec-${stamp}-${createHash('sha256').update(sipCallId).digest('hex').slice(0, 16)}`;
}

export class RecordingJournal extends EventEmitter<RecordingJournalEvents> {
  private readonly byCall = new Map<string, JournalEntry>();
  private readonly dir: string;

  constructor(readonly spoolDir: string) {
    super();
    this.dir = join(spoolDir, 'journal');
  }

  /** Reads the entries a previous process left (call once at boot). */
  load(): JournalEntry[] {
    mkdirSync(this.dir, { recursive: true });
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        const e = Entry.parse(JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
        this.byCall.set(e.sipCallId, e);
      } catch {
        rmSync(join(this.dir, name), { force: true });
      }
    }
    return [...this.byCall.values()];
  }

  get(sipCallId: string): JournalEntry | undefined {
    return this.byCall.get(sipCallId);
  }

  byKey(key: string): JournalEntry | undefined {
    for (const e of this.byCall.values()) if (e.key === key) return e;
    return undefined;
  }

  all(): JournalEntry[] {
    return [...this.byCall.values()];
  }

  begin(entry: Omit<JournalEntry, 'state' | 'pauses' | 'segments' | 'stoppedAtMs'>): JournalEntry {
    const e: JournalEntry = { ...entry, state: 'recording', pauses: [], segments: [], stoppedAtMs: null };
    this.byCall.set(e.sipCallId, e);
    this.persist(e);
    return e;
  }

  update(sipCallId: string, change: (e: JournalEntry) => void): JournalEntry | undefined {
    const e = this.byCall.get(sipCallId);
    if (!e) return undefined;
    change(e);
    this.persist(e);
    return e;
  }

  /** The recording ends unfinished: reported as failed, its entry dropped. */
  fail(sipCallId: string, reason: MediaFailure['reason'], atMs = Date.now()): void {
    for (const s of this.byCall.get(sipCallId)?.segments ?? []) rmSync(join(this.spoolDir, 'pcaps', s), { force: true });
    this.remove(sipCallId);
    this.emit('failed', { sipCallId, reason, atMs });
  }

  markReady(e: JournalEntry): void {
    this.emit('ready', e);
  }

  remove(sipCallId: string): void {
    const e = this.byCall.get(sipCallId);
    if (!e) return;
    this.byCall.delete(sipCallId);
    rmSync(join(this.dir, `${e.key}.json`), { force: true });
  }

  private persist(e: JournalEntry): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = join(this.dir, `${e.key}.json.tmp`);
      writeFileSync(tmp, JSON.stringify(e));
      renameSync(tmp, join(this.dir, `${e.key}.json`));
    } catch {
      // full disk: the memory copy goes on; the disk guard stops the recording
    }
  }
}
