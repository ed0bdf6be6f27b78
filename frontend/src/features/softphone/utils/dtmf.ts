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

/** The number carriers give telephone-event/8000 (and trunks here offer it at). */
export const CARRIER_TELEPHONE_EVENT_PT = 101;

/**
 * The browser's offer with its telephone-event/8000 renumbered to 101 when 101 is free. Chromium
 * picks its own number (126); rtpengine hands the offer to the trunk as it is, and a carrier that
 * answers telephone-event at its usual 101 instead of the offered number (RFC 3264 only says it
 * SHOULD keep it) would have its event dropped from the answer by rtpengine, leaving the call on
 * SIP INFO. Chromium accepts the renumbered offer and keeps 101 in later offers (measured).
 */
export function offerTelephoneEventAt101(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const start = lines.findIndex((l) => l.startsWith('m=audio '));
  if (start < 0) return sdp;
  let end = lines.findIndex((l, i) => i > start && l.startsWith('m='));
  if (end < 0) end = lines.length;
  const section = lines.slice(start + 1, end);
  const te = section.map((l) => /^a=rtpmap:(\d{1,3}) telephone-event\/8000\b/i.exec(l)?.[1]).find((pt) => pt !== undefined);
  const target = String(CARRIER_TELEPHONE_EVENT_PT);
  if (!te || te === target) return sdp;
  const formats = lines[start]!.split(' ');
  if (!formats.slice(3).includes(te)) return sdp;
  // 101 taken anywhere (another codec, another stream): leave the offer alone
  const taken = lines.some((l) => (l.startsWith('m=') && l.split(' ').slice(3).includes(target)) || l.startsWith(`a=rtpmap:${target} `));
  if (taken) return sdp;
  lines[start] = [...formats.slice(0, 3), ...formats.slice(3).map((f) => (f === te ? target : f))].join(' ');
  for (let i = start + 1; i < end; i++) {
    for (const attr of ['a=rtpmap:', 'a=fmtp:', 'a=rtcp-fb:']) {
      if (lines[i]!.startsWith(`${attr}${te} `)) lines[i] = `${attr}${target} ${lines[i]!.slice(attr.length + te.length + 1)}`;
    }
  }
  return lines.join(eol);
}
