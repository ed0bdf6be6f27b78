import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';

// rtpengine's ng control protocol: "<cookie> <bencoded dictionary>" over UDP, the reply carries the
// same cookie. Ported from pbx-bridge/kamailio/rtpengine.mjs (the starter pings with it).

export type NgValue = string | number | NgValue[] | { [key: string]: NgValue };
export type NgReply = Record<string, NgValue> & { result?: string; 'error-reason'?: string };

export function bencode(v: unknown): string {
  if (typeof v === 'number') return `i${Math.trunc(v)}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v)}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `d${keys.map((k) => bencode(k) + bencode(o[k])).join('')}e`;
  }
  throw new Error(`bencode: unsupported value ${String(v)}`);
}

export function bdecode(buf: Buffer): NgValue {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`bdecode: ${why} at ${i}`);
  };
  const read = (depth: number): NgValue => {
    if (depth > 32) fail('nested too deep');
    if (i >= buf.length) fail('truncated');
    const c = buf[i];
    if (c === 0x69 /* i */) {
      const end = buf.indexOf(0x65, i);
      if (end < 0) fail('unterminated integer');
      const n = Number(buf.subarray(i + 1, end).toString());
      if (!Number.isFinite(n)) fail('bad integer');
      i = end + 1;
      return n;
    }
    if (c === 0x6c /* l */ || c === 0x64 /* d */) {
      i++;
      const items: NgValue[] = [];
      while (buf[i] !== 0x65) items.push(read(depth + 1));
      i++;
      if (c === 0x6c) return items;
      const out: Record<string, NgValue> = {};
      for (let k = 0; k + 1 < items.length; k += 2) out[String(items[k])] = items[k + 1]!;
      return out;
    }
    const colon = buf.indexOf(0x3a, i);
    if (colon < 0) fail('bad string');
    const len = Number(buf.subarray(i, colon).toString());
    if (!Number.isInteger(len) || len < 0 || colon + 1 + len > buf.length) fail('bad string length');
    const s = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
    i = colon + 1 + len;
    return s;
  };
  return read(0);
}

export class NgError extends Error {
  constructor(
    readonly command: string,
    readonly reason: string,
  ) {
    super(`rtpengine ng ${command}: ${reason}`);
  }
}

/** One UDP socket to one rtpengine; requests are matched to replies by cookie. */
export class NgClient {
  private socket: Socket | null = null;
  private readonly pending = new Map<string, { resolve: (r: NgReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly timeoutMs = 1000,
    /** Sends of the same request (same cookie: rtpengine answers a repeat from its cache). */
    private readonly attempts = 2,
  ) {}

  /** Sends `message`; resolves with the reply, rejects with NgError when rtpengine answers `error`. */
  async request(message: Record<string, NgValue | undefined> & { command: string }): Promise<NgReply> {
    const socket = this.open();
    const cookie = randomBytes(8).toString('hex');
    const packet = Buffer.from(`${cookie} ${bencode(message)}`);
    const reply = await new Promise<NgReply>((resolve, reject) => {
      let sent = 0;
      const send = () => {
        sent++;
        socket.send(packet, this.port, this.host);
        const timer = setTimeout(() => {
          if (sent < this.attempts) return send();
          this.pending.delete(cookie);
          reject(new NgError(message.command, `no answer from ${this.host}:${this.port} within ${this.timeoutMs * this.attempts} ms`));
        }, this.timeoutMs);
        this.pending.set(cookie, { resolve, reject, timer });
      };
      send();
    });
    if (reply.result === 'error') throw new NgError(message.command, String(reply['error-reason'] ?? 'error'));
    return reply;
  }

  close(): void {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error('ng client closed'));
    }
    this.pending.clear();
    this.socket?.close();
    this.socket = null;
  }

  private open(): Socket {
    if (this.socket) return this.socket;
    const socket = createSocket(this.host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (msg) => {
      const sp = msg.indexOf(0x20);
      if (sp <= 0) return;
      const p = this.pending.get(msg.subarray(0, sp).toString());
      if (!p) return;
      this.pending.delete(msg.subarray(0, sp).toString());
      clearTimeout(p.timer);
      try {
        const v = bdecode(msg.subarray(sp + 1));
        if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('reply is not a dictionary');
        p.resolve(v as NgReply);
      } catch (e) {
        p.reject(e as Error);
      }
    });
    socket.on('error', () => undefined);
    socket.unref();
    this.socket = socket;
    return socket;
  }
}

/** "127.0.0.1:22222" or "[::1]:22222" → host and port. */
export function parseNgAddress(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 1 && port <= 65535)) throw new Error(`not a host:port address: ${value}`);
  return { host: m[1] ?? m[2]!, port };
}
