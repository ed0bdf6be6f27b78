/* Issue 18 (ADR 0039): Kamailio drives two real rtpengine instances as one set. Real carrier calls
 * (sipp, playing G.711) to a desk phone (sipp UAS, registered) whose media goes to an RTP sink
 * here, which echoes every packet back: each call's media crosses its rtpengine both ways.
 * Calls spread over both instances, each call lives on exactly one (offer and answer there); one
 * instance killed mid-call takes only its own calls' media with it, and new calls go to the other. */
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NgSet } from '../../backend/src/modules/recordings/media/ng-set';
import { mintSipCredentials } from '../support/sip/credentials';
import { runSipp, SCENARIOS, type SippRun } from '../support/sip/sipp';
import { SALES_NUMBER, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';
import { scenarioWithAudio, softphonePorts, writeUlawTone } from '../support/softphone/media-stack';
import { queryLegs, startTestRtpengine, type NgReply, type TestRtpengine } from '../support/softphone/rtpengine';

const BASE = Number(process.env.SOFTPHONE_PORT_BASE ?? 23000);
const PA = softphonePorts(BASE + 8100);
const PB = softphonePorts(BASE + 8400);
const BEFORE = 16;
const AFTER = 8;

const STARTER = pathToFileURL(resolve(__dirname, '../../pbx-bridge/kamailio/kamailio.mjs')).href;
/** The rtpengine_sock line kamailio.mjs renders for `rtpengineSocket` (or the error it throws). */
function renderedSock(rtpengineSocket: unknown): string {
  const script = `const k = await import(${JSON.stringify(STARTER)});
    try { const cfg = k.renderConfig({ serviceToken: 't', sharedSecret: 's', rtpengineSocket: JSON.parse(process.argv[1]) });
      process.stdout.write(cfg.split('\\n').find((l) => l.includes('"rtpengine_sock"')) ?? 'none'); }
    catch (e) { process.stdout.write('error: ' + e.message); }`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(rtpengineSocket)], { encoding: 'utf8' });
}

describe('rtpengine set: what kamailio.mjs renders', () => {
  it('should render one socket as today and several as one weighted set, from a string or an array', () => {
    expect(renderedSock('udp:127.0.0.1:22222')).toBe('modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:22222")');
    expect(renderedSock('udp:127.0.0.1:22222=1 udp:127.0.0.1:22223=2')).toBe('modparam("rtpengine", "rtpengine_sock", "udp:127.0.0.1:22222=1 udp:127.0.0.1:22223=2")');
    expect(renderedSock(['udp:10.0.0.5:22222', 'udp:10.0.0.6:22222=3'])).toBe('modparam("rtpengine", "rtpengine_sock", "udp:10.0.0.5:22222=1 udp:10.0.0.6:22222=3")');
    expect(renderedSock('udp:10.0.0.5:22222, udp:10.0.0.6:22222')).toBe('modparam("rtpengine", "rtpengine_sock", "udp:10.0.0.5:22222=1 udp:10.0.0.6:22222=1")');
  });

  it('should refuse a bad socket, a weight out of range and a socket named twice', () => {
    expect(renderedSock('udp:127.0.0.1:22222 tcp:127.0.0.1:22223')).toMatch(/^error: startKamailio: rtpengineSocket must look like/);
    expect(renderedSock('udp:127.0.0.1:22222=0')).toMatch(/^error: /);
    expect(renderedSock('udp:127.0.0.1:22222="x"')).toMatch(/^error: /);
    expect(renderedSock('udp:127.0.0.1:22222 udp:127.0.0.1:22222=2')).toMatch(/^error: .*twice/);
  });
});

/** The desk phone's media: counts what each rtpengine port sends it, and sends every packet back. */
class RtpSink {
  readonly counts = new Map<number, number>();
  private socket!: Socket;

  async start(): Promise<this> {
    this.socket = createSocket('udp4');
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', r));
    this.socket.on('message', (msg, from) => {
      this.counts.set(from.port, (this.counts.get(from.port) ?? 0) + 1);
      this.socket.send(msg, from.port, from.address);
    });
    return this;
  }

  get port(): number {
    return this.socket.address().port;
  }

  count(port: number): number {
    return this.counts.get(port) ?? 0;
  }

  close(): void {
    this.socket?.close();
  }
}

interface CallOnInstance {
  callId: string;
  /** rtpengine's port toward the desk phone (where the sink's packets for this call come from). */
  deskPort: number;
  carrierTag: string;
  /** Packets rtpengine received from the carrier and from the desk phone. */
  fromCarrier: number;
  fromDesk: number;
}

