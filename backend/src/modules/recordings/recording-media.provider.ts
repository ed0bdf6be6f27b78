import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { join } from 'node:path';
import { ENV, recordingsDir, type Env } from '../../config/env';
import { NgSet } from './media/ng-set';
import { RecordingJournal } from './media/recording-journal';
import { RtpengineRecordingMedia } from './media/rtpengine-recording-media';
import { SpoolWatcher } from './media/spool-watcher';
import { MemoryRecordingMedia } from './memory-recording-media';
import { RECORDING_MEDIA, type RecordingMedia } from './recording-media.port';
import { RecordingsService } from './recordings.service';

/**
 * The media side as this process runs it: rtpengine's ng adapter with its journal and spool
 * (RTPENGINE_NG set; ADR 0030), the in-memory one in tests (RECORDING_MEDIA=memory, test only), or
 * nothing (the UI then shows recording as unavailable).
 */
export class RecordingMediaRuntime {
  private constructor(
    readonly media: RecordingMedia | null,
    readonly rtpengine: { adapter: RtpengineRecordingMedia; journal: RecordingJournal; ng: NgSet; spoolDir: string } | null,
  ) {}

  static create(env: Env): RecordingMediaRuntime {
    if (env.RECORDING_MEDIA === 'memory') return new RecordingMediaRuntime(new MemoryRecordingMedia(), null);
    if (!env.RTPENGINE_NG) return new RecordingMediaRuntime(null, null);
    const root = recordingsDir(env);
    const spoolDir = join(root, 'spool');
    // one address, or every instance of Kamailio's rtpengine set (a call's commands go where it lives)
    const ng = NgSet.fromAddresses(env.RTPENGINE_NG, { logger: new Logger(NgSet.name) });
    const journal = new RecordingJournal(spoolDir);
    journal.load();
    const adapter = new RtpengineRecordingMedia({ ng, journal, spoolDir, noticesDir: join(root, 'notices'), logger: new Logger('RecordingMedia') });
    return new RecordingMediaRuntime(adapter, { adapter, journal, ng, spoolDir });
  }
}

export const recordingMediaRuntimeProvider: Provider = {
  provide: RecordingMediaRuntime,
  inject: [ENV],
  useFactory: (env: Env) => RecordingMediaRuntime.create(env),
};

export const recordingMediaProvider: Provider = {
  provide: RECORDING_MEDIA,
  inject: [RecordingMediaRuntime],
  useFactory: (runtime: RecordingMediaRuntime) => runtime.media,
};

/**
 * Turns what rtpengine left in the spool into stored recordings: the spool watcher converts each
 * finished call into a two-channel WAV and reports it; the recordings service stores it. Stopped
 * before the database goes away.
 */
@Injectable()
export class SpoolIngest implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SpoolIngest.name);
  private watcher: SpoolWatcher | null = null;

  constructor(
    @Inject(RecordingMediaRuntime) private readonly runtime: RecordingMediaRuntime,
    private readonly recordings: RecordingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const r = this.runtime.rtpengine;
    if (!r) return;
    this.watcher = new SpoolWatcher({
      spoolDir: r.spoolDir,
      journal: r.journal,
      onRecording: async (event) => {
        await this.recordings.ingestFinished(event);
      },
      callExists: (sipCallId) => r.adapter.callExists(sipCallId),
      logger: new Logger(SpoolWatcher.name),
    });
    await this.watcher.start();
    this.logger.log(`watching ${r.spoolDir} for finished recordings`);
  }

  /** Resolves once every finished stretch present now is stored (tests). */
  async idle(): Promise<void> {
    await this.watcher?.idle();
  }

  async onModuleDestroy(): Promise<void> {
    await this.watcher?.close();
    this.runtime.rtpengine?.adapter.close();
    this.runtime.rtpengine?.ng.close();
  }
}
