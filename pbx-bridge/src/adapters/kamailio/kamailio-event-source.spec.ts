import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import { KamailioEventSource } from './kamailio-event-source';
import type { KamailioRpcClient } from './kamailio-rpc.client';
import { encodeNetstring, NetstringDecoder } from './netstring';

// The sweep of open calls: an evapi peer on loopback speaks Kamailio's side (hello, events); the
// dialog list (JSON-RPC) is a stub the test sets.

describe('KamailioEventSource sweep', () => {
  let server: Server;
  let port: number;
  let peer: Socket | null;
  let dataDir: string;
  let source: KamailioEventSource;
  let dialogs: Set<string> | Error;
  let received: CallEvent[];
  let waiters: Array<() => void>;

  const rpc = { activeCallIds: async () => (dialogs instanceof Error ? Promise.reject(dialogs) : dialogs) } as unknown as KamailioRpcClient;

  function nextBatch(): Promise<void> {
    return new Promise((resolve) => waiters.push(resolve));
  }

  beforeEach(async () => {
    received = [];
    waiters = [];
    dialogs = new Set();
    peer = null;
    dataDir = mkdtempSync(join(tmpdir(), 'cb-evsrc-'));
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
    port = (server.address() as { port: number }).port;
    source = new KamailioEventSource({ host: '127.0.0.1', port, pbxName: 'k', dataDir, rpc, sweepMs: 0, sweepGraceMs: 0 });
    await source.start(async (events) => {
      received.push(...events);
      waiters.splice(0).forEach((w) => w());
    });
  });

  afterEach(async () => {
    await source.stop();
    peer?.destroy();
    await new Promise((r) => server.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function offer(callId: string, seq: number): Promise<void> {
    while (!peer) await new Promise((r) => setImmediate(r));
    const got = nextBatch();
    peer.write(encodeNetstring(JSON.stringify({ boot: 'b1', seq, type: 'offered', callId, direction: 'inbound', from: '+3620111', to: '+3612345678' })));
    await got;
  }

  it('should end an open call whose dialog Kamailio no longer has, once', async () => {
    await offer('lost-end@x', 1);
    await offer('alive@x', 2);
    dialogs = new Set(['alive@x']);
    await source.sweep();
    const ended = received.filter((e) => e.type === 'ended');
    expect(ended).toEqual([expect.objectContaining({ type: 'ended', callId: 'lost-end@x', hangupBy: 'system' })]);
    await source.sweep();
    expect(received.filter((e) => e.type === 'ended')).toHaveLength(1);
  });

  it('should close nothing when the dialog list cannot be read', async () => {
    await offer('maybe@x', 1);
    dialogs = new Error('rpc timeout');
    await source.sweep();
    expect(received.filter((e) => e.type === 'ended')).toEqual([]);
    dialogs = new Set();
    await source.sweep();
    expect(received.filter((e) => e.type === 'ended').map((e) => e.callId)).toEqual(['maybe@x']);
  });

  it('should leave a call alone while it is younger than the grace', async () => {
    await source.stop();
    source = new KamailioEventSource({ host: '127.0.0.1', port, pbxName: 'k', dataDir, rpc, sweepMs: 0, sweepGraceMs: 60_000 });
    peer = null;
    await source.start(async (events) => {
      received.push(...events);
      waiters.splice(0).forEach((w) => w());
    });
    await offer('fresh@x', 3);
    await source.sweep();
    expect(received.filter((e) => e.type === 'ended')).toEqual([]);
  });
});
