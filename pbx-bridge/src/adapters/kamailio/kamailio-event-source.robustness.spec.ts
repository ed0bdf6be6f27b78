import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import { CallEvent as CallEventSchema } from '@callboard/contracts';
import { KamailioEventSource } from './kamailio-event-source';
import type { KamailioRpcClient } from './kamailio-rpc.client';
import { encodeNetstring, NetstringDecoder } from './netstring';

// What arrives over evapi is parsed, never trusted: an evapi peer on loopback plays Kamailio and
// sends garbage between good events. Good events get through in order, bad ones are logged on one
// line each and dropped, and the source keeps going.

describe('KamailioEventSource with hostile evapi input', () => {
  let server: Server;
  let peer: Socket | null;
  let dataDir: string;
  let source: KamailioEventSource;
  let received: CallEvent[];
  let logged: string[];
  let writeSpy: jest.SpyInstance;

  const rpc = { activeCallIds: async () => new Set<string>() } as unknown as KamailioRpcClient;

  beforeEach(async () => {
    received = [];
    logged = [];
    peer = null;
    writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    }) as typeof process.stdout.write);
    dataDir = mkdtempSync(join(tmpdir(), 'cb-evsrc-hostile-'));
    server = createServer((socket) => {
      peer = socket;
      const decoder = new NetstringDecoder();
      socket.on('data', (chunk) => {
        for (const text of decoder.push(chunk)) {
          if (JSON.parse(text).cmd === 'hello') socket.write(encodeNetstring(JSON.stringify({ type: 'hello', boot: 'b1', seq: 0 })));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    source = new KamailioEventSource({ host: '127.0.0.1', port, pbxName: 'k', dataDir, rpc, sweepMs: 0 });
    await source.start(async (events) => {
      received.push(...events);
    });
    while (!peer) await new Promise((r) => setImmediate(r));
  });

  afterEach(async () => {
    await source.stop();
    peer?.destroy();
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
    writeSpy.mockRestore();
  });

  const frame = (payload: string | Buffer) => {
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8');
    return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
  };
  const offered = (seq: number, callId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ boot: 'b1', seq, type: 'offered', callId, direction: 'inbound', from: '+3620111', to: '+3612345678', ...extra });

  it('should deliver the good events and drop the garbage between them when Kamailio sends both', async () => {
    const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');
    const frames = [
      frame(offered(1, 'good-1@x', { fromNameHex: hex('"Evil\r\n\u0000Name\xff"') })),
      frame('not json at all\r\n{"type":"ended"}'),
      frame('null'),
      frame('[1,2,3]'),
      frame('"just a string"'),
      frame(JSON.stringify({ boot: 'b1', seq: 'two', type: 'offered', callId: 'x' })),
      frame(JSON.stringify({ boot: 'b1', seq: 3, type: { nested: true }, callId: 'x' })),
      frame(JSON.stringify({ boot: 'b1', seq: 4, type: 'exploded', callId: 'y@x' })),
      frame(offered(5, 'bad\r\nid@x')),
      frame(offered(6, 'c'.repeat(300))),
      frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      frame(JSON.stringify({ boot: 'b1', seq: 7, type: 'ringing', callId: 'good-1@x', extension: '' })),
      frame('{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}'),
      frame(offered(8, 'good-2@x', { from: 'evil\u2028\u202e+36', fromName: '"' + 'x'.repeat(5000) })),
    ];
    // in pieces, as TCP may deliver them
    const all = Buffer.concat(frames);
    for (let i = 0; i < all.length; i += 97) peer!.write(all.subarray(i, i + 97));
    const deadline = Date.now() + 5000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    expect(received.map((e) => e.callId)).toEqual(['good-1@x', 'good-2@x']);
    for (const e of received) expect(CallEventSchema.safeParse(e).success).toBe(true);
    const [first, second] = received;
    expect(first.type === 'offered' && first.fromName).toBe('Evil Name\uFFFD');
    expect(second.type === 'offered' && second.from).toBe('evil+36');
    expect(second.type === 'offered' && second.fromName?.length).toBe(200);
    // one JSON object per write, each on one line
    const lines = logged.join('').split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.filter((l) => l.includes('dropped')).length).toBeGreaterThanOrEqual(8);
  });

  it('should reconnect and carry on when the stream is not netstrings', async () => {
    peer!.write('garbage without a length prefix, definitely longer than twelve bytes');
    // the source drops the connection and comes back with a new hello
    const before = peer;
    const deadline = Date.now() + 5000;
    while (peer === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(peer).not.toBe(before);
    // (sent before the new hello is answered, it waits for it in the source)
    peer!.write(frame(offered(1, 'after@x')));
    const until = Date.now() + 5000;
    while (received.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(received.map((e) => e.callId)).toEqual(['after@x']);
  });
});
