/* Dead endpoints (issue 12 item 8, ADR 0016) against the real Kamailio with PostgreSQL (usrloc
 * persisted in the CRM's database, migrated by booting the real backend once) and the CRM stub
 * (routing answers, the events the bridge delivers). The carrier (sipp) calls from 127.0.0.9 so the
 * phones on 127.0.0.1 are not "the trunk" (whose leg is never probed). */
import { startBackend, type StartedBackend } from '../support/backend';
import { CALL_ESTABLISHED, startBaresip, type Baresip } from '../support/sip/baresip';
import { mintSipCredentials } from '../support/sip/credentials';
import { PORT_RANGES } from '../support/sip/ports';
import { callerRow, runSipp, type SippRun } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { waitFor } from '../support/sip/wait';

const TRUNK_IP = '127.0.0.9';
/** Kamailio's defaults (kamailio.mjs): in-dialog OPTIONS every 30 s, a 408 after 5 s, the end 10 s later. */
const DESK_PHONE_WINDOW_MS = (30 + 5 + 10 + 3) * 1000;

interface RawEvent {
  type: string;
  callId: string;
  hangupBy?: string;
  reason?: string;
}

describe('dead endpoints: calls end, registrations survive a restart (Kamailio with PostgreSQL)', () => {
  let backend: StartedBackend;
  let stack: TelephonyStack;
  const phones: Baresip[] = [];
  const sipps: SippRun[] = [];

  beforeAll(async () => {
    // the backend only migrates the database Kamailio reads (users, devices, location, ringall)
    backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN } });
    await backend.stop();
    stack = new TelephonyStack({ firstPort: PORT_RANGES.fullPath, offset: 100, secret: backend.env.SIP_SHARED_SECRET });
    await stack.start({ dbUrl: backend.databaseUrl, trunkAddresses: [TRUNK_IP] });
    stack.crm.routing = { groups: [{ extensions: ['1001'], timeoutSec: 20 }] };
  }, 90_000);

  afterAll(async () => {
    for (const s of sipps) s.kill();
    for (const p of phones) await p.stop().catch(() => undefined);
    await stack?.stop();
    await backend?.destroy();
  }, 60_000);

  afterEach(async () => {
    for (const s of sipps.splice(0)) s.kill();
    for (const p of phones.splice(0)) await p.stop().catch(() => undefined);
    await stack.stopAgents();
    for (const [table, aor] of [['location', '1001'], ['ringall', 'all']]) await stack.kamailio.rpc('ul.rm', [table, aor]).catch(() => undefined);
  });

  /** The carrier calls the sales number (from a fresh number) and waits up to `timeoutSec` for the far end's BYE. */
  function carrierCall(timeoutSec: number): SippRun & { from: string } {
    const from = `+3620${Math.floor(1e6 + Math.random() * 9e6)}`;
    const run = runSipp({
      scenario: 'uac-call-callee-hangs-up.xml',
      target: stack.sipTarget,
      service: SALES_NUMBER,
      ...stack.sippPorts(),
      localIp: TRUNK_IP,
      inject: [callerRow('Carol Customer', from)],
      timeoutSec,
    });
    sipps.push(run);
    return { ...run, from };
  }

  /** The Call-ID of the carrier's call from `from`, once the CRM has it answered. */
  const answeredCall = (from: string) =>
    waitFor(() => {
      const offered = stack.crm.events.find((e) => e.type === 'offered' && e.from === from);
      return offered && stack.crm.eventsFor(offered.callId).some((e) => e.type === 'answered') && offered.callId;
    }, `the call from ${from} answered in the CRM`);

  /** baresip as extension 1001 over UDP (ephemeral credentials, as a browser's; re-REGISTER every 300 s). */
  async function deskPhone(port: number): Promise<Baresip> {
    const c = mintSipCredentials(stack.secret, '1001');
    const p = await startBaresip({
      user: '1001',
      domain: SIP_DOMAIN,
      authUser: c.username,
      password: c.password,
      server: { host: '127.0.0.1', port: stack.port(0), transport: 'udp' },
      listen: `127.0.0.1:${stack.port(port)}`,
    });
    phones.push(p);
    await p.registered();
    return p;
  }

  /** What Kamailio itself emitted for a call (its replay outbox), before the bridge normalises it. */
  async function emitted(callId: string): Promise<RawEvent[]> {
    const dump = await stack.kamailio.rpc<unknown>('htable.dump', ['outbox']);
    const out: RawEvent[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && v.startsWith('{')) {
        try {
          const e = JSON.parse(v) as RawEvent;
          if (e.callId === callId) out.push(e);
        } catch {
          /* not an event */
        }
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(dump);
    return out;
  }

  const contacts = async (aor: string, table = 'location'): Promise<string[]> => {
    const r = (await stack.kamailio.rpc<{ Contacts?: Array<{ Contact: { Address: string } }> }>('ul.lookup', [table, aor]).catch(() => null)) ?? {};
    return (r.Contacts ?? []).map((c) => c.Contact.Address);
  };

  it('should end both legs within a few seconds when a browser’s WebSocket dies mid-call, with reason transport_closed, and unregister it', async () => {
    const agent = await stack.agent('1001', 'answer');
    expect(await contacts('1001')).toHaveLength(1);
    const sipp = carrierCall(30);
    const call = await agent.waitForCall();
    await waitFor(() => call.state === 'answered', 'the browser answered');
    const callId = call.callId;
    await waitFor(() => stack.crm.eventsFor(callId).some((e) => e.type === 'answered'), 'answered in the CRM');

    const gone = Date.now();
    agent.vanish();
    const done = await sipp.done;
    const byeMs = Date.now() - gone;
    expect({ code: done.code, output: done.code === 0 ? '' : done.output }).toEqual({ code: 0, output: '' });
    expect(byeMs).toBeLessThan(5000);
    const ended = await waitFor(() => stack.crm.eventsFor(callId).find((e) => e.type === 'ended'), 'ended in the CRM', 10_000);
    expect(ended).toMatchObject({ hangupBy: 'system' });
    expect((await emitted(callId)).find((e) => e.type === 'ended')).toMatchObject({ reason: 'transport_closed' });
    // the dead tab is not rung any more: no contact left under the extension or the ring-all AOR
    await waitFor(async () => (await contacts('1001')).length === 0, 'the closed WebSocket’s contact removed', 5000);
    expect((await contacts('all', 'ringall')).filter((c) => c.includes('transport=ws'))).toEqual([]);
    console.log(`browser WebSocket closed mid-call: carrier's BYE after ${byeMs} ms`);
  }, 60_000);

  it('should end a call whose desk phone vanished (SIGKILL) within its keepalive window, with reason timeout', async () => {
    const phone = await deskPhone(40);
    const since = phone.mark();
    const sipp = carrierCall(90);
    await phone.waitFor(CALL_ESTABLISHED, 15_000, since);
    const callId = await answeredCall(sipp.from);

    const gone = Date.now();
    phone.process.kill('SIGKILL');
    const done = await sipp.done;
    const byeMs = Date.now() - gone;
    expect({ code: done.code, output: done.code === 0 ? '' : done.output }).toEqual({ code: 0, output: '' });
    expect(byeMs).toBeLessThan(DESK_PHONE_WINDOW_MS);
    await waitFor(() => stack.crm.eventsFor(callId).find((e) => e.type === 'ended'), 'ended in the CRM', 10_000);
    expect((await emitted(callId)).find((e) => e.type === 'ended')).toMatchObject({ reason: 'timeout', hangupBy: 'system' });
    expect(stack.crm.eventsFor(callId).find((e) => e.type === 'ended')).toMatchObject({ hangupBy: 'system' });
    console.log(`desk phone killed mid-call: carrier's BYE after ${byeMs} ms (window ${DESK_PHONE_WINDOW_MS} ms)`);
  }, 120_000);

  it('should keep a UDP desk phone’s registration across a Kamailio restart (it rings at once) and close the call the restart cut', async () => {
    const phone = await deskPhone(44);
    // a browser too: its WebSocket dies with the old process, so its contact must not come back
    await stack.agent('1001');
    expect((await contacts('1001')).some((c) => c.includes(`:${stack.port(44)}`))).toBe(true);
    expect((await contacts('1001')).some((c) => c.includes('transport=ws'))).toBe(true);
    // a call in progress while Kamailio goes down: the CRM must not keep it open
    let since = phone.mark();
    const cut = carrierCall(60);
    await phone.waitFor(CALL_ESTABLISHED, 15_000, since);
    const cutCallId = await answeredCall(cut.from);

    await stack.kamailio.stop();
    cut.kill();
    const restartedAt = Date.now();
    await stack.startKamailio();
    const upMs = Date.now() - restartedAt;
    // no REGISTER since (baresip refreshes every 300 s): the contact came back from PostgreSQL
    expect((await contacts('1001')).some((c) => c.includes(`:${stack.port(44)}`))).toBe(true);
    expect((await contacts('1001')).filter((c) => c.includes('transport=ws'))).toEqual([]);
    expect((await contacts('all', 'ringall')).filter((c) => c.includes('transport=ws'))).toEqual([]);
    since = phone.mark();
    const sipp = carrierCall(30);
    await phone.waitFor(CALL_ESTABLISHED, 15_000, since);
    const ringMs = Date.now() - restartedAt;
    // and the CRM is told who answered (the contact -> extension map came back too)
    const newCallId = await answeredCall(sipp.from);
    expect(stack.crm.eventsFor(newCallId).find((e) => e.type === 'answered')).toMatchObject({ extension: '1001' });
    phone.process.kill('SIGTERM');
    sipp.kill();
    // the bridge sees a new boot and closes what the old Kamailio had open
    await waitFor(() => stack.crm.eventsFor(cutCallId).find((e) => e.type === 'ended'), 'the cut call ended in the CRM', 20_000);
    console.log(`Kamailio restart: up after ${upMs} ms, desk phone answered a new call ${ringMs} ms after the restart began`);
  }, 120_000);
});
