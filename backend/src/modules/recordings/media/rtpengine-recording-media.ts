import type { Language } from '@callboard/contracts';
import type { RecordingMedia } from '../recording-media.port';
import { NgError, type NgReply, type NgValue } from './ng-client';
import type { NgTransport } from './ng-set';
import { noticeFile } from './notices';
import { recordingKey, type RecordingJournal } from './recording-journal';
import { closePause, freeBytes, METADATA_KEY } from './spool-watcher';
import { consoleMediaLogger, type MediaLogger } from './media-logger';

// RecordingMedia over rtpengine's ng protocol (ADR 0030). rtpengine keys a call by its SIP Call-ID;
// Kamailio gives each fork branch its own monologue (via-branch), and after the answer the caller's
// monologue (the From tag, created without a via-branch) is in an offer/answer pair with the
// answering branch's (the To tag). Recording is per call; a pause is `stop recording` (10.5 has no
// `pause recording`: the stretch ends, its pcap is kept, the next `start recording` opens another).

export class RecordingMediaError extends Error {}

export interface RtpengineRecordingMediaOptions {
  /** One rtpengine (NgClient) or the set Kamailio spreads calls over (NgSet, ADR 0039). */
  ng: NgTransport;
  journal: RecordingJournal;
  /** rtpengine's recording-dir (where the journal lives too). */
  spoolDir: string;
  /** Operator's notices (`<lang>.wav`), before the shipped ones. */
  noticesDir?: string | null;
  /** Below this many free bytes in the spool, recordings stop (the calls go on). */
  minFreeBytes?: number;
  /** How often the spool's free space is checked while something records. */
  diskCheckMs?: number;
  /** Wait between two tries of an `unblock media` rtpengine did not answer (default 500 ms). */
  unblockRetryMs?: number;
  logger?: MediaLogger;
}

/** Tries of one party's `unblock media` (see `unblock`). */
const UNBLOCK_ATTEMPTS = 3;

interface Parties {
  caller: string;
  callee: string;
  ports: [number[], number[]];
}

export class RtpengineRecordingMedia implements RecordingMedia {
  /** Calls whose parties are blocked from each other while the notice plays, with the timer that ends it. */
  private readonly notices = new Map<string, { timer: NodeJS.Timeout; parties: Parties }>();
  /** Calls a start() is under way for (the policy's start and a rep's Record can race). */
  private readonly starting = new Set<string>();
  private diskTimer: NodeJS.Timeout | null = null;
  private readonly minFree: number;
  private readonly logger: MediaLogger;

  constructor(private readonly o: RtpengineRecordingMediaOptions) {
    this.logger = o.logger ?? consoleMediaLogger(RtpengineRecordingMedia.name);
    this.minFree = o.minFreeBytes ?? 8 * 1024 * 1024;
  }

  async start(sipCallId: string, options: { notice: Language | null; noticeTo?: 'caller' | 'callee' }): Promise<void> {
    const existing = this.o.journal.get(sipCallId);
    if ((existing && existing.state !== 'stopped') || this.starting.has(sipCallId)) return;
    this.starting.add(sipCallId);
    try {
      await this.startNow(sipCallId, options);
    } finally {
      this.starting.delete(sipCallId);
    }
  }

