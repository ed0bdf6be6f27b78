// How the keypad's digits travel on a call (RFC 4733 telephone-events in the RTP stream, or SIP
// INFO as a fallback), decided from the SDP the far end (rtpengine, for the carrier) answered or
// offered. Pure, so the rule is tested without a browser.

/** How one call's digits are sent. */
export type DtmfMethod = 'rfc4733' | 'info';

/** Tone and gap per digit (ms): WebRTC's defaults, well above the 40 ms most receivers need. */
export const DTMF_TONE_MS = 100;
export const DTMF_GAP_MS = 70;

/** A keypad digit RTCDTMFSender and application/dtmf-relay both accept. */
export function isDtmfDigit(digit: string): boolean {
  return /^[0-9*#A-D]$/.test(digit);
}

/**
 * Whether the first audio stream of `sdp` lists telephone-event/8000 among its formats: the only
 * rate a G.711 carrier leg can use (a browser's telephone-event/48000 goes with Opus only).
 */
export function hasTelephoneEvent(sdp: string | null | undefined): boolean {
  if (!sdp) return false;
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith('m=audio '));
  if (start < 0) return false;
  const formats = new Set(lines[start]!.split(/\s+/).slice(3));
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('m=')) break;
    const m = /^a=rtpmap:(\d{1,3}) telephone-event\/8000\b/i.exec(line);
    if (m && formats.has(m[1]!)) return true;
  }
  return false;
}

/**
 * RFC 4733 when the far end's SDP has telephone-event/8000 and the browser can put events in the
 * stream (`RTCDTMFSender.canInsertDTMF`: the audio sender is sending and the event was
 * negotiated); SIP INFO otherwise (a trunk that offered or answered without telephone-event).
 */
export function chooseDtmfMethod(remoteSdp: string | null | undefined, canInsertDtmf: boolean): DtmfMethod {
  return canInsertDtmf && hasTelephoneEvent(remoteSdp) ? 'rfc4733' : 'info';
}
