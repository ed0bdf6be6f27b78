import { createSocket, type Socket } from 'node:dgram';
import { ngRequest } from '../softphone/rtpengine';

// A call through rtpengine without any SIP: two plain-RTP parties on loopback, offered and answered
// over ng the way Kamailio does it (the branch's monologue keyed by via-branch), each sending a
// G.711 µ-law tone every 20 ms and keeping what it receives (arrival time + decoded payload).

export function linearToUlaw(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let s = Math.min(Math.abs(sample), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  return ~(sign | (exponent << 4) | ((s >> (exponent + 3)) & 0x0f)) & 0xff;
}

export function ulawToLinear(u: number): number {
  const x = ~u & 0xff;
  const t = (((x & 0x0f) << 3) + 0x84) << ((x & 0x70) >> 4);
  return x & 0x80 ? 0x84 - t : t - 0x84;
}

const cycles = new Map<number, Buffer[]>();

/** A tone's µ-law frames (160 samples each) over one whole period of frames and tone, computed once. */
function toneFrames(hz: number): Buffer[] {
  let cycle = cycles.get(hz);
  if (cycle) return cycle;
  // frames until the tone and the frame grid line up again (8000/gcd(hz, 8000) samples per tone cycle)
  const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
  const period = hz ? 8000 / gcd(hz, 8000) : 1;
  const count = period / gcd(period, 160) ;
  cycle = Array.from({ length: Math.max(1, Math.round(count)) }, (_, f) =>
    Buffer.from(Array.from({ length: 160 }, (_, k) => linearToUlaw(hz ? Math.round(8000 * Math.sin((2 * Math.PI * hz * (f * 160 + k)) / 8000)) : 0))),
  );
  cycles.set(hz, cycle);
  return cycle;
}

export interface Received {
  atMs: number;
  samples: Int16Array;
}

export interface RtpParty {
  tag: string;
  socket: Socket;
  received: Received[];
  /** Packets received (also when not kept). */
  count: number;
}

export interface RtpCall {
  callId: string;
  caller: RtpParty;
  callee: RtpParty;
  /** Stops sending and closes the sockets (the call stays in rtpengine until `hangUp`). */
  close(): void;
  /** ng delete (what Kamailio does on BYE). */
  hangUp(): Promise<void>;
}

const sdp = (port: number) =>
  `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\na=ptime:20\r\n`;

async function party(tag: string, keep: boolean): Promise<RtpParty> {
  const socket = createSocket('udp4');
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  const p: RtpParty = { tag, socket, received: [], count: 0 };
  socket.on('message', (msg) => {
    if (msg.length < 12 || (msg[1]! & 0x7f) !== 0) return;
    p.count++;
    if (!keep) return;
    const payload = msg.subarray(12);
    p.received.push({ atMs: Date.now(), samples: Int16Array.from(payload, ulawToLinear) });
  });
  return p;
}

/** Opens a call: the caller sends `callerHz`, the callee `calleeHz` (0 = silence). */
export async function openRtpCall(ngPort: number, callId: string, o: { callerHz: number; calleeHz: number; keepReceived?: boolean }): Promise<RtpCall> {
  const caller = await party(`caller-${callId}`, o.keepReceived ?? true);
  const callee = await party(`callee-${callId}`, o.keepReceived ?? true);
  const offer = await ngRequest(ngPort, {
    command: 'offer', 'call-id': callId, 'from-tag': caller.tag, 'via-branch': `z9hG4bK-${callId}-1`,
    sdp: sdp(caller.socket.address().port), replace: ['origin', 'session-connection'],
  });
  if (offer.result !== 'ok') throw new Error(`offer: ${JSON.stringify(offer)}`);
  const answer = await ngRequest(ngPort, {
    command: 'answer', 'call-id': callId, 'from-tag': caller.tag, 'to-tag': callee.tag, 'via-branch': `z9hG4bK-${callId}-1`,
    sdp: sdp(callee.socket.address().port), replace: ['origin', 'session-connection'],
  });
  if (answer.result !== 'ok') throw new Error(`answer: ${JSON.stringify(answer)}`);
  const port = (s: string) => Number(/m=audio (\d+)/.exec(s)![1]);
  const callerTo = port(String(answer.sdp));
  const calleeTo = port(String(offer.sdp));
  let n = 0;
  const started = Date.now();
  const frames = [toneFrames(o.callerHz), toneFrames(o.calleeHz)];
  const frame = (which: 0 | 1, ssrc: number) => {
    const b = Buffer.allocUnsafe(172);
    b[0] = 0x80;
    b[1] = 0;
    b.writeUInt16BE(n & 0xffff, 2);
    b.writeUInt32BE((n * 160) >>> 0, 4);
    b.writeUInt32BE(ssrc, 8);
    frames[which]![n % frames[which]!.length]!.copy(b, 12);
    return b;
  };
  // paced by the clock, not by setInterval's drift: a frame for every 20 ms that has passed
  const timer = setInterval(() => {
    while (n * 20 <= Date.now() - started) {
      caller.socket.send(frame(0, 0x1000), callerTo, '127.0.0.1');
      callee.socket.send(frame(1, 0x2000), calleeTo, '127.0.0.1');
      n++;
    }
  }, 10);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(timer);
    caller.socket.close();
    callee.socket.close();
  };
  return {
    callId,
    caller,
    callee,
    close,
    async hangUp() {
      close();
      await ngRequest(ngPort, { command: 'delete', 'call-id': callId });
    },
  };
}

/** The received stretch [fromMs, toMs) of a party as one sample array (in arrival order). */
export function receivedBetween(p: RtpParty, fromMs: number, toMs: number): Int16Array {
  const parts = p.received.filter((r) => r.atMs >= fromMs && r.atMs < toMs);
  const out = new Int16Array(parts.reduce((n, r) => n + r.samples.length, 0));
  let o = 0;
  for (const r of parts) {
    out.set(r.samples, o);
    o += r.samples.length;
  }
  return out;
}
