import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CrmHttpSink, verdictsOf } from './crm-http-sink';

describe('verdictsOf', () => {
  it('should read per-event results by index when the CRM answers with results', () => {
    const body = JSON.stringify({
      results: [
        { index: 1, callId: 'b', status: 'rejected', reason: 'invalid: type' },
        { index: 0, callId: 'a', status: 'accepted' },
        { index: 2, callId: 'c', status: 'retry', reason: 'deadlock' },
      ],
    });
    expect(verdictsOf(body, 3)).toEqual([
      { status: 'accepted' },
      { status: 'rejected', reason: 'invalid: type' },
      { status: 'retry', reason: 'deadlock' },
    ]);
  });

  it('should retry an event the results leave out and every event when the results are unreadable', () => {
    expect(verdictsOf(JSON.stringify({ results: [{ index: 0, status: 'accepted' }] }), 2)[1]).toMatchObject({ status: 'retry' });
    expect(verdictsOf(JSON.stringify({ results: [{ index: 0, status: 'maybe' }] }), 2)).toEqual([
      expect.objectContaining({ status: 'retry', reason: expect.stringContaining('malformed') }),
      expect.objectContaining({ status: 'retry' }),
    ]);
  });

  it('should take the old answer’s rejected list as rejected and the rest as accepted', () => {
    const body = JSON.stringify({ applied: 1, rejected: [{ index: 1, callId: null, message: 'type: Invalid input' }] });
    expect(verdictsOf(body, 2)).toEqual([{ status: 'accepted' }, { status: 'rejected', reason: 'invalid: type: Invalid input' }]);
  });

  it('should accept every event when a 2xx says nothing per event', () => {
    expect(verdictsOf('', 2)).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
    expect(verdictsOf('{"applied":2}', 2)).toEqual([{ status: 'accepted' }, { status: 'accepted' }]);
  });
});

describe('CrmHttpSink', () => {
  let server: Server;
  let status = 200;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end('{"message":"x"}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it.each([
    [500, { kind: 'retry', server: true }],
    [503, { kind: 'retry', server: false }],
    [429, { kind: 'retry', server: false }],
    [400, { kind: 'rejected', status: 400 }],
    [413, { kind: 'rejected', status: 413 }],
    [404, { kind: 'retry', server: false }],
    [401, { kind: 'retry', server: false }],
  ])('should classify HTTP %i as %o', async (code, expected) => {
    status = code;
    expect(await new CrmHttpSink(url, 'token-123456').deliver([{}])).toMatchObject(expected);
  });

  it('should say retry, not server, when the CRM cannot be reached', async () => {
    expect(await new CrmHttpSink('http://127.0.0.1:1', 'token-123456').deliver([{}])).toMatchObject({ kind: 'retry', server: false });
  });
});
