import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CallRecordingState, RecordingListenCsvQuery, RecordingListenPage, RecordingListenQuery, RecordingListQuery, RecordingPlayback } from '@callboard/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Actor } from '../../common/access/access.decorators';
import { TokenVerifier } from '../../common/access/token-verifier';
import { BusinessZone } from '../../common/clock/business-zone';
import { AppException } from '../../common/errors/app.exception';
import { ENV, type Env } from '../../config/env';
import { listensCsv } from './listen-csv';
import { RecordingFiles } from './recording-files';
import { parseRange } from './recording-rules';
import { RecordingsRepository, type RecordingRow } from './recordings.repository';
import { RecordingsService } from './recordings.service';

const TICKET_TTL_SEC = 3600;
/** The most lines one CSV of the listen log holds. */
export const LISTENS_CSV_LIMIT = 50_000;

/** What the controller sends for an audio request. */
export interface AudioResponse {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
}

/**
 * Who hears which recording, and the listen log. A Seller hears the calls on deals they may see
 * and the calls they handled; a Head every call. Each playback start is logged once: when the web
 * app's player asks for a playback ticket (POST .../playback), not per Range request of the
 * <audio> element. A direct GET with a bearer token (an API client) is logged when it starts at
 * byte 0. A refused request logs nothing.
 */
@Injectable()
export class PlaybackService {
  private readonly logger = new Logger(PlaybackService.name);

  constructor(
    private readonly repo: RecordingsRepository,
    private readonly files: RecordingFiles,
    private readonly recordings: RecordingsService,
    private readonly tokens: TokenVerifier,
    private readonly zone: BusinessZone,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(actor: Actor, q: RecordingListQuery): Promise<CallRecordingState[]> {
    return (await this.repo.visible(actor, q)).map((r) => {
      const state = this.recordings.stateOf(r);
      if (state.recording && r.listenCount != null) state.recording.listenCount = r.listenCount;
      return state;
    });
  }

  /** A URL the <audio> element can play and seek for an hour; logs the listen. */
  async playback(actor: Actor, id: string): Promise<RecordingPlayback> {
    const row = await this.hearable(actor, id);
    await this.repo.logListen(row, actor.id);
    this.logger.log(`recording ${id}: listened to by ${actor.id} (call ${row.sipCallId})`);
    const exp = Math.floor(Date.now() / 1000) + TICKET_TTL_SEC;
    return { url: `/api/recordings/${id}/audio?ticket=${this.ticket(id, actor.id, exp)}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /**
   * The audio, whole (200) or one range (206); 416 for a range outside the file. Authenticated by
   * a playback ticket (the <audio> element cannot send a bearer token) or a bearer token; the
   * right to hear is checked on every request.
   */
  async audio(id: string, auth: { ticket?: string; bearer?: string | null }, rangeHeader: string | undefined): Promise<AudioResponse> {
    let actor: Actor;
    let viaTicket = false;
    if (auth.ticket) {
      const userId = this.checkTicket(id, auth.ticket);
      if (!userId) throw new AppException('UNAUTHENTICATED', 'The playback link expired or is not valid; start the playback again');
      const verified = await this.repo.activeActor(userId);
      if (!verified) throw new AppException('UNAUTHENTICATED', 'The playback link expired or is not valid; start the playback again');
      actor = verified;
      viaTicket = true;
    } else if (auth.bearer) {
      actor = await this.tokens.verify(auth.bearer);
    } else {
      throw new AppException('UNAUTHENTICATED', 'Sign in first: no bearer token');
    }
    const row = await this.hearable(actor, id);
    const size = await this.files.size(row.filePath!);
    if (size === null) {
      this.logger.error(`recording ${id}: file ${row.filePath} is missing on disk`);
      throw new AppException('RECORDING_NOT_FOUND', 'The recording file is missing');
    }
    const range = parseRange(rangeHeader, size);
    if (range === 'unsatisfiable') throw new AppException('RANGE_NOT_SATISFIABLE', 'The range is outside the recording', { size });
    if (!viaTicket && (!range || range.start === 0)) {
      await this.repo.logListen(row, actor.id);
      this.logger.log(`recording ${id}: fetched by ${actor.id} (call ${row.sipCallId})`);
    }
    const headers: Record<string, string> = {
      'Content-Type': 'audio/wav',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    };
    if (!range) return { status: 200, headers: { ...headers, 'Content-Length': String(size) }, body: this.files.stream(row.filePath!) };
    return {
      status: 206,
      headers: { ...headers, 'Content-Length': String(range.end - range.start + 1), 'Content-Range': `bytes ${range.start}-${range.end}/${size}` },
      body: this.files.stream(row.filePath!, range),
    };
  }

  /** A page of the listen log (Heads; the route's guard says so too). */
  async listens(actor: Actor, q: RecordingListenQuery): Promise<RecordingListenPage> {
    this.headOnly(actor);
    const { limit, offset, ...filters } = q;
    return { offset, ...(await this.repo.listens(filters, await this.zone.timeZone(), { limit, offset })) };
  }

  /** Every line the filters select as a CSV's text (up to LISTENS_CSV_LIMIT), newest first. */
  async listensCsv(actor: Actor, q: RecordingListenCsvQuery): Promise<string> {
    this.headOnly(actor);
    const { rows } = await this.repo.listens(q, await this.zone.timeZone(), { limit: LISTENS_CSV_LIMIT, offset: 0 }, false);
    return listensCsv(rows);
  }

  private headOnly(actor: Actor): void {
    if (actor.role !== 'head') throw new AppException('FORBIDDEN', 'Only a Head reads the listen log');
  }

  /** The stored recording if the actor may hear it: 404 when there is none, 403 when it is not theirs. */
  private async hearable(actor: Actor, id: string): Promise<RecordingRow> {
    const { row, exists } = await this.repo.hearable(actor, id);
    if (!exists) throw new AppException('RECORDING_NOT_FOUND', 'No such recording');
    if (!row) {
      this.logger.warn(`recording ${id}: ${actor.id} may not hear it (refused, not logged as a listen)`);
      throw new AppException('FORBIDDEN', 'You may not hear this recording');
    }
    if (row.status !== 'stored' || !row.filePath) throw new AppException('RECORDING_NOT_FOUND', 'This call has no stored recording');
    return row;
  }

  private ticket(recordingId: string, userId: string, exp: number): string {
    return `${userId}.${exp}.${this.sign(recordingId, userId, exp)}`;
  }

  /** The user a ticket was issued to, if it is valid for this recording and not expired. */
  private checkTicket(recordingId: string, ticket: string): string | null {
    const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
    if (!m) return null;
    const [, userId, expText, mac] = m;
    const exp = Number(expText);
    if (exp < Date.now() / 1000) return null;
    const expected = Buffer.from(this.sign(recordingId, userId, exp));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? userId : null;
  }

  private sign(recordingId: string, userId: string, exp: number): string {
    return createHmac('sha256', this.env.JWT_SECRET).update(`recording-playback:${recordingId}:${userId}:${exp}`).digest('base64url');
  }
}
