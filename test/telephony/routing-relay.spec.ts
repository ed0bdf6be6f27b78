// Issue 12 (routing): Kamailio asks whom to ring without holding a SIP worker. The INVITE's
// transaction is suspended, the question goes over evapi to the bridge's routing relay, and the
// answer resumes it (ADR 0017). Without a relay it asks synchronously as before; a relay that
// does not answer in time makes it ring everyone.
import { connect, type Socket } from 'node:net';
import { SALES_NUMBER, TelephonyStack } from '../support/sip/stack';
import { callerRow, runSipp } from '../support/sip/sipp';
import { waitFor } from '../support/sip/wait';

const netstring = (s: string) => `${Buffer.byteLength(s)}:${s},`;

/** A stand-in routing relay on Kamailio's evapi port: says hello, records questions, answers only when told. */
class FakeRelay {
  readonly questions: Array<{ tindex: number; tlabel: number; q: { callId: string; from: string; to: string } }> = [];
  private socket!: Socket;
  private buffer = '';

  async connect(port: number): Promise<this> {
    this.socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((r) => this.socket.once('connect', () => r()));
    this.socket.on('data', (d) => {
      this.buffer += d.toString('utf8');
      for (;;) {
        const colon = this.buffer.indexOf(':');
        if (colon < 0) break;
        const len = Number(this.buffer.slice(0, colon));
        if (this.buffer.length < colon + 2 + len) break;
        const text = this.buffer.slice(colon + 1, colon + 1 + len);
        this.buffer = this.buffer.slice(colon + 2 + len);
        const msg = JSON.parse(text);
        if (msg.type === 'route-request') this.questions.push(msg);
      }
    });
    this.socket.write(netstring(JSON.stringify({ cmd: 'routing-hello' })));
    return this;
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('routing relay: whom to ring without holding a SIP worker', () => {
  const stack = new TelephonyStack();

  beforeAll(async () => {
    // two SIP workers, as the test helper runs Kamailio: a synchronous routing query holds one
    await stack.start({ children: 2 });
  }, 30_000);
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    stack.crm.routing = 'fail500';
    stack.crm.routingDelayMs = 0;
    await stack.resetCrmBreaker();
  });

  it('should ask the CRM through the bridge and ring the reps it names', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1002'], timeoutSec: 20 }] };
    const alice = await stack.agent('1001');
    const bob = await stack.agent('1002', 'decline');
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Relay Caller', '+36201110000')],
    });
    const call = await bob.waitForCall();
    expect((await sipp.done).code).toBe(0);
    expect(alice.calls).toHaveLength(0);
    const i = stack.crm.routingQueries.findIndex((q) => q.get('callId') === call.callId);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(stack.crm.routingQueries[i].get('from')).toBe('+36201110000');
    expect(stack.crm.routingQueries[i].get('to')).toBe(SALES_NUMBER);
    // asked by the bridge's relay, not by Kamailio's http_client in a SIP worker
    expect(stack.crm.routingAgents[i]).not.toBe('Callboard-SIP');
  });

  it('should ask about many calls at once while the CRM is slow (no worker waits for it)', async () => {
    stack.crm.routing = { groups: [] };
    stack.crm.routingDelayMs = 400;
    const calls = 16;
    const started = Date.now();
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: Array.from({ length: calls }, (_, i) => callerRow(`Slow ${i}`, `+3620222${String(i).padStart(4, '0')}`)),
      calls,
      rate: 200,
      extra: ['-l', String(calls)],
      timeoutSec: 30,
    });
    const done = await sipp.done;
    const elapsed = Date.now() - started;
    expect(done.code).toBe(0);
    // with the query in a SIP worker at most 2 (the workers) wait at once and 16 calls take ≥ 3.2 s;
    // the relay asks up to 8 at once
    expect(stack.crm.routingPeak).toBeGreaterThanOrEqual(calls / 2);
    expect(elapsed).toBeLessThan(3000);
  }, 30_000);
});

