/* A hostile SIP corpus in the spirit of PROTOS c07-sip: one valid message at a time, with one field
 * mutated (lengths, repeats, broken syntax, control and non-UTF-8 bytes, missing parts, fragments).
 * Generated, not stored: ABUSE_CORPUS_DIR=<dir> on a run of sip-abuse.spec.ts writes each case to
 * <dir>/<id>.sip for a look with a hex viewer. Nothing here depends on Kamailio; the spec sends it. */
import { createHash } from 'node:crypto';

export type Transport = 'udp' | 'tcp';

export interface CorpusCase {
  /** Stable, file-name safe: "<group>-<nn>-<what>". */
  id: string;
  group: string;
  bytes: Buffer;
  /** UDP can carry at most ~64 KB; bigger cases go over TCP only. */
  transports: Transport[];
}

export interface CorpusTarget {
  /** Kamailio's SIP address as seen in Request-URIs ("127.0.0.1:5060"). */
  server: string;
  /** The sender's address (Via, Contact). */
  local: string;
  salesNumber: string;
  domain: string;
  extension: string;
}

const CRLF = '\r\n';
const UDP_MAX = 60_000;

let counter = 0;
const unique = (seed: string) => createHash('sha1').update(`${seed}:${++counter}:${process.pid}`).digest('hex').slice(0, 16);

const sdp = (ip: string) =>
  ['v=0', `o=abuse 1 1 IN IP4 ${ip}`, 's=-', `c=IN IP4 ${ip}`, 't=0 0', 'm=audio 40000 RTP/AVP 0 8', 'a=rtpmap:0 PCMU/8000', ''].join(CRLF);

interface Parts {
  requestLine: string;
  headers: string[];
  body: Buffer;
  /** Content-Length is added from the body unless a header names it already. */
  autoLength: boolean;
}

/** A well-formed request: INVITE to the sales number, INVITE to an extension, REGISTER or OPTIONS. */
function base(t: CorpusTarget, method: 'INVITE' | 'INVITE-EXT' | 'REGISTER' | 'OPTIONS' | 'BYE'): Parts {
  const id = unique(method);
  const m = method === 'INVITE-EXT' ? 'INVITE' : method;
  const ruri =
    method === 'INVITE'
      ? `sip:${t.salesNumber}@${t.server}`
      : method === 'INVITE-EXT'
        ? `sip:${t.extension}@${t.domain}`
        : method === 'REGISTER'
          ? `sip:${t.domain}`
          : `sip:${t.server}`;
  const headers = [
    `Via: SIP/2.0/UDP ${t.local};branch=z9hG4bK${id};rport`,
    `From: "Abuse" <sip:+36209990000@${t.local}>;tag=${id.slice(0, 8)}`,
    method === 'REGISTER' ? `To: <sip:${t.extension}@${t.domain}>` : `To: <${ruri}>${method === 'BYE' ? ';tag=deadbeef' : ''}`,
    `Call-ID: ${id}@abuse`,
    `CSeq: 1 ${m}`,
    `Contact: <sip:abuse@${t.local}>`,
    'Max-Forwards: 70',
  ];
  const withBody = m === 'INVITE';
  if (withBody) headers.push('Content-Type: application/sdp');
  return { requestLine: `${m} ${ruri} SIP/2.0`, headers, body: Buffer.from(withBody ? sdp(t.local.split(':')[0]) : ''), autoLength: true };
}

function render(p: Parts): Buffer {
  const hasLength = p.headers.some((h) => /^(content-length|l)\s*:/i.test(h));
  const headers = p.autoLength && !hasLength ? [...p.headers, `Content-Length: ${p.body.length}`] : p.headers;
  return Buffer.concat([Buffer.from(p.requestLine + CRLF + headers.join(CRLF) + CRLF + CRLF, 'latin1'), p.body]);
}

