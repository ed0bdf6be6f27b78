import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CrmHttpRouter } from './crm-http-router';

describe('CrmHttpRouter', () => {
  let server: Server;
  let url: string;
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const seen: { url: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization });
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const question = { callId: 'abc@host', from: '+36 1 234', to: '+3612345678' };

  it('should ask with the service token and the question in the query, and return the decision', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"groups":[{"extensions":["1001"],"timeoutSec":15}]}');
    const router = new CrmHttpRouter(url, 'secret-token', 500);
    await expect(router.route(question)).resolves.toEqual({ kind: 'decided', decision: { groups: [{ extensions: ['1001'], timeoutSec: 15 }] } });
    const q = new URL(seen.at(-1)!.url, 'http://x');
    expect(q.pathname).toBe('/api/internal/routing');
    expect(Object.fromEntries(q.searchParams)).toEqual(question);
    expect(seen.at(-1)!.auth).toBe('Bearer secret-token');
    router.close();
  });

  it.each([
    ['a 500', (res: ServerResponse) => res.writeHead(500).end('{}'), /http 500/],
    ['a body that is not JSON', (res: ServerResponse) => res.writeHead(200).end('OK'), /not JSON/],
    ['JSON that is not a RoutingDecision', (res: ServerResponse) => res.writeHead(200).end('{"groups":[{"extensions":"1001"}]}'), /not a RoutingDecision/],
  ])('should fail with a reason on %s', async (_label, answer, reason) => {
    handler = (_req, res) => answer(res);
    const router = new CrmHttpRouter(url, 'secret-token', 500);
    const outcome = await router.route(question);
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(reason);
    router.close();
  });

  it('should give up after its timeout when the CRM does not answer', async () => {
    handler = () => undefined; // never answers
    const router = new CrmHttpRouter(url, 'secret-token', 150);
    const started = performance.now();
    const outcome = await router.route(question);
    expect(outcome).toEqual({ kind: 'failed', reason: 'no answer within 150 ms' });
    expect(performance.now() - started).toBeLessThan(1000);
    router.close();
  });
});
