// The DTMF receiver's decoder on crafted packets: the e2e (test/softphone/dtmf-rfc4733) trusts
// what it reports, so it must not invent, double or miss a press.
import { createSocket } from 'node:dgram';
import {
  RtpEventReceiver,
  TelephoneEventDecoder,
  decodeEventPayload,
  parseRtp,
  telephoneEventPayloadType,
} from '../support/softphone/rtp-event-receiver';

const TE = 101;

/** An RTP packet: 12-byte header (+ CSRCs / extension / padding on demand) and a payload. */
function rtp(o: { pt?: number; seq?: number; ts?: number; ssrc?: number; payload: Buffer; csrc?: number; extensionWords?: number; padding?: number; version?: number }): Buffer {
  const csrc = o.csrc ?? 0;
  const ext = o.extensionWords;
  const header = Buffer.alloc(12 + 4 * csrc + (ext === undefined ? 0 : 4 + 4 * ext));
  header[0] = ((o.version ?? 2) << 6) | (o.padding ? 0x20 : 0) | (ext === undefined ? 0 : 0x10) | csrc;
  header[1] = (o.pt ?? TE) & 0x7f;
  header.writeUInt16BE(o.seq ?? 1, 2);
  header.writeUInt32BE(o.ts ?? 1000, 4);
  header.writeUInt32BE(o.ssrc ?? 0xabcdef, 8);
  if (ext !== undefined) header.writeUInt16BE(ext, 12 + 4 * csrc + 2);
  const pad = o.padding ? Buffer.concat([Buffer.alloc(o.padding - 1), Buffer.from([o.padding])]) : Buffer.alloc(0);
  return Buffer.concat([header, o.payload, pad]);
}

function withLastByte(b: Buffer, value: number): Buffer {
  b[b.length - 1] = value;
  return b;
}

/** RFC 4733 payload: event, E bit, volume, duration. */
function event(code: number, end: boolean, duration: number, volume = 10): Buffer {
  const b = Buffer.alloc(4);
  b[0] = code;
  b[1] = (end ? 0x80 : 0) | volume;
  b.writeUInt16BE(duration, 2);
  return b;
}

/** One press as a sender plays it: updates every 20 ms, then the end packet three times. */
function press(code: number, ts: number, seq: number, ssrc = 0xabcdef): Buffer[] {
  const out: Buffer[] = [];
  for (let d = 160; d < 800; d += 160) out.push(rtp({ ts, seq: seq++, ssrc, payload: event(code, false, d) }));
  for (let i = 0; i < 3; i++) out.push(rtp({ ts, seq: seq++, ssrc, payload: event(code, true, 800) }));
  return out;
}

