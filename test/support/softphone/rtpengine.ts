import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const STARTER = resolve(__dirname, '../../../pbx-bridge/kamailio/rtpengine.mjs');

export interface TestRtpengine {
  pid: number;
  ngPort: number;
  /** For startKamailio({ rtpengineSocket }). */
  socket: string;
  runDir: string;
  ng(message: Record<string, unknown>): Promise<NgReply>;
  stop(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type NgReply = Record<string, any>;

export function bencode(v: unknown): string {
  if (typeof v === 'number') return `i${Math.trunc(v)}e`;
  if (typeof v === 'string') return `${Buffer.byteLength(v)}:${v}`;
  if (Array.isArray(v)) return `l${v.map(bencode).join('')}e`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `d${Object.keys(o).sort().map((k) => bencode(k) + bencode(o[k])).join('')}e`;
  }
  throw new Error(`bencode: unsupported ${String(v)}`);
}

export function bdecode(buf: Buffer): unknown {
  let i = 0;
  const read = (): unknown => {
    const c = String.fromCharCode(buf[i]!);
    if (c === 'i') {
      const end = buf.indexOf(0x65, i);
      const n = Number(buf.subarray(i + 1, end).toString());
      i = end + 1;
      return n;
    }
    if (c === 'l' || c === 'd') {
      i++;
      const list: unknown[] = [];
      while (buf[i] !== 0x65) list.push(read());
      i++;
      if (c === 'l') return list;
      const out: Record<string, unknown> = {};
      for (let k = 0; k < list.length; k += 2) out[String(list[k])] = list[k + 1];
      return out;
    }
    const colon = buf.indexOf(0x3a, i);
    const len = Number(buf.subarray(i, colon).toString());
    const s = buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
    i = colon + 1 + len;
    return s;
  };
  return read();
}

/** One ng request to rtpengine on loopback (ping, query, list ...). */
export function ngRequest(port: number, message: Record<string, unknown>, timeoutMs = 2000): Promise<NgReply> {
  const cookie = randomBytes(6).toString('hex');
  const sock = createSocket('udp4');
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      sock.close();
      rej(new Error(`ng ${String(message.command)}: no answer`));
    }, timeoutMs);
    sock.on('message', (msg) => {
      const sp = msg.indexOf(0x20);
      if (msg.subarray(0, sp).toString() !== cookie) return;
      clearTimeout(timer);
      sock.close();
      res(bdecode(msg.subarray(sp + 1)) as NgReply);
    });
    sock.send(`${cookie} ${bencode(message)}`, port, '127.0.0.1');
  });
}

/** Starts rtpengine through pbx-bridge/kamailio/rtpengine.mjs (resolves after its ng ping). */
export async function startTestRtpengine(o: { ngPort: number; portMin: number; portMax: number; recordingDir?: string }): Promise<TestRtpengine> {
  const runDir = mkdtempSync(join(tmpdir(), 'cb-rtpengine-'));
  const child: ChildProcess = spawn(process.execPath, [STARTER, 'start'], {
    env: { ...process.env, RTPENGINE_OPTIONS_JSON: JSON.stringify({ ...o, runDir }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (output.includes('rtpengine running')) ok();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => fail(new Error(`rtpengine starter exited (${code}):\n${output}`)));
  });
  return {
    pid: child.pid!,
    ngPort: o.ngPort,
    socket: `udp:127.0.0.1:${o.ngPort}`,
    runDir,
    ng: (m) => ngRequest(o.ngPort, m),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Per-leg RTP counters of one call, keyed by SIP tag. */
export interface LegStats {
  tag: string;
  /** Packets rtpengine received from this party. */
  received: number;
  /** Packets rtpengine sent to this party (stats_out; rtpengine 10.5 does not report it: 0). */
  sent: number;
  errors: number;
}

/** What rtpengine logs when carrier audio for a browser arrives before DTLS has given it keys. */
export const BEFORE_DTLS = 'SRTP output wanted, but no crypto suite was negotiated';
/**
 * At most this many dropped packets (20 ms each) are taken as the call's start, not a fault, when
 * rtpengine logged BEFORE_DTLS for the call. rtpengine rate-limits that log line (LOG_FLAG_LIMIT),
 * so one line can stand for several packets: the lines say *why*, the error counter says *how many*.
 */
export const MAX_BEFORE_DTLS = 5;

export interface CallMedia {
  legs: LegStats[];
  /** Every error rtpengine counted on the call. */
  totalErrors: number;
  /** Of those, packets dropped because they came before the DTLS handshake ended (rtpengine's own log lines). */
  beforeDtls: number;
  /** The errors a test asserts are zero: all but the drops before DTLS. */
  unexpectedErrors: number;
  raw: NgReply;
}

export async function queryLegs(rtp: Pick<TestRtpengine, 'ng'> & { runDir?: string }, callId: string): Promise<CallMedia> {
  const raw = await rtp.ng({ command: 'query', 'call-id': callId });
  if (raw.result !== 'ok') throw new Error(`ng query: ${JSON.stringify(raw)}`);
  const legs: LegStats[] = [];
  let totalErrors = 0;
  for (const [tag, mono] of Object.entries<NgReply>(raw.tags ?? {})) {
    const leg: LegStats = { tag, received: 0, sent: 0, errors: 0 };
    for (const media of mono.medias ?? []) {
      for (const stream of media.streams ?? []) {
        // RTCP-only streams (odd ports when not muxed) are counted apart; a muxed stream has both flags
        const flags: string[] = Array.isArray(stream.flags) ? stream.flags : [];
        if (!flags.includes('RTP')) continue;
        leg.received += stream.stats?.packets ?? 0;
        leg.sent += stream.stats_out?.packets ?? 0;
        leg.errors += stream.stats?.errors ?? 0;
      }
    }
    totalErrors += leg.errors;
    legs.push(leg);
  }
  // totals.RTP already counts the legs' errors (plus any on streams filtered out above)
  totalErrors = Math.max(totalErrors, raw.totals?.RTP?.errors ?? 0);
  const log = rtp.runDir && existsSync(join(rtp.runDir, 'rtpengine.log')) ? readFileSync(join(rtp.runDir, 'rtpengine.log'), 'utf8') : '';
  const beforeDtls = log.split('\n').filter((l) => l.includes(callId) && l.includes(BEFORE_DTLS)).length;
  // packets that beat the DTLS handshake are forgiven only up to MAX_BEFORE_DTLS: more is a fault
  const forgiven = beforeDtls > 0 && totalErrors <= MAX_BEFORE_DTLS ? totalErrors : 0;
  return { legs, totalErrors, beforeDtls, unexpectedErrors: Math.max(0, totalErrors - forgiven), raw };
}
