import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Debian's baresip (baresip-core 1.0) as a desk phone that is not sip.js: a generated config
// folder (`baresip -f <dir>`), one account that auto-answers, G.711 audio from and to WAV files
// (aufile), and its stdout read for registration and call states.

export type SipTransport = 'udp' | 'tcp' | 'tls';

export interface BaresipOptions {
  /** The address of record: sip:<user>@<domain> (a device's username, or an extension). */
  user: string;
  domain: string;
  /** Digest user (defaults to `user`) and password. */
  authUser?: string;
  password: string;
  /** Where REGISTER and calls go: the SIP server's host (address or name) and port. */
  server: { host: string; port: number; transport: SipTransport };
  /** PEM CA file baresip trusts for SIP over TLS (`sip_cafile`). */
  caFile?: string;
  /** Local SIP address:port (`sip_listen`); baresip's default picks the first interface. */
  listen?: string;
  /** Seconds between re-REGISTERs (`regint`). */
  registerIntervalSec?: number;
  /** 'auto' (default) answers every call by itself; 'manual' waits for command('accept'). */
  answerMode?: 'auto' | 'manual';
  /** Loopback TCP port of baresip's control interface (ctrl_tcp), for command(). */
  controlPort?: number;
  /** Starts the process, e.g. (cmd, args, o) => lan.spawn('laptop', cmd, args, o); plain spawn by default. */
  spawn?: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** The tone the phone's microphone plays (440 Hz by default). */
  toneHz?: number;
  /** What the microphone plays instead of the tone: an 8 kHz 16-bit mono WAV (from the call's start; not looped). */
  sourceWav?: Buffer;
}

export interface BaresipEvent {
  at: number;
  line: string;
}

export interface Baresip {
  readonly process: ChildProcess;
  /** Every line baresip printed, in order. */
  output(): string;
  /** Resolves with the first line from now on (or already printed since `since`) matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number, since?: number): Promise<string>;
  /** Resolves when baresip reports a successful REGISTER; rejects on a failed one. */
  registered(timeoutMs?: number): Promise<string>;
  /** Resolves with the status line of a failed REGISTER (e.g. "401 Unauthorized", "403 Forbidden"). */
  registrationFailed(timeoutMs?: number): Promise<string>;
  /** How many lines have been printed so far (a `since` mark for waitFor). */
  mark(): number;
  /** Runs a menu command over ctrl_tcp (needs `controlPort`), e.g. 'accept'; resolves on its answer. */
  command(name: string, params?: string): Promise<void>;
  /** SIGTERM (baresip un-registers and exits), SIGKILL after 5 s; removes its folder. */
  stop(): Promise<void>;
}

// What baresip 1.0's account/menu modules print (measured on Debian 12):
export const REGISTERED = /\b(200 OK|registered successfully)\b.*\[\d+ binding/i;
export const REGISTER_FAILED = /reg(istration)? failed|\b(401|403|407|408|500|503)\b [A-Z][a-z]/;
export const CALL_ESTABLISHED = /call established|Call established/;
export const CALL_CLOSED = /session closed|call closed|Call closed/i;
export const INCOMING = /Incoming call from/i;

/** An 8 kHz 16-bit mono WAV with a `hz` tone (aufile plays it as G.711's source). */
export function toneWav(seconds = 30, hz = 440): Buffer {
  const rate = 8000;
  const samples = rate * seconds;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / rate)), 44 + i * 2);
  return buf;
}

/** The accounts line for `o` (transport, outbound proxy, auto-answer, PCMU only). */
export function accountLine(o: BaresipOptions): string {
  const t = o.server.transport;
  const params = [
    `auth_user=${o.authUser ?? o.user}`,
    `auth_pass=${o.password}`,
    `outbound="sip:${o.server.host}:${o.server.port};transport=${t}"`,
    `regint=${o.registerIntervalSec ?? 300}`,
    `answermode=${o.answerMode ?? 'auto'}`,
    'audio_codecs=PCMU',
  ];
  return `<sip:${o.user}@${o.domain};transport=${t}>;${params.join(';')}`;
}