  private async startNow(sipCallId: string, options: { notice: Language | null; noticeTo?: 'caller' | 'callee' }): Promise<void> {
    // recorded before in this call and stopped: its file is being made (one entry per call)
    for (let waited = 0; this.o.journal.get(sipCallId)?.state === 'stopped'; waited += 50) {
      if (waited >= 5000) throw new RecordingMediaError(`[${sipCallId}] the previous recording of this call is not finished yet`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const notice = options.notice ? noticeFile(options.notice, this.o.noticesDir ?? null) : null;
    if (options.notice && !notice) throw new RecordingMediaError(`no recording notice file for ${options.notice}`);
    const parties = await this.parties(sipCallId);
    const startedAtMs = Date.now();
    if ((await freeBytes(this.o.spoolDir)) < this.minFree) {
      this.logger.warn(`[${sipCallId}] not recording: the spool ${this.o.spoolDir} is full`);
      this.o.journal.fail(sipCallId, 'disk_full', startedAtMs);
      return;
    }
    const key = recordingKey(sipCallId, startedAtMs);
    this.o.journal.begin({ key, sipCallId, startedAtMs, channelPorts: parties.ports });
    try {
      if (notice) {
        // nothing between the two parties until the caller has heard the notice
        await this.ng('block media', sipCallId, { 'from-tag': parties.callee });
        await this.ng('block media', sipCallId, { 'from-tag': parties.caller });
      }
      await this.ng('start recording', sipCallId, { metadata: `${METADATA_KEY}=${key}` });
    } catch (err) {
      // a refused start must never leave the two parties muted to each other: unblock what may be
      // blocked, forget the entry, and let the caller fail the recording (the call goes on)
      if (notice) await this.unblock(sipCallId, parties);
      this.o.journal.remove(sipCallId);
      throw err;
    }
    if (notice) {
      let durationMs = 0;
      try {
        const customer = options.noticeTo === 'callee' ? parties.callee : parties.caller;
        const played = await this.ng('play media', sipCallId, { 'from-tag': customer, file: notice });
        durationMs = typeof played.duration === 'number' ? played.duration : 0;
      } finally {
        // rtpengine 10.5 tells no end of playback: unblock after the duration it announced
        const timer = setTimeout(() => void this.endNotice(sipCallId), durationMs + 60);
        timer.unref();
        this.notices.set(sipCallId, { timer, parties });
      }
    }
    this.armDiskGuard();
    this.logger.log(`[${sipCallId}] recording ${key}${notice ? ` after the ${options.notice} notice` : ''}`);
  }

  async pause(sipCallId: string): Promise<void> {
    const e = this.o.journal.get(sipCallId);
    if (!e) throw new RecordingMediaError(`[${sipCallId}] is not being recorded`);
    if (e.state !== 'recording') return;
    // paused in the journal first: the stretch that ends now must not end the recording
    this.o.journal.update(sipCallId, (x) => {
      x.state = 'paused';
      x.pauses.push({ fromMs: Date.now(), toMs: null });
    });
    await this.ng('stop recording', sipCallId);
  }

  async resume(sipCallId: string): Promise<void> {
    const e = this.o.journal.get(sipCallId);
    if (!e) throw new RecordingMediaError(`[${sipCallId}] is not being recorded`);
    if (e.state !== 'paused') return;
    await this.ng('start recording', sipCallId, { metadata: `${METADATA_KEY}=${e.key}` });
    this.o.journal.update(sipCallId, (x) => {
      x.state = 'recording';
      closePause(x, Date.now());
    });
  }

  async stop(sipCallId: string): Promise<void> {
    const e = this.o.journal.get(sipCallId);
    if (!e || e.state === 'stopped') return;
    const wasPaused = e.state === 'paused';
    const entry = this.o.journal.update(sipCallId, (x) => {
      x.state = 'stopped';
      x.stoppedAtMs = Date.now();
      closePause(x, x.stoppedAtMs);
    })!;
    // paused: no stretch is open, nothing will announce the end
    if (wasPaused) this.o.journal.markReady(entry);
    else await this.ng('stop recording', sipCallId).catch((err: Error) => this.logger.warn(`[${sipCallId}] stop recording: ${err.message}`));
    // stopped while the notice plays: nothing records now, the parties hear each other
    await this.endNotice(sipCallId);
  }

  close(): void {
    if (this.diskTimer) clearInterval(this.diskTimer);
    this.diskTimer = null;
    for (const n of this.notices.values()) clearTimeout(n.timer);
    this.notices.clear();
  }

  /** Whether rtpengine still has the call (for the spool watcher's sweep). */
  async callExists(sipCallId: string): Promise<boolean> {
    try {
      await this.ng('query', sipCallId);
      return true;
    } catch (err) {
      if (err instanceof NgError && /unknown call-id/i.test(err.reason)) return false;
      throw err;
    }
  }

  /** The notice's block ends (it has played, or the recording ended first): the parties hear each other. */
  private async endNotice(sipCallId: string): Promise<void> {
    const n = this.notices.get(sipCallId);
    if (!n) return;
    clearTimeout(n.timer);
    this.notices.delete(sipCallId);
    await this.unblock(sipCallId, n.parties);
  }

  /**
   * Lets the two parties hear each other again. Of all ng commands this one must not be lost (a
   * call left blocked is a silent line): each party's unblock is tried up to three times, half a
   * second apart, beyond the client's own retransmission.
   */
  private async unblock(sipCallId: string, parties: Pick<Parties, 'caller' | 'callee'>): Promise<void> {
    for (const tag of [parties.callee, parties.caller]) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.ng('unblock media', sipCallId, { 'from-tag': tag });
          break;
        } catch (err) {
          this.logger.warn(`[${sipCallId}] unblock media (attempt ${attempt} of ${UNBLOCK_ATTEMPTS}): ${(err as Error).message}`);
          if (attempt >= UNBLOCK_ATTEMPTS) break;
          await new Promise((r) => setTimeout(r, this.o.unblockRetryMs ?? 500));
        }
      }
    }
  }

  /** While anything records, stop every recording when the spool runs out of room (the calls go on). */
  private armDiskGuard(): void {
    if (this.diskTimer) return;
    this.diskTimer = setInterval(() => void this.checkDisk(), this.o.diskCheckMs ?? 1000);
    this.diskTimer.unref();
  }

  private async checkDisk(): Promise<void> {
    const active = this.o.journal.all().filter((e) => e.state !== 'stopped');
    if (!active.length) {
      if (this.diskTimer) clearInterval(this.diskTimer);
      this.diskTimer = null;
      return;
    }
    const free = await freeBytes(this.o.spoolDir).catch(() => Number.POSITIVE_INFINITY);
    if (free >= this.minFree) return;
    for (const e of active) {
      this.logger.error(`[${e.sipCallId}] recording ${e.key} stopped: ${free} bytes left in ${this.o.spoolDir}`);
      this.o.journal.fail(e.sipCallId, 'disk_full');
      if (e.state === 'recording') await this.ng('stop recording', e.sipCallId).catch(() => undefined);
      // the disk filled while the notice played: the call goes on, so its parties must hear each other
      await this.endNotice(e.sipCallId);
    }
  }

  /** The two parties of an answered call and the rtpengine ports their media arrives at. */
  private async parties(sipCallId: string): Promise<Parties> {
    const q = await this.ng('query', sipCallId);
    const tags = (q.tags && typeof q.tags === 'object' && !Array.isArray(q.tags) ? q.tags : {}) as Record<string, Monologue>;
    const caller = Object.values(tags).find((m) => m.tag && m['via-branch'] === undefined && answeredPeer(m, tags));
    const callee = caller ? answeredPeer(caller, tags) : undefined;
    if (!caller || !callee) throw new RecordingMediaError(`[${sipCallId}] rtpengine has no answered media for this call`);
    return { caller: caller.tag!, callee: callee.tag!, ports: [rtpPorts(caller), rtpPorts(callee)] };
  }

  private ng(command: string, sipCallId: string, extra: Record<string, NgValue> = {}): Promise<NgReply> {
    return this.o.ng.request({ command, 'call-id': sipCallId, ...extra });
  }
}

interface Monologue {
  tag?: string;
  'via-branch'?: string;
  subscriptions?: { tag?: string; type?: string }[];
  medias?: { type?: string; streams?: { 'local port'?: number; flags?: string[] }[] }[];
}

function answeredPeer(m: Monologue, tags: Record<string, Monologue>): Monologue | undefined {
  for (const s of m.subscriptions ?? []) {
    const peer = s.tag ? tags[s.tag] : undefined;
    if (peer?.tag && s.type === 'offer/answer') return peer;
  }
  return undefined;
}

function rtpPorts(m: Monologue): number[] {
  const ports: number[] = [];
  for (const media of m.medias ?? []) {
    if (media.type !== 'audio') continue;
    for (const s of media.streams ?? []) if (s.flags?.includes('RTP') && typeof s['local port'] === 'number') ports.push(s['local port']);
  }
  return ports;
}
