import type { Language } from '@callboard/contracts';
import type { RecordingMedia } from './recording-media.port';

export interface MediaCommand {
  command: 'start' | 'pause' | 'resume' | 'stop';
  sipCallId: string;
  notice?: Language | null;
  /** Whom the notice is played to. */
  noticeTo?: 'caller' | 'callee';
}

/**
 * A RecordingMedia that only remembers what it was asked (unit specs; integration specs through
 * RECORDING_MEDIA=memory, refused outside NODE_ENV=test). `failNext` makes the next command fail.
 */
export class MemoryRecordingMedia implements RecordingMedia {
  readonly commands: MediaCommand[] = [];
  failNext: Error | null = null;

  async start(sipCallId: string, options: { notice: Language | null; noticeTo?: 'caller' | 'callee' }): Promise<void> {
    this.take({ command: 'start', sipCallId, notice: options.notice, noticeTo: options.noticeTo ?? 'caller' });
  }
  async pause(sipCallId: string): Promise<void> {
    this.take({ command: 'pause', sipCallId });
  }
  async resume(sipCallId: string): Promise<void> {
    this.take({ command: 'resume', sipCallId });
  }
  async stop(sipCallId: string): Promise<void> {
    this.take({ command: 'stop', sipCallId });
  }

  private take(c: MediaCommand): void {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    this.commands.push(c);
  }
}