/** The call as one rtpengine has it: both parties' monologues (offer and answer there) and their counters. */
async function callOn(rtp: TestRtpengine, callId: string): Promise<CallOnInstance> {
  const media = await queryLegs(rtp, callId);
  const tags = Object.values<NgReply>(media.raw.tags ?? {});
  const desk = tags.find((m) => String(m.tag).includes('sink'));
  if (!desk) throw new Error(`${callId}: no answer on this instance`);
  const stream = (desk.medias ?? []).flatMap((m: NgReply) => m.streams ?? []).find((s: NgReply) => (s.flags ?? []).includes('RTP'));
  const leg = (tag: string) => media.legs.find((l) => l.tag === tag)?.received ?? 0;
  const carrierTag = media.legs.find((l) => l.tag !== desk.tag)?.tag ?? '';
  return { callId, deskPort: stream?.['local port'] ?? 0, carrierTag, fromCarrier: leg(carrierTag), fromDesk: leg(String(desk.tag)) };
}

async function listed(rtp: TestRtpengine): Promise<string[]> {
  const r = await rtp.ng({ command: 'list', limit: '1000' });
  return (r.calls ?? []) as string[];
}

describe('rtpengine set: two real instances behind one Kamailio', () => {
  const stack = new TelephonyStack(0);
  let rtpA: TestRtpengine;
  let rtpB: TestRtpengine;
  let sink: RtpSink;
  let desk: SippRun;
  const runs: SippRun[] = [];
  /** Before the kill: each call's instance. */
  const onA: CallOnInstance[] = [];
  const onB: CallOnInstance[] = [];
  let before: SippRun;
  /** The backend's view of the set (RTPENGINE_NG with both instances). */
  let ng: NgSet;

  /** Resolves once `port` got nothing at the sink while the clock call's port got 25 packets (half a second). */
  const silent = async (port: number, clockPort: number) => {
    for (;;) {
      const [count, clock] = [sink.count(port), sink.count(clockPort)];
      await waitFor(() => sink.count(clockPort) >= clock + 25, 'half a second of the clock call\'s media');
      if (sink.count(port) === count) return;
    }
  };

  const answeredCalls = () => [...new Set(stack.crm.events.filter((e) => e.type === 'answered').map((e) => e.callId))];

  const carrier = (calls: number, ports: typeof PA, durationMs: number, tone: string) => {
    const run = runSipp({
      scenario: scenarioWithAudio('uac-audio-caller-hangup.xml', tone),
      target: stack.sipTarget,
      service: SALES_NUMBER,
      port: ports.sippUac,
      controlPort: ports.sippUacControl,
      inject: Array.from({ length: calls }, (_, i) => ['Set Caller', `+3620555${String(i).padStart(4, '0')}`]),
      calls,
      rate: 20,
      durationMs,
      timeoutSec: 90,
      extra: ['-mp', String(ports.sippUacMedia)],
    });
    runs.push(run);
    return run;
  };

  beforeAll(async () => {
    rtpA = await startTestRtpengine({ ngPort: PA.ng, portMin: PA.rtpMin, portMax: PA.rtpMax });
    rtpB = await startTestRtpengine({ ngPort: PB.ng, portMin: PB.rtpMin, portMax: PB.rtpMax });
    sink = await new RtpSink().start();
    ng = NgSet.fromAddresses(`127.0.0.1:${PA.ng}, 127.0.0.1:${PB.ng}`, { logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
    await stack.start({ rtpengineSocket: `${rtpA.socket} ${rtpB.socket}` });
    stack.crm.routing = { groups: [{ extensions: ['1003'], timeoutSec: 20 }] };
    const scenario = join(mkdtempSync(join(tmpdir(), 'cb-sipp-sc-')), 'uas-answer-media-to.xml');
    writeFileSync(scenario, readFileSync(join(SCENARIOS, 'uas-answer-media-to.xml'), 'utf8').replace('MEDIA_PORT', String(sink.port)));
    desk = runSipp({ scenario, port: PA.sippUas, controlPort: PA.sippUasControl, calls: BEFORE + AFTER, timeoutSec: 90, extra: ['-mp', String(PA.sippUasMedia)] });
    runs.push(desk);
    const creds = mintSipCredentials(stack.secret, '1003');
    const reg = runSipp({
      scenario: 'register.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [['1003', String(PA.sippUas), '300']],
      authUser: creds.username,
      authPassword: creds.password,
    });
    expect((await reg.done).code).toBe(0);
  }, 60_000);

  afterAll(async () => {
    for (const r of runs) r.kill();
    ng?.close();
    await stack.stop();
    await rtpA?.stop();
    await rtpB?.stop();
    sink?.close();
  });

  it('should spread calls over both instances, each call (offer and answer) on exactly one, with media both ways', async () => {
    // they hang up after 15 s: long enough for this test and the next (about 5 s on an idle machine)
    before = carrier(BEFORE, PA, 15_000, writeUlawTone(2));
    const ids = await waitFor(() => answeredCalls().length >= BEFORE && answeredCalls(), `${BEFORE} answered calls`, 30_000);
    expect(ids).toHaveLength(BEFORE);
    const [listA, listB] = [await listed(rtpA), await listed(rtpB)];
    for (const id of ids) {
      // on exactly one instance
      expect({ id, instances: Number(listA.includes(id)) + Number(listB.includes(id)) }).toEqual({ id, instances: 1 });
      const rtp = listA.includes(id) ? rtpA : rtpB;
      // the answer went where the offer went, and media crosses that instance both ways
      const call = await waitFor(async () => {
        const c = await callOn(rtp, id);
        return c.fromCarrier > 10 && c.fromDesk > 10 && sink.count(c.deskPort) > 10 && c;
      }, `media both ways through one instance for ${id}`);
      (rtp === rtpA ? onA : onB).push(call);
    }
    console.log(`rtpengine set: ${onA.length} calls on A, ${onB.length} on B`);
    expect(onA.length).toBeGreaterThan(0);
    expect(onB.length).toBeGreaterThan(0);
  }, 60_000);

  it("should have the backend's ng commands reach the instance that carries each call", async () => {
    // block the carrier's media of one call on each instance through the set: the desk phone stops hearing it
    const [a, b] = [onA[0]!, onB[0]!];
    const clock = [...onA, ...onB].find((c) => c !== a && c !== b)!;
    for (const c of [a, b]) await ng.request({ command: 'block media', 'call-id': c.callId, 'from-tag': c.carrierTag });
    await silent(a.deskPort, clock.deskPort);
    await silent(b.deskPort, clock.deskPort);
    for (const c of [a, b]) await ng.request({ command: 'unblock media', 'call-id': c.callId, 'from-tag': c.carrierTag });
    const [atA, atB] = [sink.count(a.deskPort), sink.count(b.deskPort)];
    await waitFor(() => sink.count(a.deskPort) > atA + 10 && sink.count(b.deskPort) > atB + 10, 'media again after unblock media');
  }, 30_000);

  it("should lose only the killed instance's calls, keep the other's flowing, and put new calls on the survivor", async () => {
    expect(onA.length + onB.length).toBe(BEFORE);
    // a crash, not a shutdown: SIGKILL the rtpengine process itself
    process.kill(Number(readFileSync(join(rtpA.runDir, 'rtpengine.pid'), 'utf8').trim()), 'SIGKILL');
    await waitFor(() => rtpA.ng({ command: 'ping' }).then(() => false, () => true), 'rtpengine A to be gone');
    const sinkAtKill = new Map(onA.map((c) => [c.callId, sink.count(c.deskPort)]));
    const bAtKill = new Map(onB.map((c) => [c.callId, { ...c, sink: sink.count(c.deskPort) }]));

    // B's calls keep flowing: its counters and the desk phone's packets go on increasing
    for (const c of onB) {
      const was = bAtKill.get(c.callId)!;
      await waitFor(async () => {
        const now = await callOn(rtpB, c.callId);
        return now.fromCarrier > was.fromCarrier + 25 && now.fromDesk > was.fromDesk + 25 && sink.count(c.deskPort) > was.sink + 25;
      }, `media still flowing on B for ${c.callId}`);
    }
    // meanwhile (half a second of B's media and more) not one packet of A's calls reached the desk phone
    // beyond what was in flight at the kill, and none of them moved to B
    const listB = await listed(rtpB);
    // the backend still reaches B's calls; an A call is "not answered", never "gone" (B does not have it)
    await expect(ng.request({ command: 'query', 'call-id': onB[0]!.callId })).resolves.toMatchObject({ result: 'ok' });
    await expect(ng.request({ command: 'query', 'call-id': onA[0]!.callId })).rejects.toThrow(/no answer/);
    for (const c of onA) {
      expect({ call: c.callId, packets: sink.count(c.deskPort) - sinkAtKill.get(c.callId)! }).toEqual({ call: c.callId, packets: 0 });
      expect(listB).not.toContain(c.callId);
    }

    // new calls: all on the survivor, connected with media both ways
    const known = new Set(answeredCalls());
    const after = carrier(AFTER, PB, 2_000, writeUlawTone(2));
    const fresh = await waitFor(() => {
      const n = answeredCalls().filter((id) => !known.has(id));
      return n.length >= AFTER && n;
    }, `${AFTER} new answered calls`, 30_000);
    const onSurvivor = await listed(rtpB);
    for (const id of fresh) {
      expect(onSurvivor).toContain(id);
      await waitFor(async () => {
        const c = await callOn(rtpB, id);
        return c.fromCarrier > 10 && c.fromDesk > 10 && sink.count(c.deskPort) > 10;
      }, `media both ways on B for the new call ${id}`);
    }
    expect((await after.done).code).toBe(0);

    // the killed instance's calls lost their media, not their signalling: every call ends with its BYE
    expect((await before.done).code).toBe(0);
    expect((await desk.done).code).toBe(0);
    await waitFor(() => [...known, ...fresh].every((id) => stack.crm.eventsFor(id).some((e) => e.type === 'ended')), 'every call ended', 15_000);
  }, 90_000);
});
