import { Body, Controller, Get, HttpCode, Inject, Optional, Post } from '@nestjs/common';
import type { CallRecordingState } from '@callboard/contracts';
import { Internal } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { ENV, type Env } from '../../config/env';
import { MemoryRecordingMedia, type MediaCommand } from './memory-recording-media';
import { RECORDING_MEDIA, type RecordingMedia } from './recording-media.port';
import { RecordingsService } from './recordings.service';
import { RetentionService } from './retention.service';

/**
 * Service-token routes: a RecordingFinished from a media side running in another process (the
 * in-process spool watcher calls RecordingsService.ingestFinished directly), a retention pass now
 * (operations, tests), and under NODE_ENV=test the in-memory media adapter's commands.
 */
@Controller('internal')
export class RecordingsInternalController {
  constructor(
    private readonly recordings: RecordingsService,
    private readonly retention: RetentionService,
    @Inject(ENV) private readonly env: Env,
    @Optional() @Inject(RECORDING_MEDIA) private readonly media: RecordingMedia | null,
  ) {}

  /** The body is validated by the service (RecordingFinished). */
  @Post('recordings/finished')
  @HttpCode(200)
  @Internal()
  finished(@Body() body: unknown): Promise<CallRecordingState> {
    return this.recordings.ingestFinished(body);
  }

  @Post('recordings/retention')
  @HttpCode(200)
  @Internal()
  async retentionPass(): Promise<{ deleted: number }> {
    return { deleted: await this.retention.tick(true) };
  }

  @Get('test/recording-media')
  @Internal()
  mediaCommands(): { commands: MediaCommand[] } {
    if (this.env.NODE_ENV !== 'test' || !(this.media instanceof MemoryRecordingMedia)) throw new AppException('ROUTE_NOT_FOUND', 'No such route');
    return { commands: this.media.commands };
  }
}
