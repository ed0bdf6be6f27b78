/* Raw SIP over UDP, TCP and TLS from a chosen local address: what the abuse spec uses to talk to
 * Kamailio without a SIP stack in the way (which would refuse to send most of the corpus). */
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import WebSocket from 'ws';

export interface Endpoint {
  host: string;
  port: number;
  /** Local address to send from (127.0.0.2 is "not the trunk"). */
  from: string;
}

/** One datagram from a fresh socket (fresh source port): the per-socket flood limit does not interfere. */
export async function sendUdp(to: Endpoint, data: Buffer): Promise<void> {
  const socket = createSocket('udp4');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.bind({ address: to.from, port: 0 }, resolve));
  await new Promise<void>((resolve) => socket.send(data, to.port, to.host, () => resolve()));
  socket.close();
}

/**
 * Opens a connection, writes `data` (in `chunks` pieces when asked), half-closes and waits for the
 * server to close its end; at most `maxMs` (a server that keeps it open is cut then).
 */
export async function sendStream(
  to: Endpoint,
  data: Buffer,
  options: { tls?: boolean; chunks?: number; maxMs?: number } = {},
): Promise<{ received: string }> {
  const tlsOptions: ConnectionOptions & { localAddress: string } = { host: to.host, port: to.port, localAddress: to.from, rejectUnauthorized: false };
  const socket: Socket = options.tls ? tlsConnect(tlsOptions) : tcpConnect({ host: to.host, port: to.port, localAddress: to.from });
  let received = '';
  socket.on('data', (d) => (received += d.toString('latin1')));
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  await new Promise<void>((resolve) => {
    socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve());
    socket.once('error', () => resolve());
  });
  if (!socket.destroyed) {
    const n = Math.max(1, options.chunks ?? 1);
    const size = Math.ceil(data.length / n);
    for (let i = 0; i < data.length; i += size) {
      await new Promise<void>((resolve) => socket.write(data.subarray(i, i + size), () => resolve()));
    }
    socket.end();
  }
  const timer = setTimeout(() => socket.destroy(), options.maxMs ?? 3000);
  await closed;
  clearTimeout(timer);
  return { received };
}

/** An OPTIONS without a user part (Kamailio's keepalive answer: 200). */
export function optionsRequest(server: string, from: string, callId = `${randomBytes(8).toString('hex')}@probe`, transport = 'UDP'): Buffer {
  const branch = `z9hG4bK${randomBytes(8).toString('hex')}`;
  return Buffer.from(
    [
      `OPTIONS sip:${server} SIP/2.0`,
      `Via: SIP/2.0/${transport} ${from};branch=${branch};rport`,
      `From: <sip:probe@${from}>;tag=${randomBytes(4).toString('hex')}`,
      `To: <sip:${server}>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

/** Status line of a SIP response, or null. */
export const statusOf = (text: string): number | null => {
  const m = /^SIP\/2\.0 (\d{3}) /.exec(text);
  return m ? Number(m[1]) : null;
};

/**
 * A UDP socket on `from` that sends requests and collects responses by Call-ID, for floods and
 * probes. `settled()` resolves once no response has arrived for `quietMs` (used where the point is
 * that some requests get NO answer: there is no event to wait for).
 */
export class UdpPeer {
  readonly responses = new Map<string, number[]>();
  /** Every response as received (latin1). */
  readonly raw: string[] = [];
  private socket!: UdpSocket;
  private lastResponseAt = Date.now();
  private waiters: Array<{ callId: string; resolve: (code: number) => void }> = [];
  port = 0;

  static async open(from: string): Promise<UdpPeer> {
    const peer = new UdpPeer();
    peer.socket = createSocket('udp4');
    peer.socket.on('error', () => undefined);
    peer.socket.on('message', (msg) => peer.onMessage(msg.toString('latin1')));
    await new Promise<void>((resolve) => peer.socket.bind({ address: from, port: 0 }, resolve));
    peer.port = peer.socket.address().port;
    return peer;
  }

  private onMessage(text: string): void {
    this.raw.push(text);
    const code = statusOf(text);
    const callId = /\r\nCall-ID:\s*([^\r\n]*)/i.exec(text)?.[1]?.trim();
    if (code === null || !callId) return;
    this.lastResponseAt = Date.now();
    const list = this.responses.get(callId) ?? [];
    list.push(code);
    this.responses.set(callId, list);
    for (const w of this.waiters.filter((x) => x.callId === callId)) w.resolve(code);
    this.waiters = this.waiters.filter((x) => x.callId !== callId);
  }

  send(data: Buffer, port: number, host = '127.0.0.1'): Promise<void> {
    return new Promise((resolve) => this.socket.send(data, port, host, () => resolve()));
  }

  /** The first final-or-provisional status for `callId`, or null after `timeoutMs`. */
  answer(callId: string, timeoutMs = 5000): Promise<number | null> {
    const known = this.responses.get(callId);
    if (known?.length) return Promise.resolve(known[0]);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.waiters.push({
        callId,
        resolve: (code) => {
          clearTimeout(timer);
          resolve(code);
        },
      });
    });
  }

  /** Call-IDs (among `ids`) that got at least one response. */
  answered(ids: string[]): number {
    return ids.filter((id) => this.responses.has(id)).length;
  }

  async settled(quietMs = 750, maxMs = 10_000): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (Date.now() - this.lastResponseAt < quietMs && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Probes with an OPTIONS from a fresh socket on `from`: the status, or null without an answer. */
export async function probeOptions(to: Endpoint, timeoutMs = 3000): Promise<number | null> {
  const peer = await UdpPeer.open(to.from);
  try {
    const callId = `${randomBytes(8).toString('hex')}@probe`;
    await peer.send(optionsRequest(`${to.host}:${to.port}`, `${to.from}:${peer.port}`, callId), to.port, to.host);
    return await peer.answer(callId, timeoutMs);
  } finally {
    peer.close();
  }
}

/**
 * One corpus case as one WebSocket message (subprotocol "sip") on a fresh connection from `from`;
 * resolves when the server closes or answers, at most `maxMs` later. Whether the upgrade itself
 * succeeded is returned (false = refused or failed).
 */
export async function sendWebSocket(url: string, from: string, data: Buffer, options: { binary?: boolean; maxMs?: number } = {}): Promise<boolean> {
  const ws = new WebSocket(url, 'sip', { localAddress: from, rejectUnauthorized: false, handshakeTimeout: 5000 });
  ws.on('error', () => undefined);
  const opened = await new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('error', () => resolve(false));
    ws.once('close', () => resolve(false));
  });
  if (!opened) return false;
  const done = new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    ws.once('message', () => resolve());
  });
  ws.send(options.binary ? data : data.toString('latin1'), { binary: options.binary ?? false });
  const timer = setTimeout(() => ws.terminate(), options.maxMs ?? 1000);
  await done;
  clearTimeout(timer);
  ws.terminate();
  return true;
}