describe('RTP telephone-event decoder', () => {
  it('should report each press once, at its end, with digit and duration when the end packet comes three times', () => {
    const d = new TelephoneEventDecoder(TE);
    const reported = [...press(1, 1000, 1), ...press(5, 3000, 20), ...press(11, 5000, 40), ...press(10, 7000, 60), ...press(0, 9000, 80)]
      .map((p) => d.push(p))
      .filter(Boolean);
    expect(reported.map((e) => e!.digit)).toEqual(['1', '5', '#', '*', '0']);
    expect(d.events.map((e) => e.digit)).toEqual(['1', '5', '#', '*', '0']);
    expect(d.events.every((e) => e.duration === 800 && e.packets === 7 && e.volume === 10)).toBe(true);
    expect(d.unfinished).toEqual([]);
  });

  it('should keep two presses of the same digit apart when their timestamps differ', () => {
    const d = new TelephoneEventDecoder(TE);
    for (const p of [...press(5, 1000, 1), ...press(5, 2600, 10)]) d.push(p);
    expect(d.events.map((e) => [e.digit, e.timestamp])).toEqual([
      ['5', 1000],
      ['5', 2600],
    ]);
  });

  it('should keep presses of two senders (SSRC) with the same timestamp apart', () => {
    const d = new TelephoneEventDecoder(TE);
    for (const p of [...press(2, 1000, 1, 1), ...press(3, 1000, 1, 2)]) d.push(p);
    expect(d.events.map((e) => e.digit)).toEqual(['2', '3']);
  });

  it('should count a press whose end has not arrived as unfinished, not as a digit', () => {
    const d = new TelephoneEventDecoder(TE);
    for (const p of press(9, 1000, 1).slice(0, 3)) d.push(p);
    expect(d.events).toEqual([]);
    expect(d.unfinished.map((e) => e.digit)).toEqual(['9']);
  });

  it('should report a press when only its end packets arrive (the updates were lost)', () => {
    const d = new TelephoneEventDecoder(TE);
    for (const p of press(4, 1000, 1).slice(-2)) d.push(p);
    expect(d.events.map((e) => e.digit)).toEqual(['4']);
  });

  it('should ignore packets of another payload type (audio, another event type)', () => {
    const d = new TelephoneEventDecoder(TE);
    expect(d.push(rtp({ pt: 0, payload: Buffer.alloc(160, 0xff) }))).toBeNull();
    // a 4-byte PCMU payload that would decode as an ended "1" if the type were not checked
    expect(d.push(rtp({ pt: 0, payload: event(1, true, 800) }))).toBeNull();
    expect(d.push(rtp({ pt: 126, payload: event(1, true, 800) }))).toBeNull();
    expect(d.events).toEqual([]);
    expect(d.dropped.otherPayloadType).toBe(3);
  });

  it('should ignore short, garbage and non-version-2 datagrams and events that are not DTMF', () => {
    const d = new TelephoneEventDecoder(TE);
    const bad = [
      Buffer.alloc(0),
      Buffer.from('hello'),
      Buffer.alloc(11, 0x80),
      rtp({ version: 1, payload: event(1, true, 800) }),
      rtp({ payload: Buffer.from([1, 0x80, 3]) }), // 3-byte payload
      rtp({ payload: event(16, true, 800) }), // 16 = not a DTMF key
      rtp({ payload: event(255, true, 800) }),
      rtp({ csrc: 15, payload: Buffer.alloc(10) }).subarray(0, 40), // CSRC list longer than the packet
      rtp({ extensionWords: 200, payload: event(1, true, 800) }).subarray(0, 24), // extension longer than the packet
      withLastByte(rtp({ payload: event(1, true, 800), padding: 2 }), 0), // padding count 0
      withLastByte(rtp({ payload: event(1, true, 800), padding: 2 }), 200), // padding longer than the packet
    ];
    for (const b of bad) expect(d.push(b)).toBeNull();
    expect(d.events).toEqual([]);
    expect(d.dropped.notRtp + d.dropped.notAnEvent).toBe(bad.length);
  });

  it('should read the payload behind CSRCs, a header extension and padding', () => {
    const parsed = parseRtp(rtp({ csrc: 2, extensionWords: 1, padding: 4, payload: event(12, true, 480) }))!;
    expect(parsed.payloadType).toBe(TE);
    expect(decodeEventPayload(parsed.payload)).toEqual({ digit: 'A', end: true, volume: 10, duration: 480 });
  });

  it('should refuse a payload type out of range', () => {
    expect(() => new TelephoneEventDecoder(128)).toThrow('Not an RTP payload type');
  });
});

describe('telephone-event payload type from an SDP', () => {
  const sdp = (m: string, ...attrs: string[]) => ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', m, ...attrs].join('\r\n');

  it('should give the telephone-event/8000 type listed on the audio m= line', () => {
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15'))).toBe(101);
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 111 110 0 126', 'a=rtpmap:110 telephone-event/48000', 'a=rtpmap:126 telephone-event/8000'))).toBe(126);
  });

  it('should give null when the audio stream has no telephone-event/8000', () => {
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000'))).toBeNull();
    // described but not listed on the m= line
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 0', 'a=rtpmap:101 telephone-event/8000'))).toBeNull();
    // only the 48 kHz one
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 111 110', 'a=rtpmap:110 telephone-event/48000'))).toBeNull();
    // on another stream
    expect(telephoneEventPayloadType(sdp('m=audio 4000 RTP/AVP 0', 'm=video 4002 RTP/AVP 101', 'a=rtpmap:101 telephone-event/8000'))).toBeNull();
    expect(telephoneEventPayloadType('')).toBeNull();
  });
});

describe('RtpEventReceiver on a real socket', () => {
  it('should decode datagrams that arrived before the SDP was known and wait for the rest', async () => {
    const r = await new RtpEventReceiver(0).start();
    const port = r.port;
    const sender = createSocket('udp4');
    const send = (b: Buffer) => new Promise<void>((res) => sender.send(b, port, '127.0.0.1', () => res()));
    try {
      for (const p of press(3, 1000, 1)) await send(p);
      await new Promise<void>((res) => {
        const t = setInterval(() => {
          if (r.datagrams >= 7) {
            clearInterval(t);
            res();
          }
        }, 5);
      });
      r.useSdp('v=0\r\nm=audio 1 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n');
      expect(r.digits).toEqual(['3']);
      const waiting = r.waitForEvents(2, 5_000);
      for (const p of press(11, 2000, 10)) await send(p);
      expect((await waiting).map((e) => e.digit)).toEqual(['3', '#']);
      await expect(r.waitForEvents(3, 100)).rejects.toThrow('3 telephone-events not received');
      expect(() => r.useSdp('v=0\r\nm=audio 1 RTP/AVP 0\r\n')).toThrow('offers no telephone-event/8000');
    } finally {
      sender.close();
      await r.stop();
    }
  });
});