describe('routing without the relay, and a relay that does not answer', () => {
  const stack = new TelephonyStack({ offset: 100, bridgeEnv: { ROUTING_RELAY: 'off' } });

  beforeAll(async () => {
    await stack.start({ children: 2, routingTimeoutMs: 600 });
  }, 30_000);
  afterAll(async () => {
    await stack.stop();
  });
  afterEach(async () => {
    await stack.stopAgents();
    stack.crm.routing = 'fail500';
    await stack.resetCrmBreaker();
  });

  it('should ask the CRM synchronously when no relay is connected', async () => {
    stack.crm.routing = { groups: [{ extensions: ['1002'], timeoutSec: 20 }] };
    const bob = await stack.agent('1002', 'decline');
    const sipp = runSipp({
      scenario: 'uac-expect-480.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('Sync Caller', '+36203330000')],
    });
    const call = await bob.waitForCall();
    expect((await sipp.done).code).toBe(0);
    const i = stack.crm.routingQueries.findIndex((q) => q.get('callId') === call.callId);
    expect(stack.crm.routingAgents[i]).toBe('Callboard-SIP');
  });

  it('should ring everyone and open the breaker when the relay does not answer in time', async () => {
    // the CRM would ring Bob only; the silent relay means nobody asks it, so everyone rings
    stack.crm.routing = { groups: [{ extensions: ['1002'], timeoutSec: 20 }] };
    const relay = await new FakeRelay().connect(stack.port(2));
    try {
      await waitFor(() => stack.kamailio.rpc('htable.get', ['state', 'router']).then(() => true), 'Kamailio to know the relay');
      const alice = await stack.agent('1001', 'decline');
      const before = stack.crm.routingQueries.length;
      const started = Date.now();
      const sipp = runSipp({
        scenario: 'uac-expect-480.xml',
        target: stack.sipTarget,
        service: SALES_NUMBER,
        ...stack.sippPorts(),
        inject: [callerRow('Silent Relay', '+36204440000')],
      });
      const call = await alice.waitForCall('ring-everyone after the relay timeout', 5000);
      const rangAfter = Date.now() - started;
      expect((await sipp.done).code).toBe(0);
      expect(relay.questions.map((q) => q.q.callId)).toContain(call.callId);
      expect(relay.questions.find((q) => q.q.callId === call.callId)?.q.from).toBe('+36204440000');
      expect(stack.crm.routingQueries.length).toBe(before);
      expect(rangAfter).toBeGreaterThanOrEqual(550);
      const breaker = await stack.kamailio.rpc<{ item?: { value?: unknown } }>('htable.get', ['cb', 'open']);
      expect(breaker).toBeTruthy();
    } finally {
      relay.close();
    }
  });

  it('should report the call missed (caller_cancelled) when the caller gives up while the relay is asked', async () => {
    const relay = await new FakeRelay().connect(stack.port(2));
    try {
      await waitFor(() => stack.kamailio.rpc('htable.get', ['state', 'router']).then(() => true), 'Kamailio to know the relay');
      const alice = await stack.agent('1001', 'decline');
      const sipp = runSipp({
        scenario: 'uac-cancel-early.xml',
        target: stack.sipTarget,
        service: SALES_NUMBER,
        ...stack.sippPorts(),
        inject: [callerRow('Gives Up', '+36205550001')],
        durationMs: 150,
      });
      expect((await sipp.done).code).toBe(0);
      const q = await waitFor(() => relay.questions.find((x) => x.q.from === '+36205550001'), 'the question to the relay');
      const missed = await waitFor(() => stack.crm.eventsFor(q.q.callId).find((e) => e.type === 'missed'), 'missed event');
      expect(missed).toMatchObject({ reason: 'caller_cancelled' });
      expect(stack.crm.uniqueFor(q.q.callId).map((e) => e.type)).toEqual(['offered', 'missed']);
      expect(alice.calls).toHaveLength(0);
      // a caller who gives up says nothing about the CRM: the breaker stays closed
      await expect(stack.kamailio.rpc('htable.get', ['cb', 'open'])).rejects.toThrow();
    } finally {
      relay.close();
    }
  });
});
