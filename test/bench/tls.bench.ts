// Issue 11's TLS figure: GET /api/board over https vs plain http, in one run, on one backend that
// serves both on its port (https with a certificate made by scripts/lib/certs.mjs; plain http
// from loopback). Requests alternate between the two so load drift hits both alike.
// Run with `npm run bench -- test/bench/tls.bench.ts` (BENCH_DEALS sizes the board).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api } from '../support/api';
import { startBackend, type StartedBackend } from '../support/backend';
import { makeCertificates } from '../support/tls-certificates';
import { envInt } from './support/env';
import { seedDeals } from './support/seed';
import { summarize, table, type Row } from './support/stats';

const CONFIG = {
  deals: envInt('BENCH_DEALS', 50_000),
  requests: envInt('BENCH_BOARD_REQUESTS', 200),
};
const PAGE = 50;

let backend: StartedBackend;
let token: string;
let ca: Buffer;
const dir = mkdtempSync(join(tmpdir(), 'cb-tls-bench-'));
const rows: Row[] = [];
const startedAt = new Date();
const loadBefore = loadavg();

beforeAll(async () => {
  const certs = makeCertificates(dir, ['localhost'], ['127.0.0.1']);
  ca = readFileSync(certs.caFile);
  backend = await startBackend({ seed: 'users', env: { LOG_LEVEL: 'warn', TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile } });
  const anon = new Api(backend.url);
  const head = await anon.login('head@example.com', 'callboard');
  token = head.token;
  const alice = await anon.login('alice@example.com', 'callboard');
  const [pipeline] = (await head.api.get('/api/pipelines')).body;
  await seedDeals(backend.databaseUrl, {
    deals: CONFIG.deals,
    pipelineId: pipeline.id,
    stageIds: pipeline.stages.map((s: { id: string }) => s.id),
    sellerIds: [alice.user.id],
  });
}, 600_000);

afterAll(async () => {
  process.stdout.write(
    [
      '',
      `TLS benchmark, ${startedAt.toISOString()}: GET /api/board?limit=${PAGE} as the Head, ${CONFIG.deals} deals, ` +
        `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`,
      `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
      '',
      table(rows),
      '',
    ].join('\n') + '\n',
  );
  await backend?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

type Client = (path: string) => Promise<number>;

/** One GET with node's own client; resolves with the status once the whole body is read. */
function client(secure: boolean, keepAlive: boolean): Client {
  const agent = secure ? new HttpsAgent({ keepAlive, maxSockets: 1, ca }) : new HttpAgent({ keepAlive, maxSockets: 1 });
  const base = secure ? `https://localhost:${backend.port}` : `http://127.0.0.1:${backend.port}`;
  return (path) =>
    new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(`${base}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
}

it('should measure GET /api/board over https and over http in one run', async () => {
  const clients: [string, Client][] = [
    ['http, keep-alive', client(false, true)],
    ['https, keep-alive (a browser tab)', client(true, true)],
    ['http, new connection each', client(false, false)],
    ['https, new connection each (handshake included)', client(true, false)],
  ];
  const samples = new Map<string, number[]>(clients.map(([label]) => [label, []]));
  const path = `/api/board?limit=${PAGE}`;
  for (let i = 0; i < 20; i++) for (const [, get] of clients) await get(path); // warm-up
  for (let i = 0; i < CONFIG.requests; i++) {
    for (const [label, get] of clients) {
      const t0 = performance.now();
      expect(await get(path)).toBe(200);
      samples.get(label)!.push(performance.now() - t0);
    }
  }
  for (const [label] of clients) rows.push({ measure: `GET /api/board, ${label}`, ...summarize(samples.get(label)!) });
});
