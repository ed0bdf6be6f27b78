/* Issue 12 item 9 (ADR 0018), the resources an abuser goes for: rtpengine's ports (hostile SDP from
 * the trunk through a real rtpengine), the per-address flood counter across many sockets, and
 * Kamailio's connection slots and shared memory (idle TCP connections). The corpus, trunk caller
 * values, per-socket floods and forged replies are in sip-abuse.spec.ts. */
import { randomBytes } from 'node:crypto';
import { connect as connectTcp, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figure, NON_TRUNK, trunkCallAnswered } from './corpus/abuse-support';
import { hostileSdps, trunkInviteWithSdp } from './corpus/sip-corpus';
import { UdpPeer, optionsRequest, probeOptions, sendStream } from './corpus/raw-sip';
import { softphonePorts } from '../support/softphone/media-stack';
import { startTestRtpengine, type TestRtpengine } from '../support/softphone/rtpengine';
import { callerRow, runSipp } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

describe('SIP abuse: hostile SDP from the trunk through rtpengine', () => {
  const stack = new TelephonyStack(200);
  const ports = softphonePorts();
  let rtp: TestRtpengine;

  beforeAll(async () => {
    rtp = await startTestRtpengine({ ngPort: ports.ng, portMin: ports.rtpMin, portMax: ports.rtpMax });
    await stack.start({ rtpengineSocket: rtp.socket });
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
    await rtp?.stop();
  });

  it('should keep rtpengine and Kamailio up and the next call connected after offers of broken SDP', async () => {
    // the phone declines at once: each call is offered (rtpengine sees the SDP), rung, then missed
    const decliner = await stack.agent('1001', 'decline');
    const trunk = await UdpPeer.open('127.0.0.1');
    const target = { server: stack.sipTarget, local: '127.0.0.1:5097', salesNumber: SALES_NUMBER, domain: SIP_DOMAIN, extension: '1001' };
    try {
      for (const [name, body] of hostileSdps()) {
        const { callId, bytes } = trunkInviteWithSdp(target, body);
        await trunk.send(bytes, stack.port(0));
        const final = await waitFor(() => trunk.responses.get(callId)?.find((code) => code >= 300), `${name}: a final answer`, 15_000);
        expect({ name, final: final >= 400 }).toEqual({ name, final: true });
        // too many streams for rtpengine's ports: refused before it is asked
        if (name === '200 m-lines') expect(final).toBe(488);
      }
    } finally {
      trunk.close();
      await decliner.stop();
    }
    await expect(rtp.ng({ command: 'ping' })).resolves.toMatchObject({ result: 'pong' });
    expect(() => process.kill(Number(readFileSync(join(stack.kamailio.runDir, 'kamailio.pid'), 'utf8')), 0)).not.toThrow();
    // a normal call with media still gets through rtpengine
    const agent = await stack.agent('1001', { answerAfterMs: 20 });
    const sipp = runSipp({
      scenario: 'uac-call.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      inject: [callerRow('After SDP', '+36209876500')],
      durationMs: 100,
    });
    const call = await agent.waitForCall('an incoming call', 20_000);
    expect((await sipp.done).code).toBe(0);
    await waitFor(() => stack.crm.eventsFor(call.callId).some((e) => e.type === 'ended'), 'ended', 15_000);
    expect(stack.crm.uniqueFor(call.callId).map((e) => e.type)).toEqual(['offered', 'ringing', 'answered', 'ended']);
  }, 180_000);
});

