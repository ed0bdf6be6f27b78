// The carrier's media end in DTMF tests: sipp does the SIP, its SDP's c=/m= point here, and this
// socket decodes what rtpengine sends: RTP (RFC 3550) carrying telephone-events (RFC 4733).
// Everything arrives from the network, so every field is checked and anything odd is counted
// and dropped, never thrown.
import { createSocket, type Socket } from 'node:dgram';

/** One RTP packet's header fields and payload. */
export interface RtpPacket {
  payloadType: number;
  marker: boolean;
  sequence: number;
  timestamp: number;
  ssrc: number;
  payload: Buffer;
}

/** One key press as the far end hears it: the first packet with the end bit closes it. */
export interface TelephoneEvent {
  digit: string;
  /** RTP timestamp of the event (the same in every packet of one press). */
  timestamp: number;
  ssrc: number;
  /** In timestamp units (8 kHz for telephone-event/8000: 800 = 100 ms). */
  duration: number;
  volume: number;
  /** Packets seen for this press, the end retransmissions included. */
  packets: number;
}

const EVENT_DIGITS = '0123456789*#ABCD';

/** Parses an RTP packet; null for anything that is not one (short, version ≠ 2, bad lengths). */
export function parseRtp(buf: Buffer): RtpPacket | null {
  if (buf.length < 12) return null;
  const version = buf[0]! >> 6;
  if (version !== 2) return null;
  const padding = (buf[0]! & 0x20) !== 0;
  const extension = (buf[0]! & 0x10) !== 0;
  const csrcCount = buf[0]! & 0x0f;
  let offset = 12 + 4 * csrcCount;
  if (extension) {
    if (buf.length < offset + 4) return null;
    offset += 4 + 4 * buf.readUInt16BE(offset + 2);
  }
  let end = buf.length;
  if (padding) {
    const pad = buf[buf.length - 1]!;
    if (pad === 0) return null;
    end -= pad;
  }
  if (offset > end) return null;
  return {
    payloadType: buf[1]! & 0x7f,
    marker: (buf[1]! & 0x80) !== 0,
    sequence: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    payload: buf.subarray(offset, end),
  };
}

/**
 * The telephone-event/8000 payload type of the SDP's first audio stream (null when that stream
 * offers none). Only formats listed on the m= line count.
 */
export function telephoneEventPayloadType(sdp: string): number | null {
  const lines = sdp.split(/\r?\n/).map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith('m=audio '));
  if (start < 0) return null;
  const formats = new Set(lines[start]!.split(/\s+/).slice(3));
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('m=')) break;
    const m = /^a=rtpmap:(\d{1,3}) telephone-event\/8000\b/i.exec(line);
    if (m && formats.has(m[1]!)) return Number(m[1]);
  }
  return null;
}

/** The 4-byte RFC 4733 §2.3 payload; null when it is not one or not a DTMF event (0-15). */
export function decodeEventPayload(payload: Buffer): { digit: string; end: boolean; volume: number; duration: number } | null {
  if (payload.length < 4) return null;
  const event = payload[0]!;
  if (event >= EVENT_DIGITS.length) return null;
  return {
    digit: EVENT_DIGITS[event]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: payload.readUInt16BE(2),
  };
}

/**
 * Turns packets into key presses: only the negotiated payload type is read; one press is one
 * (SSRC, timestamp); it is reported once, at its first end packet (the two retransmissions of
 * the end packet and any later packet of the same press are counted, not reported again).
 */
export class TelephoneEventDecoder {
  private readonly ended: TelephoneEvent[] = [];
  private readonly open = new Map<string, TelephoneEvent>();
  private readonly closed = new Map<string, TelephoneEvent>();
  /** What was dropped, by reason (for a test's explanation when digits are missing). */
  readonly dropped = { notRtp: 0, otherPayloadType: 0, notAnEvent: 0 };
  /** Packets of other payload types (audio) seen. */
  otherPackets = 0;