export async function startBaresip(o: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(join(tmpdir(), 'cb-baresip-'));
  const source = join(dir, 'tone.wav');
  writeFileSync(source, o.sourceWav ?? toneWav(30, o.toneHz));
  const config = [
    'module_path /usr/lib/baresip/modules',
    'poll_method epoll',
    ...(o.listen ? [`sip_listen ${o.listen}`] : []),
    ...(o.caFile ? [`sip_cafile ${o.caFile}`] : []),
    `audio_source aufile,${source}`,
    `audio_player aufile,${join(dir, 'heard.wav')}`,
    `audio_alert aufile,${join(dir, 'alert.wav')}`,
    'module g711.so',
    'module aufile.so',
    // the accounts file is read only with account.so; menu prints call states and answers automatically
    'module_app account.so',
    'module_app menu.so',
    ...(o.controlPort ? ['module_app ctrl_tcp.so', `ctrl_tcp_listen 127.0.0.1:${o.controlPort}`] : []),
    'rtp_timeout 0',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'accounts'), accountLine(o) + '\n', { mode: 0o600 });
  writeFileSync(join(dir, 'contacts'), '');

  const run = o.spawn ?? ((command, args, options) => spawn(command, args, options));
  const child = run('baresip', ['-f', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: BaresipEvent[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  const onData = (chunk: Buffer) => {
    partial += chunk.toString();
    const parts = partial.split(/\r?\n|\r/);
    partial = parts.pop() ?? '';
    // eslint-disable-next-line no-control-regex
    for (const line of parts) lines.push({ at: Date.now(), line: line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') });
    for (const w of waiters) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of waiters) w();
  });

  const output = () => lines.map((l) => l.line).join('\n');
  const waitFor = (pattern: RegExp, timeoutMs = 10_000, since = lines.length) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = lines.slice(since).find((l) => pattern.test(l.line));
        if (hit) return finish(() => resolve(hit.line));
        if (done) return finish(() => reject(new Error(`baresip exited before printing ${pattern}:\n${output().slice(-3000)}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`baresip printed no ${pattern} in ${timeoutMs} ms:\n${output().slice(-3000)}`))), timeoutMs);
      const finish = (f: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });

  // one control connection kept open (a command is then one write, no connect in its way)
  let control: Socket | null = null;
  const pending: (() => void)[] = [];
  const command = async (name: string, params = '') => {
    if (!o.controlPort) throw new Error('baresip: command() needs controlPort');
    if (!control) {
      const sock = connect(o.controlPort, '127.0.0.1');
      await new Promise<void>((resolve, reject) => sock.once('connect', resolve).once('error', reject));
      sock.on('data', (d) => {
        const answers = (d.toString().match(/"response":true/g) ?? []).length;
        for (let i = 0; i < answers; i++) pending.shift()?.();
      });
      control = sock;
    }
    const json = JSON.stringify({ command: name, params, token: name });
    const answered = new Promise<void>((resolve) => pending.push(resolve));
    control.write(`${Buffer.byteLength(json)}:${json},`);
    await answered;
  };

  return {
    process: child,
    command,
    output,
    waitFor,
    mark: () => lines.length,
    async registered(timeoutMs = 10_000) {
      const line = await waitFor(new RegExp(`${REGISTERED.source}|${REGISTER_FAILED.source}`, 'i'), timeoutMs, 0);
      if (!REGISTERED.test(line)) throw new Error(`baresip's REGISTER failed: ${line}`);
      return line;
    },
    registrationFailed: (timeoutMs = 10_000) => waitFor(REGISTER_FAILED, timeoutMs, 0),
    async stop() {
      control?.destroy();
      if (!done) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