describe('SIP abuse: the per-address flood limit (many sockets of one address)', () => {
  const stack = new TelephonyStack(200);
  const LIMIT = 100;

  beforeAll(async () => {
    // the production limit is 1,000 per 2 s; a lower one is reached without overflowing the kernel's buffer
    await stack.start({ limitPerIp: LIMIT });
  }, 60_000);
  afterAll(async () => {
    await stack.stop();
  });

  /** 25 sockets of `from`, 12 OPTIONS each (under the per-socket limit), ~500/s; how many were answered. */
  async function spread(from: string): Promise<number> {
    const peers = await Promise.all(Array.from({ length: 25 }, () => UdpPeer.open(from)));
    const ids: string[][] = peers.map(() => []);
    try {
      for (let round = 0; round < 12; round++) {
        for (let p = 0; p < peers.length; p++) {
          const callId = `${randomBytes(6).toString('hex')}@spread`;
          ids[p].push(callId);
          await peers[p].send(optionsRequest(stack.sipTarget, `${from}:${peers[p].port}`, callId), stack.port(0));
          if (p % 5 === 4) await new Promise((r) => setTimeout(r, 10));
        }
      }
      await Promise.all(peers.map((peer) => peer.settled()));
      return peers.reduce((n, peer, i) => n + peer.answered(ids[i]), 0);
    } finally {
      for (const peer of peers) peer.close();
    }
  }

  it('should cap one non-trunk address across all its sockets, and never the trunk', async () => {
    const spreadOut = await spread('127.0.0.4');
    figure(`300 OPTIONS from 25 sockets of one non-trunk address (per-address limit ${LIMIT} / 2 s): ${spreadOut} answered`);
    expect(spreadOut).toBeGreaterThanOrEqual(LIMIT);
    expect(spreadOut).toBeLessThanOrEqual(2 * LIMIT);
    const trunk = await spread('127.0.0.1');
    figure(`300 OPTIONS from 25 sockets of the trunk: ${trunk} answered`);
    expect(trunk).toBe(300);
    // another address is not affected by the first one's flood
    expect(await probeOptions({ host: '127.0.0.1', port: stack.port(0), from: '127.0.0.5' })).toBe(200);
  }, 120_000);
});

describe('SIP abuse: idle TCP connections from one address', () => {
  const stack = new TelephonyStack(200);

  beforeAll(async () => {
    await stack.start();
  }, 60_000);
  afterAll(async () => {
    await stack.stopAgents();
    await stack.stop();
  });

  it('should keep shared memory and trunk calls working when one address opens more connections than the server allows', async () => {
    const logFile = join(stack.kamailio.runDir, 'kamailio.log');
    // a phone registered before: its WebSocket connection keeps working
    const agent = await stack.agent('1001', { answerAfterMs: 20 });
    const sockets: Socket[] = [];
    try {
      // more than tcp_max_connections (2,048), none sends a byte
      for (let i = 0; i < 2600; i++) {
        await new Promise<void>((resolve) => {
          const s = connectTcp({ host: '127.0.0.1', port: stack.port(0), localAddress: NON_TRUNK });
          s.on('error', () => undefined);
          s.once('connect', () => resolve());
          s.once('error', () => resolve());
          s.once('close', () => resolve());
          sockets.push(s);
        });
      }
      figure(`idle TCP connections from one address: ${sockets.filter((s) => !s.destroyed).length} of 2600 still open`);
      // the trunk's UDP calls do not need a TCP slot, and shared memory is intact
      await trunkCallAnswered(stack, agent, 'Trunk during the idle connections', '+36209876501');
      expect(readFileSync(logFile, 'utf8')).not.toContain('could not allocate shared memory');
    } finally {
      for (const s of sockets) s.destroy();
    }
    // once they are gone, TCP serves others again (WebSocket phones register)
    await waitFor(
      async () => (await sendStream({ host: '127.0.0.1', port: stack.port(0), from: '127.0.0.3' }, optionsRequest(stack.sipTarget, '127.0.0.3:5060', `${randomBytes(6).toString('hex')}@tcp`, 'TCP'))).received.startsWith('SIP/2.0 200'),
      'a TCP OPTIONS from another address to be answered',
      20_000,
      250,
    );
    await stack.stopAgents();
    await trunkCallAnswered(stack, await stack.agent('1001', { answerAfterMs: 20 }), 'Trunk after the idle connections', '+36209876501');
  }, 180_000);
});

