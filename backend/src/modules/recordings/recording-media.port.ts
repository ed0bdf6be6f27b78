import type { Language } from '@callboard/contracts';

/**
 * The media server's side of recording (issue 16): rtpengine records both parties of a call into
 * a spool folder (its recording daemon writes the file), plays the notice to the caller while the
 * media between caller and rep is blocked, pauses and resumes. The recordings module decides WHEN
 * (the team's policy, the rep's Record/Pause); an adapter does it. Every method acts on the call
 * by its SIP Call-ID and resolves once rtpengine has accepted the command.
 */
export interface RecordingMedia {
  /**
   * Start recording the call; with `notice`, play the notice in that language to the customer
   * first (`noticeTo`: the SIP caller of an inbound call, the callee of an outbound one; default
   * the caller), the media between the parties blocked until it ends.
   */
  start(sipCallId: string, options: { notice: Language | null; noticeTo?: 'caller' | 'callee' }): Promise<void>;
  pause(sipCallId: string): Promise<void>;
  resume(sipCallId: string): Promise<void>;
  stop(sipCallId: string): Promise<void>;
}

export const RECORDING_MEDIA = Symbol('RecordingMedia');
