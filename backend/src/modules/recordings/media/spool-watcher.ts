import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RecordingFinished } from '@callboard/contracts';
import { pcapsToWav, SAMPLE_RATE } from './pcap-to-wav';
import type { JournalEntry, MediaFailure, RecordingJournal } from './recording-journal';
import { consoleMediaLogger, type MediaLogger } from './media-logger';

// Turns rtpengine's finished pcap stretches into one WAV per call and reports each recording as a
// RecordingFinished (ADR 0030). rtpengine moves a stretch's metadata file into <spool>/metadata
// when the stretch ends (stop recording, or the call's deletion); the file names the pcap and
// carries the journal key we gave `start recording`. A stretch that ends while the recording is
// paused waits for the next one; any other ends the recording.

export const METADATA_KEY = 'callboard-recording';

export interface SpoolWatcherOptions {
  spoolDir: string;
  journal: RecordingJournal;
  /** Each recording, finished or failed, once (validated against the contract). */
  onRecording: (r: RecordingFinished) => void | Promise<void>;
  /** Whether rtpengine still has the call (a recording paused when the call ended has no stretch to announce its end). */
  callExists?: (sipCallId: string) => Promise<boolean>;
  /** How often paused and orphaned recordings are checked against rtpengine. */
  sweepMs?: number;
  logger?: MediaLogger;
}

export class SpoolWatcher {
  private watcher: FSWatcher | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> = Promise.resolve();
  private rescan = false;
  private readonly goneSince = new Map<string, number>();
  private readonly metadataDir: string;
  private readonly onFailed = (f: MediaFailure) => void this.emit({ status: 'failed', sipCallId: f.sipCallId, reason: f.reason, at: new Date(f.atMs).toISOString() });
  private readonly onReady = (e: JournalEntry) => void this.serial(() => this.finish(e));

  private readonly logger: MediaLogger;

  constructor(private readonly o: SpoolWatcherOptions) {
    this.logger = o.logger ?? consoleMediaLogger(SpoolWatcher.name);
    this.metadataDir = join(o.spoolDir, 'metadata');
  }

  async start(): Promise<void> {
    for (const d of ['metadata', 'pcaps', 'tmp', 'journal']) await mkdir(join(this.o.spoolDir, d), { recursive: true });
    this.o.journal.on('failed', this.onFailed);
    this.o.journal.on('ready', this.onReady);
    this.watcher = watch(this.metadataDir, () => this.scan());
    this.watcher.on('error', (e) => this.logger.error(`spool watch: ${e.message}`));
    this.sweepTimer = setInterval(() => void this.serial(() => this.sweep()), this.o.sweepMs ?? 5000);
    this.sweepTimer.unref();
    // stretches that ended while no backend was watching
    this.scan();
    await this.scanning;
  }

  async close(): Promise<void> {
    this.watcher?.close();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.o.journal.off('failed', this.onFailed);
    this.o.journal.off('ready', this.onReady);
    await this.scanning;
  }

  /** Resolves once every metadata file present now has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    this.scan();
    await this.scanning;
  }

  private scan(): void {
    if (this.rescan) return;
    this.rescan = true;
    void this.serial(async () => {
      this.rescan = false;
      const names = await readdir(this.metadataDir).catch(() => [] as string[]);
      for (const name of names.sort()) await this.stretchEnded(name);
    });
  }

  /** One piece of work at a time: conversions are CPU-bound and entries are shared. */
  private serial(work: () => Promise<void>): Promise<void> {
    this.scanning = this.scanning.then(work).catch((e: Error) => this.logger.error(`spool: ${e.stack ?? e.message}`));
    return this.scanning;
  }

