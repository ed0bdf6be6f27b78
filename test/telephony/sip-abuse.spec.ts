/* Issue 12 item 9 (ADR 0018): malformed and hostile SIP never crashes Kamailio or the bridge, never
 * breaks a log line or the JSON sent to the CRM, and calls placed during and after keep completing.
 * The corpus (corpus/sip-corpus.ts, PROTOS c07-sip style) goes raw over UDP, TCP, TLS, WS and WSS
 * from 127.0.0.2, which is not a trunk address; then trunk INVITEs with hostile caller values,
 * floods from one socket and forged replies. Hostile SDP through rtpengine, the per-address limit
 * and idle TCP connections are in sip-abuse-resources.spec.ts. The well-formed hostile cases (a forged display name on a
 * legitimate call, an 8 KB header, wrong credentials, INVITEs from non-trunk addresses) are in
 * security-and-hostile-input.spec.ts; the same corpus against the real backend in
 * sip-abuse-full-path.spec.ts. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallEvent } from '@callboard/contracts';
import { figure, isLogLine, NON_TRUNK, PROBE, trunkCallAnswered } from './corpus/abuse-support';
import { buildCorpus, buildTrunkCases, type CorpusCase } from './corpus/sip-corpus';
import { UdpPeer, optionsRequest, probeOptions, sendStream, sendUdp, sendWebSocket } from './corpus/raw-sip';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { makeTestCertificates } from '../support/sip/test-certs';
import { waitFor } from '../support/sip/wait';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

async function inPool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

describe('SIP abuse: a PROTOS-style corpus and floods against the real Kamailio and bridge', () => {
  const stack = new TelephonyStack(200);
  let logFile: string;
  let logStart = 0;

  const kamailioPid = () => Number(readFileSync(join(stack.kamailio.runDir, 'kamailio.pid'), 'utf8').trim());
  const target = () => ({ host: '127.0.0.1', port: stack.port(0), from: NON_TRUNK });

  /** Kamailio's main process is alive (a crashed child takes it down) and answers OPTIONS and RPC. */
  async function expectKamailioAlive(): Promise<void> {
    expect(() => process.kill(kamailioPid(), 0)).not.toThrow();
    expect(await probeOptions({ ...target(), from: PROBE })).toBe(200);
    await expect(stack.kamailio.rpc('core.uptime')).resolves.toBeTruthy();
  }

  /** A trunk call answered by extension 1001's agent; resolves once the CRM has all its events. */
  async function normalCall(label: string): Promise<void> {
    const agent = await stack.agent('1001', { answerAfterMs: 20 });
    const call = await trunkCallAnswered(stack, agent, `Normal ${label}`, '+36209876543');
    expect(stack.crm.uniqueFor(call.callId).map((e) => e.type)).toEqual(['offered', 'ringing', 'answered', 'ended']);
    await agent.stop();
  }

  /** Kamailio log lines written since `logStart` that are not one whole JSON entry. */
  function brokenKamailioLines(): string[] {
    const lines = readFileSync(logFile).subarray(logStart).toString('utf8').split('\n').filter((l) => l.length > 0);
    expect(lines.length).toBeGreaterThan(0);
    return lines.filter((l) => !isLogLine(l)).map((l) => l.slice(0, 300));
  }

  beforeAll(async () => {
    const certs = await makeTestCertificates();
    await stack.start({ tls: { certFile: certs.certFile, keyFile: certs.keyFile } });
    logFile = join(stack.kamailio.runDir, 'kamailio.log');
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
  });

  it('should stay up and keep completing calls while the corpus arrives over UDP, TCP, TLS, WS and WSS from a non-trunk address', async () => {
    logStart = statSync(logFile).size;
    const corpus = buildCorpus({
      server: stack.sipTarget,
      local: `${NON_TRUNK}:5099`,
      salesNumber: SALES_NUMBER,
      domain: SIP_DOMAIN,
      extension: '1001',
    });
    expect(corpus.length).toBeGreaterThan(200);
    if (process.env.ABUSE_CORPUS_DIR) {
      mkdirSync(process.env.ABUSE_CORPUS_DIR, { recursive: true });
      for (const c of corpus) writeFileSync(join(process.env.ABUSE_CORPUS_DIR, `${c.id}.sip`), c.bytes);
    }
    const sends: Array<[CorpusCase, 'udp' | 'tcp' | 'tls']> = [];
    for (const c of corpus) for (const t of c.transports) sends.push([c, t]);
    // every 8th case over TLS as well, and a few split into many TCP segments
    corpus.filter((_, i) => i % 8 === 0).forEach((c) => sends.push([c, 'tls']));

    // a normal call placed while the corpus is arriving
    const during = normalCall('during the corpus');
    const t0 = Date.now();
    await inPool(sends, 6, async ([c, t]) => {
      if (t === 'udp') await sendUdp(target(), c.bytes);
      else if (t === 'tcp') await sendStream(target(), c.bytes, { chunks: c.group === 'fragment' ? 5 : 1 });
      else await sendStream({ ...target(), port: stack.tlsPort }, c.bytes, { tls: true });
    });
    // a sample as WebSocket messages (WS and WSS, text and binary frames), and HTTP junk at the
    // WebSocket port's upgrade handler
    const sample = corpus.filter((_, i) => i % 10 === 0 && corpus[i].bytes.length < 60_000);
    let upgraded = 0;
    await inPool(sample, 4, async (c) => {
      if (await sendWebSocket(`ws://127.0.0.1:${stack.port(1)}`, NON_TRUNK, c.bytes)) upgraded++;
      if (await sendWebSocket(`wss://127.0.0.1:${stack.port(8)}`, NON_TRUNK, c.bytes, { binary: true })) upgraded++;
    });
    expect(upgraded).toBeGreaterThan(sample.length);
    figure(`corpus: ${corpus.length} cases, ${sends.length} raw sends (UDP/TCP/TLS) + ${sample.length * 2} WebSocket messages in ${Date.now() - t0} ms`);
    const ws = { ...target(), port: stack.port(1) };
    for (const junk of [
      `GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`,
      `GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\nabc`,
      `POST /RPC HTTP/1.1\r\nHost: x\r\nContent-Length: 60\r\n\r\n{"jsonrpc":"2.0","method":"core.kill","id":1}`,
      `\u0000\u0001\u0002 HTTP/9.9\r\n\r\n`,
    ]) {
      const { received } = await sendStream(ws, Buffer.from(junk, 'latin1'));
      // the JSON-RPC interface answers on its own loopback port only
      expect(received).not.toMatch(/"result"/);
    }
    await during;

    await expectKamailioAlive();
    expect(stack.bridge.running).toBe(true);
    await normalCall('after the corpus');

    // nothing the corpus carried split a log line
    expect(brokenKamailioLines().slice(0, 5)).toEqual([]);
  }, 240_000);

  it('should send trunk calls with hostile caller names as clean contract events, and refuse Call-IDs the CRM cannot take', async () => {
    logStart = statSync(logFile).size;
    // nobody registered: each call is offered, then missed (480) at once
    const cases = buildTrunkCases({ server: stack.sipTarget, local: '127.0.0.1:5098', salesNumber: SALES_NUMBER, domain: SIP_DOMAIN, extension: '1001' });
    const trunk = await UdpPeer.open('127.0.0.1');
    try {
      for (const c of cases) {
        await trunk.send(c.bytes, stack.port(0));
      }
      for (const c of cases) {
        if (c.refused) {
          if (c.status) {
            const refusal = await waitFor(
              () => trunk.raw.find((r) => r.includes(c.callId) && r.startsWith(`SIP/2.0 ${c.status} `)),
              `${c.id}: ${c.status}`,
              5000,
            ).catch(() => null);
            expect({ id: c.id, refused: refusal !== null }).toEqual({ id: c.id, refused: true });
          }
          continue;
        }
        await waitFor(() => stack.crm.eventsFor(c.callId).some((e) => e.type === 'missed'), `${c.id}: missed`, 10_000);
        const offered = stack.crm.eventsFor(c.callId).find((e) => e.type === 'offered');
        expect({ id: c.id, type: offered?.type }).toEqual({ id: c.id, type: 'offered' });
        if (offered?.type !== 'offered') continue;
        expect(CallEvent.safeParse(offered).success).toBe(true);
        expect({ id: c.id, from: CONTROL.test(offered.from) }).toEqual({ id: c.id, from: false });
        if (offered.fromName !== null) {
          expect({ id: c.id, name: CONTROL.test(offered.fromName) }).toEqual({ id: c.id, name: false });
          expect(offered.fromName.length).toBeLessThanOrEqual(200);
        }
        if (c.id === 'markup') expect(offered.fromName).toBe('<img src=x onerror=alert(1)> & <b>Boss</b>');
        if (c.id === 'utf8-ok') expect(offered.fromName).toBe('Zoë Ørsted – 東京');
        if (c.id === 'utf8-cut') expect(offered.fromName).toBe('€'.repeat(200));
        if (c.id === 'folded-crlf' || c.id === 'nul' || c.id === 'tab-escape') expect(offered.fromName).toMatch(/^Evil .*Name|^Evil Name/);
        if (c.id === 'non-utf8') expect(offered.fromName).toMatch(/^A\uFFFD+B$/);
        if (c.id === 'non-utf8-user') expect(offered.from).toMatch(/^\+3620\?+111$/);
        if (c.id === 'json-breakers') expect(offered.fromName).toBe('a"},{"type":"ended\\');
      }
      // the refused ones never reached the CRM
      for (const c of cases.filter((x) => x.refused)) {
        const prefix = c.callId.slice(0, 8);
        expect({ id: c.id, events: stack.crm.events.filter((e) => e.callId.startsWith(prefix)).length }).toEqual({ id: c.id, events: 0 });
      }
    } finally {
      trunk.close();
    }
    expect(stack.crm.rejectedBodies).toHaveLength(0);
    for (const e of stack.crm.events) expect(CallEvent.safeParse(e).success).toBe(true);
    // every bridge line is one JSON object, and so is every Kamailio line
    expect(stack.bridge.output.split('\n').filter((l) => l && !isLogLine(l)).slice(0, 5)).toEqual([]);
    expect(brokenKamailioLines().slice(0, 5)).toEqual([]);
    await expectKamailioAlive();
  }, 120_000);

  it('should drop a flood from one non-trunk address, never a trunk flood at the same rate, and keep calls completing', async () => {
    const server = stack.sipTarget;
    const flood = async (from: string, make: (callId: string, via: string) => Buffer, n: number) => {
      const peer = await UdpPeer.open(from);
      const ids: string[] = [];
      try {
        const t0 = Date.now();
        for (let i = 0; i < n; i++) {
          const callId = `${randomBytes(6).toString('hex')}-${i}@flood`;
          ids.push(callId);
          await peer.send(make(callId, `${from}:${peer.port}`), stack.port(0));
          // ~500 requests/s, far over the per-socket limit (30/s), in bursts the kernel's default UDP
          // receive buffer holds (a burst of ~170 datagrams overflows it, dropping trunk traffic too)
          if (i % 5 === 4) await new Promise((r) => setTimeout(r, 10));
        }
        figure(`  sent ${n} from ${from} in ${Date.now() - t0} ms`);
        await peer.settled();
        return peer.answered(ids);
      } finally {
        peer.close();
      }
    };
    const options = (callId: string, via: string) => optionsRequest(server, via, callId);
    const invite = (callId: string, via: string) =>
      Buffer.from(
        optionsRequest(server, via, callId)
          .toString('latin1')
          .replace(`OPTIONS sip:${server}`, `INVITE sip:${SALES_NUMBER}@${server}`)
          .replace('CSeq: 1 OPTIONS', 'CSeq: 1 INVITE')
          .replace(`To: <sip:${server}>`, `To: <sip:${SALES_NUMBER}@${server}>`),
        'latin1',
      );
    const register = (callId: string, via: string) =>
      Buffer.from(
        optionsRequest(server, via, callId)
          .toString('latin1')
          .replace(`OPTIONS sip:${server}`, `REGISTER sip:${SIP_DOMAIN}`)
          .replace('CSeq: 1 OPTIONS', 'CSeq: 1 REGISTER')
          .replace(`To: <sip:${server}>`, `To: <sip:1001@${SIP_DOMAIN}>`),
        'latin1',
      );
    const N = 300;
    // one socket of a non-trunk address: at most LIMIT_PER_SOCKET (60) per 2 s bucket are answered
    for (const [kind, make] of [['OPTIONS', options], ['INVITE', invite], ['REGISTER', register]] as const) {
      const answered = await flood(NON_TRUNK, make, N);
      figure(`flood ${kind} x${N} from one non-trunk socket: ${answered} answered`);
      expect({ kind, dropped: answered <= 180 }).toEqual({ kind, dropped: true });
    }
    // the trunk at the same rate: every request answered (INVITEs: 300 real calls, offered then missed)
    for (const [kind, make] of [['OPTIONS', options], ['INVITE', invite], ['REGISTER', register]] as const) {
      const answered = await flood('127.0.0.1', make, N);
      figure(`flood ${kind} x${N} from the trunk: ${answered} answered`);
      expect({ kind, answered }).toEqual({ kind, answered: N });
    }
    await expectKamailioAlive();
    await normalCall('after the floods');
  }, 180_000);

  it('should not relay replies that match no transaction (no reflection toward an address a sender names)', async () => {
    const victim = await UdpPeer.open('127.0.0.9');
    const attacker = await UdpPeer.open(NON_TRUNK);
    const ids: string[] = [];
    try {
      for (const [status, method] of [['200 OK', 'OPTIONS'], ['180 Ringing', 'INVITE'], ['486 Busy Here', 'INVITE'], ['200 OK', 'INVITE'], ['200 OK', 'BYE']]) {
        for (let i = 0; i < 10; i++) {
          const callId = `reflect-${randomBytes(4).toString('hex')}@x`;
          ids.push(callId);
          const reply = [
            `SIP/2.0 ${status}`,
            `Via: SIP/2.0/UDP ${stack.sipTarget};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
            `Via: SIP/2.0/UDP 127.0.0.9:${victim.port};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
            `From: <sip:a@127.0.0.9>;tag=1`,
            `To: <sip:b@127.0.0.9>;tag=2`,
            `Call-ID: ${callId}`,
            `CSeq: 1 ${method}`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n');
          await attacker.send(Buffer.from(reply), stack.port(0));
        }
      }
      // nothing to wait for when the point is that nothing comes: a marker request after them is
      // answered first (one UDP socket, processed in order by few workers), then a short quiet time
      expect(await probeOptions({ ...target(), from: PROBE }, 10_000)).toBe(200);
      await victim.settled(500, 2000);
      expect(victim.raw.map((r) => r.split('\r\n')[0])).toEqual([]);
    } finally {
      victim.close();
      attacker.close();
    }
  });
});