  constructor(readonly payloadType: number) {
    if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 127) throw new Error(`Not an RTP payload type: ${payloadType}`);
  }

  /** Feeds one datagram; returns the press it completed, if it did. */
  push(datagram: Buffer): TelephoneEvent | null {
    const rtp = parseRtp(datagram);
    if (!rtp) {
      this.dropped.notRtp++;
      return null;
    }
    if (rtp.payloadType !== this.payloadType) {
      this.dropped.otherPayloadType++;
      this.otherPackets++;
      return null;
    }
    const event = decodeEventPayload(rtp.payload);
    if (!event) {
      this.dropped.notAnEvent++;
      return null;
    }
    const key = `${rtp.ssrc}:${rtp.timestamp}`;
    const done = this.closed.get(key);
    if (done) {
      done.packets++;
      return null;
    }
    const press = this.open.get(key) ?? { digit: event.digit, timestamp: rtp.timestamp, ssrc: rtp.ssrc, duration: 0, volume: event.volume, packets: 0 };
    press.packets++;
    press.duration = Math.max(press.duration, event.duration);
    if (!event.end) {
      this.open.set(key, press);
      return null;
    }
    this.open.delete(key);
    this.closed.set(key, press);
    this.ended.push(press);
    return press;
  }

  /** Completed presses in the order their end arrived. */
  get events(): readonly TelephoneEvent[] {
    return this.ended;
  }

  /** Presses that started but whose end has not arrived. */
  get unfinished(): readonly TelephoneEvent[] {
    return [...this.open.values()];
  }
}

/** A UDP socket on 127.0.0.1:port decoding the telephone-events sent to it. */
export class RtpEventReceiver {
  private socket: Socket | null = null;
  private decoder: TelephoneEventDecoder | null = null;
  /** Datagrams that came before the payload type was known (decoded once it is). */
  private early: Buffer[] = [];
  private waiters: Array<() => void> = [];
  datagrams = 0;
  /** RTP packets received per payload type (whatever the SDP says). */
  readonly payloadTypes = new Map<number, number>();

  /** `port` 0 takes a free one; {@link port} is the bound one after {@link start}. */
  constructor(public port: number) {}

  async start(): Promise<this> {
    const socket = createSocket('udp4');
    await new Promise<void>((res, rej) => {
      socket.once('error', rej);
      socket.bind(this.port, '127.0.0.1', () => {
        socket.off('error', rej);
        res();
      });
    });
    socket.on('message', (msg) => this.receive(msg));
    this.port = socket.address().port;
    this.socket = socket;
    return this;
  }

  /** Reads telephone-events with the payload type the carrier's SDP gives (an error if none). */
  useSdp(sdp: string): void {
    const pt = telephoneEventPayloadType(sdp);
    if (pt === null) throw new Error('The carrier SDP offers no telephone-event/8000');
    this.decoder = new TelephoneEventDecoder(pt);
    for (const d of this.early) this.decoder.push(d);
    this.early = [];
    this.wake();
  }

  get events(): readonly TelephoneEvent[] {
    return this.decoder?.events ?? [];
  }

  get digits(): string[] {
    return this.events.map((e) => e.digit);
  }

  /** Counters for an explanation when a test fails. */
  summary(): Record<string, unknown> {
    return {
      datagrams: this.datagrams,
      payloadTypes: Object.fromEntries(this.payloadTypes),
      payloadType: this.decoder?.payloadType ?? null,
      digits: this.digits.join(''),
      audioPackets: this.decoder?.otherPackets ?? 0,
      dropped: this.decoder?.dropped ?? null,
      unfinished: this.decoder?.unfinished.map((e) => e.digit) ?? [],
    };
  }

  /** Resolves once `count` presses have ended; rejects after `timeoutMs` with what arrived. */
  waitForEvents(count: number, timeoutMs = 10_000): Promise<readonly TelephoneEvent[]> {
    return new Promise((res, rej) => {
      const check = () => {
        if (this.events.length < count) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        res(this.events);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        rej(new Error(`${count} telephone-events not received in ${timeoutMs} ms: ${JSON.stringify(this.summary())}`));
      }, timeoutMs);
      const waiter = () => void check();
      if (!check()) this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket) await new Promise<void>((res) => socket.close(() => res()));
  }

  private receive(msg: Buffer): void {
    this.datagrams++;
    const pt = parseRtp(msg)?.payloadType;
    if (pt !== undefined) this.payloadTypes.set(pt, (this.payloadTypes.get(pt) ?? 0) + 1);
    if (!this.decoder) {
      // bounded: an early flood is not kept
      if (this.early.length < 1000) this.early.push(msg);
      return;
    }
    if (this.decoder.push(msg)) this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
