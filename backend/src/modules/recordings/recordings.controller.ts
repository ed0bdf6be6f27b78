import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res, type StreamableFile } from '@nestjs/common';
import {
  type CallRecordingState,
  type ContactErasureResult,
  RecordingListenCsvQuery,
  type RecordingListenPage,
  RecordingListenQuery,
  RecordingListQuery,
  type RecordingPlayback,
  RecordingSettings,
  type RecordingSettingsView,
} from '@callboard/contracts';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { type Actor, Authenticated, CurrentUser, Public, Roles, ApiKeyScope } from '../../common/access/access.decorators';
import { csvFile } from '../../common/csv/csv-file';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { ContactErasureService } from './contact-erasure.service';
import { PlaybackService } from './playback.service';
import { RecordingsService } from './recordings.service';

const SipCallId = z.string().min(1).max(255);
const AudioQuery = z.object({ ticket: z.string().max(200).optional() }).strict();

@Controller('recordings')
export class RecordingsController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly playback: PlaybackService,
  ) {}

  @Get('settings')
  @Roles('head')
  settings(): Promise<RecordingSettingsView> {
    return this.recordings.settings();
  }

  @Put('settings')
  @Roles('head')
  saveSettings(@CurrentUser() actor: Actor, @Body(new ZodPipe(RecordingSettings)) body: RecordingSettings): Promise<RecordingSettingsView> {
    return this.recordings.saveSettings(actor, body);
  }

  /** The listen log (Head): a page, newest first. */
  @Get('listens')
  @Roles('head')
  listens(@CurrentUser() actor: Actor, @Query(new ZodPipe(RecordingListenQuery)) query: RecordingListenQuery): Promise<RecordingListenPage> {
    return this.playback.listens(actor, query);
  }

  /** The listen log as CSV (Head): every line the filters select. */
  @Get('listens/csv')
  @Roles('head')
  async listensCsv(@CurrentUser() actor: Actor, @Query(new ZodPipe(RecordingListenCsvQuery)) query: RecordingListenCsvQuery): Promise<StreamableFile> {
    return csvFile(`recording-listens-${query.from ?? 'start'}-${query.to ?? 'now'}`, await this.playback.listensCsv(actor, query));
  }

  /** The recordings (and recording states) of a deal's, a contact's or one call's calls that the caller may hear. */
  @Get()
  @ApiKeyScope('calls')
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(RecordingListQuery)) query: RecordingListQuery): Promise<CallRecordingState[]> {
    return this.playback.list(actor, query);
  }

  /** Start of a playback: checks the right to hear, logs the listen, returns a URL the <audio> element can seek. */
  @Post(':id/playback')
  @HttpCode(200)
  @Authenticated()
  startPlayback(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<RecordingPlayback> {
    return this.playback.playback(actor, id);
  }

  /**
   * The audio (audio/wav, Range requests answered 206, a bad range 416). Public to the guard
   * because an <audio> element sends no bearer token: the service authenticates the playback
   * ticket or the bearer token itself, then checks the right to hear.
   */
  @Get(':id/audio')
  @Public()
  async audio(
    @Param('id', IdPipe) id: string,
    @Query(new ZodPipe(AudioQuery)) query: z.infer<typeof AudioQuery>,
    @Headers('authorization') authorization: string | undefined,
    @Headers('range') range: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const bearer = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null;
    const out = await this.playback.audio(id, { ticket: query.ticket, bearer }, range);
    res.status(out.status).set(out.headers);
    // a seek aborts the element's request: pipeline closes the file with it
    await pipeline(out.body, res).catch(() => undefined);
  }
}

/** Record / Pause / Resume in the in-call bar, by the call's SIP Call-ID (as the softphone knows it). */
@Controller('calls')
export class CallRecordingController {
  constructor(private readonly recordings: RecordingsService) {}

  @Get(':callId/recording')
  @ApiKeyScope('calls')
  @Authenticated()
  state(@CurrentUser() actor: Actor, @Param('callId', new ZodPipe(SipCallId)) callId: string): Promise<CallRecordingState> {
    return this.recordings.state(actor, callId);
  }

  @Post(':callId/recording/start')
  @HttpCode(200)
  @Authenticated()
  start(@CurrentUser() actor: Actor, @Param('callId', new ZodPipe(SipCallId)) callId: string): Promise<CallRecordingState> {
    return this.recordings.start(actor, callId);
  }

  @Post(':callId/recording/pause')
  @HttpCode(200)
  @Authenticated()
  pause(@CurrentUser() actor: Actor, @Param('callId', new ZodPipe(SipCallId)) callId: string): Promise<CallRecordingState> {
    return this.recordings.pause(actor, callId);
  }

  @Post(':callId/recording/resume')
  @HttpCode(200)
  @Authenticated()
  resume(@CurrentUser() actor: Actor, @Param('callId', new ZodPipe(SipCallId)) callId: string): Promise<CallRecordingState> {
    return this.recordings.resume(actor, callId);
  }
}

/** An erasure request for a contact (GDPR): Heads only. */
@Controller('contacts')
export class ContactErasureController {
  constructor(private readonly erasure: ContactErasureService) {}

  @Delete(':id')
  @Roles('head')
  erase(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<ContactErasureResult> {
    return this.erasure.erase(actor, id);
  }
}
