import { chooseDtmfMethod, hasTelephoneEvent, isDtmfDigit, offerTelephoneEventAt101 } from './dtmf';

const sdp = (m: string, ...attrs: string[]) => ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', m, ...attrs].join('\r\n');
const PCMU_AND_EVENT = sdp('m=audio 4000 RTP/SAVPF 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15');
const PCMU_ONLY = sdp('m=audio 4000 RTP/SAVPF 0', 'a=rtpmap:0 PCMU/8000');

describe('chooseDtmfMethod', () => {
  it('should send RFC 4733 events when the far end negotiated telephone-event/8000 and the browser can insert them', () => {
    expect(chooseDtmfMethod(PCMU_AND_EVENT, true)).toBe('rfc4733');
  });

  it('should fall back to SIP INFO when the far end has no telephone-event', () => {
    expect(chooseDtmfMethod(PCMU_ONLY, true)).toBe('info');
  });

  it('should fall back to SIP INFO when the browser cannot insert events (not sending, nothing negotiated)', () => {
    expect(chooseDtmfMethod(PCMU_AND_EVENT, false)).toBe('info');
  });

  it('should fall back to SIP INFO when there is no remote description yet', () => {
    expect(chooseDtmfMethod(null, true)).toBe('info');
    expect(chooseDtmfMethod('', true)).toBe('info');
  });
});

describe('hasTelephoneEvent', () => {
  it('should find telephone-event/8000 only when the audio m= line lists it', () => {
    expect(hasTelephoneEvent(sdp('m=audio 4000 RTP/SAVPF 111 0 126', 'a=rtpmap:126 telephone-event/8000'))).toBe(true);
    expect(hasTelephoneEvent(sdp('m=audio 4000 RTP/SAVPF 0', 'a=rtpmap:101 telephone-event/8000'))).toBe(false);
  });

  it('should not take the 48 kHz event (Opus only) or one on another stream', () => {
    expect(hasTelephoneEvent(sdp('m=audio 4000 RTP/SAVPF 111 110', 'a=rtpmap:110 telephone-event/48000'))).toBe(false);
    expect(hasTelephoneEvent(sdp('m=audio 4000 RTP/SAVPF 0', 'm=video 4002 RTP/SAVPF 101', 'a=rtpmap:101 telephone-event/8000'))).toBe(false);
  });
});

describe('isDtmfDigit', () => {
  it.each(['0', '9', '*', '#', 'A', 'D'])('should accept %s', (d) => expect(isDtmfDigit(d)).toBe(true));
  it.each(['', '10', 'E', ',', 'a', ' 1'])('should refuse %p', (d) => expect(isDtmfDigit(d)).toBe(false));
});

describe('offerTelephoneEventAt101', () => {
  const chromium = sdp(
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:126 telephone-event/8000',
    'a=fmtp:126 0-15',
  );

  it('should renumber the 8 kHz telephone-event to 101 on the m= line, rtpmap and fmtp', () => {
    const out = offerTelephoneEventAt101(chromium);
    expect(out).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 101\r\n');
    expect(out).toContain('a=rtpmap:101 telephone-event/8000');
    expect(out).toContain('a=fmtp:101 0-15');
    expect(out).not.toMatch(/\b126\b/);
    // the 48 kHz one and the rest untouched
    expect(out).toContain('a=rtpmap:110 telephone-event/48000');
    expect(out.split('\r\n')).toHaveLength(chromium.split('\r\n').length);
  });

  it('should leave an offer alone when 101 is already the event, is taken by something else, or there is no event', () => {
    const at101 = offerTelephoneEventAt101(chromium);
    expect(offerTelephoneEventAt101(at101)).toBe(at101);
    const taken = sdp('m=audio 9 RTP/SAVPF 101 0 126', 'a=rtpmap:101 opus/48000/2', 'a=rtpmap:126 telephone-event/8000');
    expect(offerTelephoneEventAt101(taken)).toBe(taken);
    const takenElsewhere = sdp('m=audio 9 RTP/SAVPF 0 126', 'a=rtpmap:126 telephone-event/8000', 'm=video 9 RTP/SAVPF 101', 'a=rtpmap:101 VP8/90000');
    expect(offerTelephoneEventAt101(takenElsewhere)).toBe(takenElsewhere);
    expect(offerTelephoneEventAt101(PCMU_ONLY)).toBe(PCMU_ONLY);
    expect(offerTelephoneEventAt101('')).toBe('');
  });
});
