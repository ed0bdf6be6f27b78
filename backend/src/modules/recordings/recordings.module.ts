import { Module } from '@nestjs/common';
import { ConversationModule } from '../conversation/conversation.module';
import { NotificationsModule } from '../notifications/notifications.module';
import './recordings-api.doc';
import { ContactErasureRepository } from './contact-erasure.repository';
import { ContactErasureService } from './contact-erasure.service';
import { PlaybackService } from './playback.service';
import { RecordingFiles } from './recording-files';
import { recordingMediaProvider, recordingMediaRuntimeProvider, SpoolIngest } from './recording-media.provider';
import { CallRecordingController, ContactErasureController, RecordingsController } from './recordings.controller';
import { RecordingsInternalController } from './recordings-internal.controller';
import { RecordingsRepository } from './recordings.repository';
import { RecordingsService } from './recordings.service';
import { RetentionService } from './retention.service';

/**
 * Call recordings: policy, the live recording's state, ingest of finished files, playback with
 * rights and the listen log, retention, erasure. The media side is the RECORDING_MEDIA port.
 */
@Module({
  imports: [NotificationsModule, ConversationModule],
  controllers: [RecordingsController, CallRecordingController, ContactErasureController, RecordingsInternalController],
  providers: [
    recordingMediaRuntimeProvider,
    recordingMediaProvider,
    SpoolIngest,
    RecordingFiles,
    RecordingsRepository,
    RecordingsService,
    PlaybackService,
    RetentionService,
    ContactErasureRepository,
    ContactErasureService,
  ],
  exports: [RecordingsService],
})
export class RecordingsModule {}
