/* Issue 12 item 9 on the whole path, nothing stubbed: the abuse corpus and floods from a non-trunk
 * address, and trunk calls with hostile caller values, against Kamailio → the bridge → the REAL
 * backend (fresh database). Calls placed during and after become their deals; every body the
 * bridge posts passes the contract (a recording proxy in front of the backend checks each one);
 * names stored in the CRM carry no control characters. The stub-based sip-abuse.spec.ts covers the
 * same corpus in more detail (log lines, Call-ID refusals, flood limits). */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallEventBatch } from '@callboard/contracts';
import { Api } from '../support/api';
import { queryDatabase, startBackend, type StartedBackend } from '../support/backend';
import { PORT_RANGES } from '../support/sip/ports';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';
import { buildCorpus, buildTrunkCases } from './corpus/sip-corpus';
import { UdpPeer, probeOptions, sendStream, sendUdp } from './corpus/raw-sip';

const NON_TRUNK = '127.0.0.2';
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Forwards everything to the backend; checks every call-event body against the contract on the way. */
class ContractProxy {
  readonly invalid: string[] = [];
  events = 0;
  private server!: Server;

  constructor(private readonly target: string) {}

  async start(): Promise<string> {
    const to = new URL(this.target);
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.method === 'POST' && req.url?.startsWith('/api/internal/call-events')) {
          let parsed: ReturnType<typeof CallEventBatch.safeParse> | null = null;
          try {
            parsed = CallEventBatch.safeParse(JSON.parse(body.toString('utf8')));
          } catch {
            parsed = null;
          }
          if (parsed?.success) this.events += parsed.data.events.length;
          else this.invalid.push(body.toString('utf8').slice(0, 500));
        }
        const upstream = request(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
          (up) => {
            res.writeHead(up.statusCode ?? 502, up.headers);
            up.pipe(res);
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        upstream.end(body);
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

describe('SIP abuse on the full path: corpus, floods and hostile callers → real backend', () => {
  let backend: StartedBackend;
  let proxy: ContractProxy;
  let stack: TelephonyStack;
  let alice: { api: Api; id: string };
  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);
  const callRow = (callId: string) => sql(`SELECT * FROM calls WHERE sip_call_id = $1`, [callId]).then((r) => r[0]);

  beforeAll(async () => {
    backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN } });
    proxy = new ContractProxy(backend.url);
    const proxyUrl = await proxy.start();
    stack = new TelephonyStack({
      firstPort: PORT_RANGES.fullPath,
      offset: 200,
      backendUrl: proxyUrl,
      token: backend.env.PBX_SERVICE_TOKEN,
      secret: backend.env.SIP_SHARED_SECRET,
    });
    await stack.start();
    const l = await new Api(backend.url).login('alice@example.com');
    alice = { api: l.api, id: l.user.id };
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await proxy?.stop();
    await backend?.destroy();
  });

  /** A trunk call Alice's phone answers; resolves with its call row once the CRM has it ended. */
  async function normalCall(caller: string): Promise<any> {
    const creds = await alice.api.get('/api/telephony/credentials');
    expect(creds.status).toBe(200);
    const agent = await stack.agentWithCredentials(creds.body, { answerAfterMs: 50 });
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Normal Caller', caller)],
      durationMs: 200,
    });
    const call = await agent.waitForCall('an incoming call', 20_000);
    expect((await sipp.done).code).toBe(0);
    const row = await waitFor(async () => {
      const r = await callRow(call.callId);
      return r?.ended_at ? r : null;
    }, `${caller}: the call ended in the CRM`, 20_000);
    await stack.stopAgents();
    return row;
  }

  it('should turn calls placed during and after the corpus and floods into their deals, with every event in the contract', async () => {
    const corpus = buildCorpus({ server: stack.sipTarget, local: `${NON_TRUNK}:5099`, salesNumber: SALES_NUMBER, domain: SIP_DOMAIN, extension: '1001' });
    const target = { host: '127.0.0.1', port: stack.port(0), from: NON_TRUNK };
    const during = normalCall('+36201119001');
    let next = 0;
    const sends = corpus.flatMap((c) => c.transports.map((t) => [c, t] as const));
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < sends.length) {
          const [c, t] = sends[next++];
          if (t === 'udp') await sendUdp(target, c.bytes);
          else await sendStream(target, c.bytes);
        }
      }),
    );
    // a flood of OPTIONS from the same non-trunk address
    const flood = await UdpPeer.open(NON_TRUNK);
    for (let i = 0; i < 200; i++) {
      await flood.send(Buffer.from(`OPTIONS sip:${stack.sipTarget} SIP/2.0\r\nVia: SIP/2.0/UDP ${NON_TRUNK}:${flood.port};branch=z9hG4bKf${i}\r\nFrom: <sip:f@${NON_TRUNK}>;tag=f\r\nTo: <sip:${stack.sipTarget}>\r\nCall-ID: flood-${i}@x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`), stack.port(0));
      if (i % 5 === 4) await new Promise((r) => setTimeout(r, 10));
    }
    flood.close();

    const first = await during;
    const second = await normalCall('+36201119002');
    for (const row of [first, second]) {
      expect(row).toMatchObject({ answered_by: alice.id });
      expect(row.deal_id).toBeTruthy();
      const [deal] = await sql(`SELECT * FROM deals WHERE id = $1`, [row.deal_id]);
      expect(deal).toMatchObject({ owner_id: alice.id });
    }
    expect(await probeOptions({ ...target, from: '127.0.0.3' })).toBe(200);
    expect(stack.bridge.running).toBe(true);
    expect(proxy.invalid).toEqual([]);
    expect(proxy.events).toBeGreaterThanOrEqual(8);
  }, 240_000);

  it('should record trunk calls with hostile caller names as clean calls and contacts, and none with a refused Call-ID', async () => {
    // nobody registered now: each call is offered, then missed, and lands in the CRM as a missed call
    const cases = buildTrunkCases({ server: stack.sipTarget, local: '127.0.0.1:5098', salesNumber: SALES_NUMBER, domain: SIP_DOMAIN, extension: '1001' });
    const trunk = await UdpPeer.open('127.0.0.1');
    try {
      for (const c of cases) await trunk.send(c.bytes, stack.port(0));
      for (const c of cases.filter((x) => !x.refused)) {
        const row = await waitFor(async () => {
          const r = await callRow(c.callId);
          return r?.outcome === 'missed' ? r : null;
        }, `${c.id}: a missed call in the CRM`, 20_000);
        expect({ id: c.id, control: CONTROL.test(row.from_name ?? '') || CONTROL.test(row.from_raw ?? '') }).toEqual({ id: c.id, control: false });
        expect(row.deal_id).toBeTruthy();
        if (c.id === 'markup') expect(row.from_name).toBe('<img src=x onerror=alert(1)> & <b>Boss</b>');
      }
    } finally {
      trunk.close();
    }
    const refusedPrefixes = cases.filter((c) => c.refused).map((c) => c.callId.slice(0, 8));
    const rows = await sql<{ sip_call_id: string }>(`SELECT sip_call_id FROM calls`);
    expect(rows.filter((r) => refusedPrefixes.some((p) => r.sip_call_id.startsWith(p)))).toEqual([]);
    const contacts = await sql<{ name: string }>(`SELECT name FROM contacts`);
    for (const c of contacts) expect({ name: c.name, control: CONTROL.test(c.name ?? '') }).toEqual({ name: c.name, control: false });
    expect(proxy.invalid).toEqual([]);
  }, 120_000);
});
