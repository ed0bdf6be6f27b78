import type { Provider } from '@nestjs/common';
import { ENV, type Env } from '../../config/env';
import { MemoryRecordingMedia } from './memory-recording-media';
import { RECORDING_MEDIA, type RecordingMedia } from './recording-media.port';

/**
 * The media side the module talks to, or null when the media server cannot record here (the UI
 * then shows recording as unavailable). The rtpengine ng adapter (media/, configured by
 * RTPENGINE_NG) is bound here; tests bind the in-memory one (RECORDING_MEDIA=memory, test only).
 */
export function createRecordingMedia(env: Env): RecordingMedia | null {
  if (env.RECORDING_MEDIA === 'memory') return new MemoryRecordingMedia();
  // MERGE POINT (h16-rec-media): `if (env.RTPENGINE_NG) return new RtpengineRecordingMedia(...)`
  return null;
}

export const recordingMediaProvider: Provider = {
  provide: RECORDING_MEDIA,
  inject: [ENV],
  useFactory: (env: Env) => createRecordingMedia(env),
};