  private async stretchEnded(name: string): Promise<void> {
    const path = join(this.metadataDir, name);
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) return;
    const pcap = basename(text.split('\n', 1)[0]!.trim());
    const key = new RegExp(`^${METADATA_KEY}=([A-Za-z0-9._-]+)$`, 'm').exec(text)?.[1];
    const entry = key ? this.o.journal.byKey(key) : undefined;
    await rm(path, { force: true });
    if (!entry || !pcap.endsWith('.pcap')) {
      // a recording already reported as failed (full disk), or not ours: its stretch is dropped
      if (pcap.endsWith('.pcap')) await rm(join(this.o.spoolDir, 'pcaps', pcap), { force: true });
      return;
    }
    this.o.journal.update(entry.sipCallId, (e) => {
      if (!e.segments.includes(pcap)) e.segments.push(pcap);
    });
    if (entry.state !== 'paused') await this.finish(entry);
  }

  private async sweep(): Promise<void> {
    if (!this.o.callExists) return;
    for (const e of this.o.journal.all()) {
      const alive = await this.o.callExists(e.sipCallId).catch(() => true);
      if (alive) {
        this.goneSince.delete(e.key);
        continue;
      }
      const since = this.goneSince.get(e.key) ?? Date.now();
      this.goneSince.set(e.key, since);
      // rtpengine moves the last stretch's metadata when it deletes the call: give it a moment
      if (Date.now() - since < 2 * (this.o.sweepMs ?? 5000)) continue;
      this.goneSince.delete(e.key);
      if (e.state === 'recording') this.logger.warn(`[${e.sipCallId}] recording ${e.key}: the call ended and rtpengine announced no stretch`);
      if (e.state === 'paused') this.o.journal.update(e.sipCallId, (x) => closePause(x, Date.now()));
      await this.finish(e);
    }
  }

  private async finish(entry: JournalEntry): Promise<void> {
    const e = this.o.journal.get(entry.sipCallId);
    if (!e || e.key !== entry.key) return;
    this.goneSince.delete(e.key);
    const pcaps = e.segments.map((s) => join(this.o.spoolDir, 'pcaps', s));
    const dropPcaps = () => Promise.all(pcaps.map((p) => rm(p, { force: true })));
    // a call that ended while recording: the file ends with its last packet
    const endMs = e.stoppedAtMs ?? e.startedAtMs;
    if (!e.segments.length) {
      this.o.journal.fail(e.sipCallId, 'media_error');
      return;
    }
    let wav: Buffer;
    let durationSec: number;
    try {
      const r = await pcapsToWav(pcaps, { startMs: e.startedAtMs, endMs, channelPorts: e.channelPorts });
      if (r.packets[0] + r.packets[1] === 0) throw new Error(`no G.711 audio from either party (${r.skipped} packets skipped)`);
      wav = r.wav;
      durationSec = r.durationSec;
    } catch (err) {
      this.logger.error(`[${e.sipCallId}] recording ${e.key}: ${(err as Error).message}`);
      await dropPcaps();
      this.o.journal.fail(e.sipCallId, 'media_error');
      return;
    }
    const file = `${e.key}.wav`;
    const part = join(this.o.spoolDir, `${file}.part`);
    try {
      await writeFile(part, wav);
      await rename(part, join(this.o.spoolDir, file));
    } catch (err) {
      await rm(part, { force: true });
      await dropPcaps();
      const full = (err as NodeJS.ErrnoException).code === 'ENOSPC' || (err as NodeJS.ErrnoException).code === 'EDQUOT';
      this.logger.error(`[${e.sipCallId}] recording ${e.key}: writing ${file} failed: ${(err as Error).message}`);
      this.o.journal.fail(e.sipCallId, full ? 'disk_full' : 'media_error');
      return;
    }
    await dropPcaps();
    this.o.journal.remove(e.sipCallId);
    const startedAt = new Date(e.startedAtMs);
    await this.emit({
      status: 'finished',
      sipCallId: e.sipCallId,
      spoolFile: file,
      channels: 2,
      repChannel: 1,
      startedAt: startedAt.toISOString(),
      endedAt: new Date(e.startedAtMs + durationSec * 1000).toISOString(),
      pauses: e.pauses.map((p) => ({
        fromSec: round3(Math.min(durationSec, (p.fromMs - e.startedAtMs) / 1000)),
        toSec: round3(p.toMs === null ? durationSec : Math.min(durationSec, (p.toMs - e.startedAtMs) / 1000)),
      })),
    });
  }

  private async emit(r: RecordingFinished): Promise<void> {
    const parsed = RecordingFinished.safeParse(r);
    if (!parsed.success) {
      this.logger.error(`[${r.sipCallId}] recording report refused by the contract: ${parsed.error.message}`);
      return;
    }
    try {
      await this.o.onRecording(parsed.data);
    } catch (err) {
      this.logger.error(`[${r.sipCallId}] recording consumer failed: ${(err as Error).message}`);
    }
  }
}

export function closePause(e: JournalEntry, atMs: number): void {
  const open = e.pauses.find((p) => p.toMs === null);
  if (open) open.toMs = atMs;
}

/** Free bytes on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

/** WAV bytes per second of the files this side writes (two channels, 16-bit, 8 kHz). */
export const WAV_BYTES_PER_SEC = SAMPLE_RATE * 2 * 2;

function round3(n: number): number {
  return Math.max(0, Math.round(n * 1000) / 1000);
}
