import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import {
  type CallRecordingState,
  type CallRecordingStatus,
  type Recording,
  RecordingFinished,
  type RecordingPause,
  type RecordingPolicy,
  type RecordingSettings,
  type RecordingSettingsView,
} from '@callboard/contracts';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { Transactions, type Tx } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { ConversationService } from '../conversation/conversation.service';
import { NotificationsService } from '../notifications/notifications.service';
import { RealtimeService } from '../realtime/realtime.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { DiskFull, RecordingFiles, SpoolFileRefused } from './recording-files';
import { RECORDING_MEDIA, type RecordingMedia } from './recording-media.port';
import { customerSide, policyFor, recordAtAnswer, repChannelOf } from './recording-rules';
import { type CallFacts, RecordingsRepository, type RecordingRow } from './recordings.repository';

/**
 * Recording of calls: the Head's policy decides at the answer (every call: start with the notice;
 * on demand: ready for the rep's Record), the rep pauses and resumes, the media side's
 * RecordingFinished is ingested (file moved from the spool into the store with its SHA-256, or
 * the failure recorded and the Heads told). The call itself is never touched: a recording that
 * fails leaves the call as it is.
 */
@Injectable()
export class RecordingsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RecordingsService.name);

  constructor(
    private readonly repo: RecordingsRepository,
    private readonly files: RecordingFiles,
    private readonly tx: Transactions,
    private readonly realtime: RealtimeService,
    private readonly notifications: NotificationsService,
    private readonly team: TeamSettingsService,
    private readonly conversation: ConversationService,
    @Inject(ENV) private readonly env: Env,
    @Optional() @Inject(RECORDING_MEDIA) private readonly media: RecordingMedia | null,
    events: DomainEvents,
  ) {
    events.on('call.answered', (p) => this.onAnswered(p.callId));
    events.on('call.ended', (p) => this.onEnded(p.callId));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.files.ensureFolders();
    this.logger.log(`recordings in ${this.files.root} (spool ${this.files.spool}); media ${this.media ? 'available' : 'not configured: recording unavailable'}`);
  }

  get available(): boolean {
    return !!this.media;
  }

  // ---- settings (Head) ----

  async settings(): Promise<RecordingSettingsView> {
    const [stored, policies] = await Promise.all([this.repo.settings(), this.repo.policies()]);
    return {
      defaultPolicy: stored.defaultPolicy ?? 'off',
      retentionDays: stored.retentionDays ?? this.env.RECORDINGS_RETENTION_DAYS,
      ...policies,
      available: this.available,
    };
  }

  async retentionDays(): Promise<number> {
    return (await this.repo.settings()).retentionDays ?? this.env.RECORDINGS_RETENTION_DAYS;
  }

  async saveSettings(actor: Actor, input: RecordingSettings): Promise<RecordingSettingsView> {
    const dup = <T>(list: T[], key: (x: T) => string) => list.map(key).find((k, i, all) => all.indexOf(k) !== i);
    const twice = dup(input.pipelines, (p) => p.pipelineId) ?? dup(input.numbers, (n) => n.number);
    if (twice) throw new AppException('VALIDATION_FAILED', `Invalid input: ${twice} has two policies`);
    await this.tx.run(async (tx) => {
      const known = new Set(await this.repo.existingPipelineIds(input.pipelines.map((p) => p.pipelineId), tx));
      const unknown = input.pipelines.find((p) => !known.has(p.pipelineId));
      if (unknown) throw new AppException('PIPELINE_NOT_FOUND', 'No such pipeline', { pipelineId: unknown.pipelineId });
      await this.repo.saveSettings({ defaultPolicy: input.defaultPolicy, retentionDays: input.retentionDays }, tx);
      await this.repo.replacePolicies(input.pipelines, input.numbers, tx);
    });
    this.logger.log(`recording policy set by ${actor.id}: default ${input.defaultPolicy}, ${input.pipelines.length} pipeline(s), ${input.numbers.length} number(s), keep ${input.retentionDays} days`);
    return this.settings();
  }

  // ---- the live call ----

  /** The call was answered: the policy decides. Never throws (a domain event listener). */
  async onAnswered(sipCallId: string): Promise<void> {
    const call = await this.repo.callFacts(sipCallId);
    if (!call) return;
    const policy = await this.policyOf(call);
    if (policy === 'off') return;
    const language = await this.team.language();
    const state = await this.tx.run(async (tx) => {
      const { row, created } = await this.repo.lockOrCreate(call, policy, 'ready', tx);
      if (!created) return null; // an answer delivered twice, or Record pressed first
      const outcome = await recordAtAnswer(this.media, policy, sipCallId, language, call.direction);
      if (outcome.error) this.logger.error(`call ${sipCallId}: the media server refused to start recording: ${outcome.error.message}`);
      if (outcome.status !== 'ready') await this.repo.setStatus(row.id, outcome.status, outcome.failure, tx);
      return this.stateOf({ ...row, status: outcome.status, failure: outcome.failure });
    });
    if (state) this.tell(call, state);
  }

  private async onEnded(sipCallId: string): Promise<void> {
    const call = await this.repo.callFacts(sipCallId);
    if (!call) return;
    const state = await this.tx.run(async (tx) => {
      const row = await this.repo.bySipCallId(sipCallId, tx, true);
      if (!row || (row.status !== 'recording' && row.status !== 'paused')) return null;
      await this.repo.setStatus(row.id, 'stopped', null, tx);
      return this.stateOf({ ...row, status: 'stopped' });
    });
    if (state) this.tell(call, state);
  }

  async state(actor: Actor, sipCallId: string): Promise<CallRecordingState> {
    const call = await this.liveCallOf(actor, sipCallId, false);
    const row = await this.repo.bySipCallId(sipCallId);
    if (row) return this.stateOf(row);
    const policy = await this.policyOf(call);
    return {
      sipCallId,
      callId: call.id,
      policy,
      status: policy === 'off' ? 'stopped' : !this.media ? 'unavailable' : call.answeredAt && !call.endedAt && policy === 'on_demand' ? 'ready' : 'stopped',
      failure: null,
      recording: null,
    };
  }

  /** Record pressed (on demand): the notice plays to the caller first, as for every call. */
  start(actor: Actor, sipCallId: string): Promise<CallRecordingState> {
    return this.change(actor, sipCallId, ['ready'], 'recording', () => this.startMedia(sipCallId));
  }

  pause(actor: Actor, sipCallId: string): Promise<CallRecordingState> {
    return this.change(actor, sipCallId, ['recording'], 'paused', () => this.media!.pause(sipCallId));
  }

  resume(actor: Actor, sipCallId: string): Promise<CallRecordingState> {
    return this.change(actor, sipCallId, ['paused'], 'recording', () => this.media!.resume(sipCallId));
  }

  private async change(actor: Actor, sipCallId: string, from: CallRecordingStatus[], to: CallRecordingStatus, act: () => Promise<void>): Promise<CallRecordingState> {
    const call = await this.liveCallOf(actor, sipCallId, true);
    if (!this.media) throw new AppException('RECORDING_UNAVAILABLE', 'Recording is not available: the media server is not set up to record');
    const policy = await this.policyOf(call);
    if (policy === 'off') throw new AppException('RECORDING_STATE', 'Recording is off for this call');
    const state = await this.tx.run(async (tx) => {
      const { row } = await this.repo.lockOrCreate(call, policy, 'ready', tx);
      if (!from.includes(row.status)) throw new AppException('RECORDING_STATE', `The recording is ${row.status}: it cannot become ${to}`, { status: row.status });
      // the lock is held while rtpengine answers: a double press waits, then sees the new state
      const failure = await this.command(sipCallId, act);
      if (failure) throw new AppException('RECORDING_UNAVAILABLE', 'The media server did not accept the command; try again');
      await this.repo.setStatus(row.id, to, null, tx);
      return this.stateOf({ ...row, status: to });
    });
    this.logger.log(`call ${sipCallId}: recording ${to} by ${actor.id}`);
    this.tell(call, state);
    return state;
  }

  private async startMedia(sipCallId: string): Promise<void> {
    const call = await this.repo.callFacts(sipCallId);
    await this.media!.start(sipCallId, { notice: await this.team.language(), noticeTo: customerSide(call?.direction ?? null) });
  }

  /** Runs a media command; the error (logged with the Call-ID) or null. */
  private async command(sipCallId: string, act: () => Promise<void>): Promise<Error | null> {
    try {
      await act();
      return null;
    } catch (err) {
      this.logger.error(`call ${sipCallId}: the media server refused a recording command: ${err instanceof Error ? err.message : String(err)}`);
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** The call, if live (for commands) and the actor is its rep or a Head. */
  private async liveCallOf(actor: Actor, sipCallId: string, mustBeLive: boolean): Promise<CallFacts> {
    const call = await this.repo.callFacts(sipCallId);
    if (!call) throw new AppException('NOT_FOUND', 'No such call');
    if (!isHead(actor) && call.repId !== actor.id) throw new AppException('FORBIDDEN', 'Only the rep on the call or a Head may do this');
    if (mustBeLive && (!call.answeredAt || call.endedAt)) throw new AppException('RECORDING_STATE', 'The call is not in progress');
    return call;
  }

  private async policyOf(call: CallFacts): Promise<RecordingPolicy> {
    const s = await this.settings();
    return policyFor(call, s);
  }

  /** Conversation figures from the stored file, in the background (the recording is kept whatever they give). */
  private analyse(callId: string, filePath: string, repChannel: 0 | 1, pauses: RecordingPause[]): void {
    this.conversation
      .analyseRecording({ callId, wavPath: this.files.absolute(filePath), repChannel, pauses })
      .then((outcome) => {
        if (outcome.status !== 'stored') this.logger.warn(`call ${callId}: conversation figures not computed (${outcome.status}${outcome.status === 'refused' ? `: ${String(outcome.problem)}` : ''})`);
      })
      .catch((err: unknown) => this.logger.error(`call ${callId}: conversation figures failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  // ---- ingest ----

  /**
   * A RecordingFinished from the media side (the spool watcher, or POST /api/internal/recordings/finished).
   * Finished: the spool file is checked, moved into the store, hashed and attached to the call.
   * Failed (or the disk fills while moving): the recording is marked failed, the Heads are told
   * when the disk was full; the call is not touched. Idempotent for a recording already stored.
   */
  async ingestFinished(input: unknown): Promise<CallRecordingState> {
    const parsed = RecordingFinished.safeParse(input);
    if (!parsed.success) {
      this.logger.warn(`RecordingFinished refused: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      throw new AppException('VALIDATION_FAILED', `Invalid RecordingFinished: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    }
    const event = parsed.data;
    const call = await this.repo.callFacts(event.sipCallId);
    if (!call) {
      this.logger.warn(`call ${event.sipCallId}: RecordingFinished for an unknown call; spool file left as it is`);
      throw new AppException('NOT_FOUND', 'No such call');
    }
    if (event.status === 'failed') return this.fail(call, event.reason);
    const policy = await this.policyOf(call);
    const { row } = await this.tx.run((tx) => this.repo.lockOrCreate(call, policy, 'stopped', tx));
    if (row.status === 'stored') {
      this.logger.warn(`call ${call.sipCallId}: RecordingFinished again for stored recording ${row.id}; ignored`);
      return this.stateOf(row);
    }
    let stored;
    try {
      stored = await this.files.takeFromSpool(event.spoolFile, row.id, new Date(event.startedAt));
    } catch (err) {
      if (err instanceof DiskFull) return this.fail(call, 'disk_full');
      if (err instanceof SpoolFileRefused) {
        this.logger.warn(`call ${call.sipCallId}: spool file refused: ${err.message}`);
        await this.fail(call, 'media_error');
        throw new AppException('VALIDATION_FAILED', `Spool file refused: ${err.message}`);
      }
      throw err;
    }
    if (stored.wav.channels !== event.channels) {
      this.logger.warn(`call ${call.sipCallId}: the media side said ${event.channels} channel(s), the file has ${stored.wav.channels}; the file's count is kept`);
    }
    const channels = stored.wav.channels as 1 | 2;
    const facts = {
      filePath: stored.filePath,
      sizeBytes: stored.sizeBytes,
      sha256: stored.sha256,
      channels,
      // the media side's channels are SIP caller / callee; which one is the rep follows from the call
      repChannel: channels === 2 ? repChannelOf(call.direction) : null,
      durationSec: stored.wav.durationSec,
      startedAt: event.startedAt,
      endedAt: event.endedAt,
      pauses: event.pauses,
    };
    try {
      await this.tx.run((tx) => this.repo.markStored(row.id, facts, tx), { retry: true, label: `recording ${row.id}` });
    } catch (err) {
      // put the file back where the media side left it: a later delivery can take it again
      await rename(this.files.absolute(stored.filePath), join(this.files.spool, event.spoolFile)).catch(() => undefined);
      throw err;
    }
    this.logger.log(`call ${call.sipCallId}: recording ${row.id} stored (${stored.sizeBytes} bytes, sha256 ${stored.sha256})`);
    if (channels === 2) this.analyse(call.id, stored.filePath, facts.repChannel!, event.pauses);
    const state = this.stateOf({
      ...row,
      ...facts,
      status: 'stored',
      failure: null,
      sizeBytes: String(facts.sizeBytes),
      startedAt: new Date(facts.startedAt),
      endedAt: new Date(facts.endedAt),
      storedAt: new Date(),
    });
    this.tell(call, state);
    return state;
  }

  private async fail(call: CallFacts, reason: 'disk_full' | 'media_error'): Promise<CallRecordingState> {
    const policy = await this.policyOf(call);
    const { state, push } = await this.tx.run(
      async (tx: Tx) => {
        const { row } = await this.repo.lockOrCreate(call, policy, 'failed', tx);
        if (row.status === 'stored') return { state: this.stateOf(row), push: null };
        await this.repo.setStatus(row.id, 'failed', reason, tx);
        const push =
          reason === 'disk_full'
            ? await this.notifications.notify(
                await this.notifications.userIds('heads', null, tx),
                { text: (w) => ({ title: w.t('recording.diskFull.title'), body: w.t('recording.diskFull.body', { callId: call.sipCallId }) }), dealId: call.dealId, ruleId: null },
                tx,
              )
            : null;
        return { state: this.stateOf({ ...row, status: 'failed', failure: reason }), push };
      },
      { retry: true, label: `call ${call.sipCallId}` },
    );
    this.logger.warn(`call ${call.sipCallId}: recording failed (${reason}); the call goes on${reason === 'disk_full' ? '; Heads notified' : ''}`);
    push?.();
    this.tell(call, state);
    return state;
  }

  // ---- views ----

  stateOf(row: RecordingRow): CallRecordingState {
    return {
      sipCallId: row.sipCallId,
      callId: row.callId,
      policy: row.policy,
      status: row.status,
      failure: row.failure,
      recording: row.status === 'stored' ? toRecording(row) : null,
    };
  }

  /** The rep on the call and the Heads hear the new state. */
  private tell(call: CallFacts, state: CallRecordingState): void {
    if (call.repId) void this.realtime.toUsers([call.repId], 'call.recording', state);
    this.realtime.toHeads('call.recording', state);
  }
}

export function toRecording(row: RecordingRow): Recording {
  return {
    id: row.id,
    callId: row.callId,
    durationSec: Number(row.durationSec ?? 0),
    channels: (row.channels ?? 1) as 1 | 2,
    sizeBytes: Number(row.sizeBytes ?? 0),
    sha256: row.sha256 ?? '',
    startedAt: (row.startedAt ? new Date(row.startedAt) : new Date(0)).toISOString(),
    pauses: row.pauses ?? [],
    url: `/api/recordings/${row.id}/audio`,
  };
}
