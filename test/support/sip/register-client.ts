/* A desk phone's REGISTER, written out by hand over UDP or TLS with digest authentication (RFC 2617,
 * qop=auth), so a test controls every byte a phone sends: its address, username, User-Agent and
 * Contact. It only registers: calls are sipp's job. */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

export interface RegisterOptions {
  transport: 'udp' | 'tls';
  host: string;
  port: number;
  /** Source address (UDP only): another "machine" on loopback, e.g. 127.0.0.5. */
  localAddress?: string;
  /** Source port (UDP; default any): a phone refreshing from the same socket. */
  localPort?: number;
  /** The SIP domain (Request-URI, From/To host). */
  domain: string;
  /** Digest username; also the To/From user unless `user` is given. */
  username: string;
  password: string;
  user?: string;
  /** Contact URI (without <>), or '*' (unregister everything); default sip:<user>@<local address>:<local port>. */
  contact?: string;
  expires?: number;
  userAgent?: string;
  /** CA (PEM) to trust for TLS; the server name checked is `servername` (default localhost). */
  ca?: string;
  servername?: string;
  timeoutMs?: number;
}

export interface RegisterResult {
  /** Final status: 200, or the refusal (401 again after our answer to the challenge, 403, ...). */
  status: number;
  reason: string;
  /** Every status code received, in order. */
  codes: number[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function digestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) out[m[1].toLowerCase()] = m[2] ?? m[3];
  return out;
}

interface Response {
  code: number;
  reason: string;
  headers: Map<string, string>;
}

function parseResponse(text: string): Response | null {
  const [head] = text.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const m = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(lines[0]);
  if (!m) return null;
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  return { code: Number(m[1]), reason: m[2], headers };
}

/** A message channel: send text, receive whole SIP messages. */
interface Channel {
  local: { address: string; port: number };
  send(text: string): void;
  onMessage(cb: (text: string) => void): void;
  close(): void;
}

async function openUdp(o: RegisterOptions): Promise<Channel> {
  const sock = createSocket('udp4');
  await new Promise<void>((r, j) => sock.once('error', j).bind({ address: o.localAddress ?? '127.0.0.1', port: o.localPort ?? 0 }, () => r()));
  const a = sock.address();
  return {
    local: { address: a.address, port: a.port },
    send: (t) => sock.send(t, o.port, o.host),
    onMessage: (cb) => sock.on('message', (b) => cb(b.toString('utf8'))),
    close: () => sock.close(),
  };
}

async function openTls(o: RegisterOptions): Promise<Channel> {
  const sock: TLSSocket = await new Promise((r, j) => {
    const s = tlsConnect({ host: o.host, port: o.port, ca: o.ca, servername: o.servername ?? 'localhost' }, () => r(s));
    s.once('error', j);
  });
  let buf = '';
  let cb: (t: string) => void = () => undefined;
  sock.on('data', (d) => {
    buf += d.toString('utf8');
    for (;;) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      const msg = buf.slice(0, end + 4 + len);
      buf = buf.slice(end + 4 + len);
      cb(msg);
    }
  });
  sock.on('error', () => undefined);
  return {
    local: { address: sock.localAddress ?? '127.0.0.1', port: sock.localPort ?? 0 },
    send: (t) => sock.write(t),
    onMessage: (c) => (cb = c),
    close: () => sock.destroy(),
  };
}

/** REGISTER, answer one challenge, and return the final answer. */
export async function registerDevice(o: RegisterOptions): Promise<RegisterResult> {
  const ch = o.transport === 'tls' ? await openTls(o) : await openUdp(o);
  const user = o.user ?? o.username;
  const callId = randomBytes(8).toString('hex');
  const tag = randomBytes(4).toString('hex');
  const contact = o.contact ?? `sip:${user}@${ch.local.address}:${ch.local.port}${o.transport === 'tls' ? ';transport=tls' : ''}`;
  const ruri = `sip:${o.domain}`;
  const codes: number[] = [];
  let cseq = 0;
  let answered = false;
  let timer: NodeJS.Timeout | undefined;

  const request = (authorization?: string) => {
    cseq += 1;
    const lines = [
      `REGISTER ${ruri} SIP/2.0`,
      `Via: SIP/2.0/${o.transport.toUpperCase()} ${ch.local.address}:${ch.local.port};rport;branch=z9hG4bK${randomBytes(6).toString('hex')}`,
      'Max-Forwards: 70',
      `From: <sip:${user}@${o.domain}>;tag=${tag}`,
      `To: <sip:${user}@${o.domain}>`,
      `Call-ID: ${callId}`,
      `CSeq: ${cseq} REGISTER`,
      contact === '*' ? 'Contact: *' : `Contact: <${contact}>`,
      `Expires: ${o.expires ?? 300}`,
      ...(o.userAgent !== undefined ? [`User-Agent: ${o.userAgent}`] : []),
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ];
    const text = lines.join('\r\n');
    const n = cseq;
    ch.send(text);
    if (o.transport === 'udp') {
      // retransmit until this CSeq gets any answer (RFC 3261 timer A, simplified)
      clearInterval(timer);
      timer = setInterval(() => (cseq === n ? ch.send(text) : clearInterval(timer)), 500);
    }
  };

  try {
    return await new Promise<RegisterResult>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`REGISTER ${o.username}: no final answer in ${o.timeoutMs ?? 5000} ms (codes ${codes})`)), o.timeoutMs ?? 5000);
      ch.onMessage((text) => {
        const res = parseResponse(text);
        if (!res || res.headers.get('call-id') !== callId) return;
        if (Number(/^(\d+)/.exec(res.headers.get('cseq') ?? '')?.[1]) !== cseq) return;
        if (res.code < 200) return;
        clearInterval(timer);
        codes.push(res.code);
        const challenge = res.headers.get('www-authenticate');
        if (res.code === 401 && challenge && !answered) {
          answered = true;
          const p = digestParams(challenge);
          const nc = '00000001';
          const cnonce = randomBytes(8).toString('hex');
          const ha1 = md5(`${o.username}:${p.realm}:${o.password}`);
          const ha2 = md5(`REGISTER:${ruri}`);
          const response = p.qop ? md5(`${ha1}:${p.nonce}:${nc}:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
          const qop = p.qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : '';
          request(`Digest username="${o.username}", realm="${p.realm}", nonce="${p.nonce}", uri="${ruri}", response="${response}", algorithm=MD5${qop}`);
          return;
        }
        clearTimeout(deadline);
        resolve({ status: res.code, reason: res.reason, codes });
      });
      request();
    });
  } finally {
    clearInterval(timer);
    ch.close();
  }
}