/** Replaces the header whose name matches (or appends it). Values are latin1: one char = one byte. */
function setHeader(p: Parts, name: string, value: string | null): Parts {
  const re = new RegExp(`^${name}\\s*:`, 'i');
  const headers = p.headers.filter((h) => !re.test(h));
  if (value !== null) headers.splice(Math.min(1, headers.length), 0, `${name}: ${value}`);
  return { ...p, headers };
}

const bytes = (...codes: number[]) => String.fromCharCode(...codes);
/** Non-UTF-8 sequences: lone continuation, overlong "/", surrogate half, 0xFF. */
const NON_UTF8 = [bytes(0x80), bytes(0xc0, 0xaf), bytes(0xed, 0xa0, 0x80), bytes(0xff, 0xfe), bytes(0xe2, 0x82)];

/** Invalid, hostile and huge SDP bodies as [name, latin1 text]: for the corpus and for rtpengine. */
export function hostileSdps(): Array<[string, string]> {
  const head = 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n';
  return [
    ['empty', ''],
    ['garbage', 'this is not sdp at all'],
    ['no m-line', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\n'],
    ['broken c-line', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 \r\nt=0 0\r\nm=audio 99999999 RTP/AVP 0\r\n'],
    ['bad port', 'v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio -1 RTP/AVP 0\r\n'],
    ['ipv6 junk', 'v=0\r\no=- 1 1 IN IP6 ::::::\r\ns=-\r\nc=IN IP6 :::::\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n'],
    ['nul bytes', `v=0\r\no=-\u0000 1 1 IN IP4 1.2.3.4\r\ns=\u0000\r\n`],
    ['non utf8', `v=0\r\ns=${NON_UTF8.join('')}\r\n`],
    ['bare lf', 'v=0\nc=IN IP4 1.2.3.4\nm=audio 4000 RTP/AVP 0\n'],
    ['1000 rtpmaps', 'v=0\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n' + Array.from({ length: 1000 }, (_, i) => `a=rtpmap:${i} X/8000`).join('\r\n') + '\r\n'],
    ['200 m-lines', head + Array.from({ length: 200 }, (_, i) => `m=audio ${20000 + 2 * i} RTP/AVP 0\r\n`).join('')],
    ['ice and dtls junk', head + 'm=audio 4000 UDP/TLS/RTP/SAVPF 111\r\na=ice-ufrag:\r\na=ice-pwd:' + 'p'.repeat(3000) + '\r\na=fingerprint:sha-256 ZZ:ZZ\r\na=setup:sideways\r\na=candidate:1 1 UDP -5 999.1.1.1 99999 typ host\r\na=candidate:' + 'x'.repeat(2000) + '\r\n'],
    ['crypto junk', head + 'm=audio 4000 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:!!!!\r\na=crypto:99999999999 X inline:\r\n'],
    ['rtcp and mux junk', head + 'm=audio 4000 RTP/AVP 0\r\na=rtcp:0 IN IP4 0.0.0.0\r\na=rtcp-mux\r\na=rtcp:99999\r\na=ssrc:-1 cname:\r\n'],
    ['multicast and zero address', 'v=0\r\no=- 1 1 IN IP4 224.0.0.1\r\ns=-\r\nc=IN IP4 224.0.0.1/255/99\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n'],
    ['huge bandwidth and version', 'v=99\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nb=AS:99999999999999999999\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=audio 4000 RTP/AVP ' + Array.from({ length: 500 }, (_, i) => i % 128).join(' ') + '\r\n'],
  ];
}

export function buildCorpus(t: CorpusTarget): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const groupCounts = new Map<string, number>();
  const add = (group: string, what: string, data: Parts | Buffer | string) => {
    const n = (groupCounts.get(group) ?? 0) + 1;
    groupCounts.set(group, n);
    const buf = Buffer.isBuffer(data) ? data : typeof data === 'string' ? Buffer.from(data, 'latin1') : render(data);
    cases.push({
      id: `${group}-${String(n).padStart(2, '0')}-${what.replace(/[^a-z0-9]+/gi, '_').slice(0, 40)}`,
      group,
      bytes: buf,
      transports: buf.length > UDP_MAX ? ['tcp'] : ['udp', 'tcp'],
    });
  };
  const big = (n: number, ch = 'a') => ch.repeat(n);

  // 1. Content-Length: short, long, negative, huge, not a number, twice, compact form
  for (const [what, v] of [
    ['short', '10'],
    ['long', '5000'],
    ['zero with body', '0'],
    ['negative', '-1'],
    ['huge', '4294967296'],
    ['huge2', '99999999999999999999'],
    ['not a number', 'abc'],
    ['empty', ''],
    ['with spaces', ' 1 0 '],
  ] as const) {
    add('content-length', what, setHeader(base(t, 'INVITE'), 'Content-Length', v));
    add('content-length', `options ${what}`, setHeader(base(t, 'OPTIONS'), 'Content-Length', v));
  }
  {
    const p = base(t, 'INVITE');
    add('content-length', 'twice', { ...p, headers: [...p.headers, 'Content-Length: 10', `Content-Length: ${p.body.length}`], autoLength: false });
    add('content-length', 'compact and long form', { ...p, headers: [...p.headers, `l: ${p.body.length}`, 'Content-Length: 3'], autoLength: false });
    add('content-length', 'missing', { ...p, autoLength: false });
  }

  // 2. Oversized headers (8 KB, 60 KB, and 200 KB over TCP) and huge Request-Lines
  for (const size of [8 * 1024, 50 * 1024, 200 * 1024]) {
    const tag = `${size >> 10}k`;
    add('oversized', `from display ${tag}`, setHeader(base(t, 'INVITE'), 'From', `"${big(size)}" <sip:+3620@${t.local}>;tag=1`));
    add('oversized', `call-id ${tag}`, setHeader(base(t, 'OPTIONS'), 'Call-ID', big(size, 'c')));
    add('oversized', `via ${tag}`, setHeader(base(t, 'OPTIONS'), 'Via', `SIP/2.0/UDP ${t.local};branch=z9hG4bK${big(size, 'b')}`));
    add('oversized', `unknown header ${tag}`, setHeader(base(t, 'REGISTER'), 'X-Junk', big(size, 'j')));
    add('oversized', `request-uri ${tag}`, { ...base(t, 'INVITE'), requestLine: `INVITE sip:${big(size, '1')}@${t.server} SIP/2.0` });
    add('oversized', `method ${tag}`, { ...base(t, 'OPTIONS'), requestLine: `${big(size, 'M')} sip:${t.server} SIP/2.0` });
    add('oversized', `cseq ${tag}`, setHeader(base(t, 'OPTIONS'), 'CSeq', `${big(size, '9')} OPTIONS`));
    add('oversized', `contact ${tag}`, setHeader(base(t, 'REGISTER'), 'Contact', `<sip:${big(size, 'u')}@${t.local}>`));
  }
  {
    const p = base(t, 'INVITE');
    const body = Buffer.from(sdp('127.0.0.2') + Array.from({ length: 1500 }, (_, i) => `m=audio ${10000 + i} RTP/AVP 0`).join(CRLF) + CRLF);
    add('oversized', 'sdp 1500 m-lines', { ...p, body });
    add('oversized', 'sdp 200k', { ...p, body: Buffer.from(sdp('127.0.0.2') + `a=x:${big(200 * 1024)}${CRLF}`) });
  }

  // 3. Repeated headers
  for (const [name, value, n] of [
    ['Via', `SIP/2.0/UDP ${t.local};branch=z9hG4bKrep`, 400],
    ['Contact', `<sip:rep@${t.local}>`, 500],
    ['From', `<sip:rep@${t.local}>;tag=r`, 50],
    ['To', `<sip:${t.salesNumber}@${t.server}>`, 50],
    ['Call-ID', 'rep@abuse', 50],
    ['CSeq', '1 INVITE', 50],
    ['Max-Forwards', '70', 100],
    ['Record-Route', `<sip:${t.local};lr>`, 300],
    ['Route', `<sip:${t.server};lr>`, 300],
    ['Proxy-Authorization', 'Digest username="1:1001", realm="x", nonce="n", uri="sip:x", response="0"', 100],
  ] as const) {
    const p = base(t, 'INVITE');
    add('repeated', `${name} x${n}`, { ...p, headers: [...p.headers, ...Array.from({ length: n }, () => `${name}: ${value}`)] });
  }

  // 4. Broken Request-URIs and request lines
  for (const ruri of [
    'sip:',
    'sip:@',
    `sip:${t.salesNumber}@`,
    'sip:[::1',
    `sip:${t.salesNumber}@127.0.0.1:99999`,
    `sip:${t.salesNumber}@127.0.0.1:-5`,
    `sip:${t.salesNumber}@${t.server};;;;;=;=`,
    `<sip:${t.salesNumber}@${t.server}>`,
    `sip:%00%0d%0a@${t.server}`,
    `sip:${t.salesNumber}%00@${t.server}`,
    `tel:${t.salesNumber}`,
    'http://example.com/',
    `sips:${t.salesNumber}@${t.server}`,
    `sip:${t.salesNumber}@${t.server}?X-Callboard-Deal=00000000-0000-0000-0000-000000000000`,
    `sip:a b@${t.server}`,
    `sip:${t.salesNumber}@${t.server}:5060:5060`,
    `sip:user:pass:more@${t.server}`,
    `sip:${bytes(0xff, 0xfe)}@${t.server}`,
  ]) {
    add('request-uri', ruri, { ...base(t, 'INVITE'), requestLine: `INVITE ${ruri} SIP/2.0` });
  }
  for (const line of [
    `INVITE sip:${t.salesNumber}@${t.server}`,
    `INVITE sip:${t.salesNumber}@${t.server} SIP/3.0`,
    `INVITE sip:${t.salesNumber}@${t.server} HTTP/1.1`,
    `INVITE  sip:${t.salesNumber}@${t.server}  SIP/2.0`,
    `invite sip:${t.salesNumber}@${t.server} SIP/2.0`,
    `FOO sip:${t.server} SIP/2.0`,
    'INVITE',
    '',
    ` INVITE sip:${t.salesNumber}@${t.server} SIP/2.0`,
    `SIP/2.0 200 OK`,
    `SIP/2.0 999999 ${big(300, 'R')}`,
    `SIP/2.0 -1 Nope`,
  ]) {
    add('request-line', line || 'empty', { ...base(t, 'INVITE'), requestLine: line });
  }

  // 5. Broken From / To / Via / Contact
  const headerCases: Array<[string, string]> = [
    ['From', `<sip:+3620@${t.local}>`],
    ['From', `"unterminated <sip:+3620@${t.local}>;tag=1`],
    ['From', `<sip:+3620@${t.local};tag=1`],
    ['From', `"a" <>;tag=1`],
    ['From', `"a" <not a uri>;tag=1`],
    ['From', `sip:+3620@${t.local};tag=1;tag=2;tag=3`],
    ['From', ''],
    ['To', `<sip:@>`],
    ['To', `"x" <sip:${t.salesNumber}@${t.server};tag=${big(3000, 't')}`],
    ['To', ''],
    ['Via', 'SIP/2.0/UDP'],
    ['Via', `SIP/2.0/XYZ ${t.local};branch=z9hG4bK1`],
    ['Via', `SIP/2.0/UDP ${t.local}`],
    ['Via', `SIP/2.0/UDP 999.999.999.999:5060;branch=z9hG4bK1`],
    ['Via', `SIP/2.0/UDP ${t.local.split(':')[0]}:70000;branch=z9hG4bK1;rport=abc`],
    ['Via', `SIP/2.0/UDP [::1;branch=z9hG4bK1`],
    ['Via', `SIP/1.0/UDP ${t.local};branch=z9hG4bK1`],
    ['Via', `SIP/2.0/UDP ${t.local};branch=z9hG4bK1;received=;maddr=;ttl=999`],
    ['Via', ''],
    ['Contact', '*'],
    ['Contact', '<>'],
    ['Contact', `<sip:${t.local}>;expires=-5;q=9.9`],
    ['Contact', `"${big(3000, 'n')}" <sip:x@${t.local}>`],
    ['Max-Forwards', '0'],
    ['Max-Forwards', '-1'],
    ['Max-Forwards', '4294967297'],
    ['Max-Forwards', 'abc'],
    ['Expires', '-1'],
    ['Expires', '99999999999'],
  ];
  for (const [name, value] of headerCases) {
    add('headers', `${name} ${value.slice(0, 30) || 'empty'}`, setHeader(base(t, 'INVITE'), name, value));
    if (name === 'Contact' || name === 'Expires') add('headers', `register ${name} ${value.slice(0, 30)}`, setHeader(base(t, 'REGISTER'), name, value));
  }

  // 6. Invalid and huge SDP, wrong Content-Type, broken multipart
  for (const [what, body] of hostileSdps()) {
    add('sdp', what, { ...base(t, 'INVITE-EXT'), body: Buffer.from(body, 'latin1') });
    add('sdp', `sales ${what}`, { ...base(t, 'INVITE'), body: Buffer.from(body, 'latin1') });
  }
  add('sdp', 'content-type mismatch', setHeader(base(t, 'INVITE'), 'Content-Type', 'application/json'));
  add(
    'sdp',
    'multipart without boundary',
    setHeader(base(t, 'INVITE'), 'Content-Type', 'multipart/mixed; boundary='),
  );
  add('sdp', 'multipart broken', {
    ...setHeader(base(t, 'INVITE'), 'Content-Type', 'multipart/mixed;boundary=XX'),
    body: Buffer.from('--XX\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--X'),
  });

  // 7. CR, LF and NUL inside display names and header values (folding, bare CR/LF, NUL)
  for (const [what, name] of [
    ['folded crlf', `Evil\r\n Name`],
    ['bare lf', `Evil\nX-Injected: 1`],
    ['bare cr', `Evil\rX-Injected: 1`],
    ['nul', `Evil\u0000Name`],
    ['escaped crlf', `Evil\\\r\\\nName`],
    ['ansi escape', `Evil\u001b[31mRed\u001b[0m`],
    ['backslash end', `Evil\\`],
  ] as const) {
    add('control', `display ${what}`, setHeader(base(t, 'INVITE'), 'From', `"${name}" <sip:+3620@${t.local}>;tag=c1`));
    add('control', `register display ${what}`, setHeader(base(t, 'REGISTER'), 'To', `"${name}" <sip:${t.extension}@${t.domain}>`));
  }
  for (const [name, value] of [
    ['Call-ID', 'abc\r\n def@abuse'],
    ['Call-ID', 'abc\u0000def@abuse'],
    ['Call-ID', 'abc\r\nX-Injected: 1'],
    ['CSeq', '1\r\n INVITE'],
    ['CSeq', '1 INV\u0000ITE'],
    ['User-Agent', 'ua\r\n\r\nINVITE sip:x SIP/2.0'],
    ['Subject', 'line1\r\n\tline2\r\n line3'],
    ['To', `<sip:${t.salesNumber}@${t.server}>;tag=a\u0000b`],
    ['From', `<sip:+3620\u0000@${t.local}>;tag=n`],
    ['From', `<sip:+3620@${t.local}>;tag=a\r\n b`],
  ] as const) {
    add('control', `${name} ${JSON.stringify(value).slice(1, 24)}`, setHeader(base(t, 'INVITE'), name, value));
    add('control', `options ${name} ${JSON.stringify(value).slice(1, 24)}`, setHeader(base(t, 'OPTIONS'), name, value));
  }
  add('control', 'bare lf line endings', render(base(t, 'OPTIONS')).toString('latin1').replace(/\r\n/g, '\n'));
  add('control', 'bare cr line endings', render(base(t, 'OPTIONS')).toString('latin1').replace(/\r\n/g, '\r'));
  add('control', 'nul inside request line', { ...base(t, 'OPTIONS'), requestLine: `OPTIONS sip:${t.server}\u0000 SIP/2.0` });

  // 8. Non-UTF-8 bytes in names, users, Call-ID, values
  NON_UTF8.forEach((junk, i) => {
    add('non-utf8', `display ${i}`, setHeader(base(t, 'INVITE'), 'From', `"A${junk}B" <sip:+3620@${t.local}>;tag=u${i}`));
    add('non-utf8', `user ${i}`, setHeader(base(t, 'INVITE'), 'From', `<sip:+36${junk}20@${t.local}>;tag=u${i}`));
    add('non-utf8', `call-id ${i}`, setHeader(base(t, 'OPTIONS'), 'Call-ID', `x${junk}y@abuse`));
    add('non-utf8', `register user ${i}`, setHeader(base(t, 'REGISTER'), 'To', `<sip:${t.extension}${junk}@${t.domain}>`));
    add('non-utf8', `auth user ${i}`, setHeader(base(t, 'REGISTER'), 'Authorization', `Digest username="1:${t.extension}${junk}", realm="${t.domain}", nonce="n", uri="sip:${t.domain}", response="00"`));
  });

  // 9. Missing mandatory headers
  for (const name of ['Via', 'From', 'To', 'Call-ID', 'CSeq', 'Max-Forwards', 'Contact']) {
    add('missing', name, setHeader(base(t, 'INVITE'), name, null));
    add('missing', `register ${name}`, setHeader(base(t, 'REGISTER'), name, null));
  }
  add('missing', 'every header', { ...base(t, 'INVITE'), headers: [] });

  // 10. Bad CSeq
  for (const v of ['abc INVITE', '-1 INVITE', '4294967296 INVITE', '99999999999999999999 INVITE', '1 BYE', '1', '', '1 INVITE extra', '1.5 INVITE', '0x10 INVITE']) {
    add('cseq', v || 'empty', setHeader(base(t, 'INVITE'), 'CSeq', v));
  }

  // 11. Extremely long lines (one 60 KB header line, a 500 KB message over TCP)
  add('long-line', 'one 60k header', setHeader(base(t, 'OPTIONS'), 'X-Long', big(59 * 1024, 'L')));
  add('long-line', 'one 500k header', setHeader(base(t, 'OPTIONS'), 'X-Long', big(500 * 1024, 'L')));
  add('long-line', '2000 short headers', { ...base(t, 'OPTIONS'), headers: [...base(t, 'OPTIONS').headers, ...Array.from({ length: 2000 }, (_, i) => `X-H${i}: v`)] });

  // 12. Fragments: truncated messages, bare keepalives, random and zero bytes
  const whole = render(base(t, 'INVITE'));
  for (const cut of [1, 7, 30, 80, 150, 250, whole.length - 40, whole.length - 1]) add('fragment', `cut at ${cut}`, whole.subarray(0, cut));
  add('fragment', 'crlf keepalive', '\r\n\r\n');
  add('fragment', 'single crlf', '\r\n');
  add('fragment', 'zeros 1k', Buffer.alloc(1024));
  add('fragment', 'zeros 60k', Buffer.alloc(UDP_MAX));
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
  for (const n of [1, 16, 512, 4096]) add('fragment', `random ${n}`, Buffer.from(Array.from({ length: n }, () => rnd() & 0xff)));
  add('fragment', 'headers only no blank line', `OPTIONS sip:${t.server} SIP/2.0${CRLF}Via: SIP/2.0/UDP ${t.local};branch=z9hG4bKf`);

  return cases;
}

/**
 * INVITEs from the trunk that are valid SIP but carry hostile values in what reaches the CRM:
 * the caller's display name and number. Each has a fresh Call-ID (returned) so the spec can find
 * its events. Display names are latin1 strings: one char is one byte on the wire.
 */
export interface TrunkCase {
  id: string;
  callId: string;
  bytes: Buffer;
  /** The caller's display name as sent (raw bytes as latin1), or null when none. */
  displayName: string | null;
  /** Whether Kamailio must refuse it rather than offer the call (nothing reaches the CRM). */
  refused: boolean;
  /** The status the refusal must carry, when it is ours to choose (the Call-ID check: 400). */
  status?: number;
}

export function buildTrunkCases(t: CorpusTarget): TrunkCase[] {
  const out: TrunkCase[] = [];
  const add = (id: string, from: string, displayName: string | null, opts: { callId?: string; refused?: boolean; status?: number } = {}) => {
    const p = base(t, 'INVITE');
    const callId = opts.callId ?? `${unique(id)}@trunk-abuse`;
    const parts = setHeader(setHeader(p, 'From', from), 'Call-ID', callId);
    out.push({ id, callId, bytes: render(parts), displayName, refused: opts.refused ?? false, status: opts.status });
  };
  const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const fromWith = (name: string, user = '+36201110000') => `"${name}" <sip:${user}@${t.local}>;tag=${unique('t').slice(0, 8)}`;
  add('markup', fromWith('<img src=x onerror=alert(1)> & <b>Boss</b>'), '<img src=x onerror=alert(1)> & <b>Boss</b>');
  // Kamailio's From parser refuses these (400 from sanity): nothing may reach the CRM
  add('folded-crlf', fromWith('Evil\r\n Name'), 'Evil\r\n Name', { refused: true });
  add('nul', fromWith('Evil\u0000Name'), 'Evil\u0000Name', { refused: true });
  add('quote-user', `<sip:"x"@${t.local}>;tag=q1`, null, { refused: true });
  add('tab-escape', fromWith('Evil\tName\u001b[2J'), 'Evil\tName\u001b[2J');
  add('non-utf8', fromWith(`A${NON_UTF8.join('')}B`), `A${NON_UTF8.join('')}B`);
  // 2048 bytes of Kamailio's cap fall inside a 3-byte character
  add('utf8-cut', fromWith(utf8('€'.repeat(1000))), utf8('€'.repeat(1000)));
  add('utf8-ok', fromWith(utf8('Zoë Ørsted – 東京')), utf8('Zoë Ørsted – 東京'));
  add('json-breakers', fromWith(String.raw`a\"},{\"type\":\"ended\\`), String.raw`a\"},{\"type\":\"ended\\`);
  add('non-utf8-user', fromWith('Plain', `+3620${NON_UTF8[3]}111`), 'Plain');
  add('json-user', fromWith('J', '%22%7D%0d%0a'), 'J');
  add('long-call-id', fromWith('Long'), 'Long', { callId: `${'c'.repeat(400)}@trunk-abuse`, refused: true, status: 400 });
  add('call-id-nul', fromWith('Nul'), 'Nul', { callId: `nul\u0000${unique('n')}@trunk-abuse`, refused: true, status: 400 });
  add('call-id-folded', fromWith('Fold'), 'Fold', { callId: `fold\r\n ${unique('f')}@trunk-abuse`, refused: true, status: 400 });
  add('call-id-non-utf8', fromWith('Bytes'), 'Bytes', { callId: `b${NON_UTF8[0]}${unique('b')}@trunk-abuse`, refused: true, status: 400 });
  return out;
}

/** A trunk INVITE to the sales number carrying `sdp` (latin1), with a fresh Call-ID. */
export function trunkInviteWithSdp(t: CorpusTarget, sdpBody: string): { callId: string; bytes: Buffer } {
  const callId = `${unique('sdp')}@trunk-sdp`;
  const p = setHeader(base(t, 'INVITE'), 'Call-ID', callId);
  return { callId, bytes: render({ ...p, body: Buffer.from(sdpBody, 'latin1') }) };
}
