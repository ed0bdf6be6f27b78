import { mintSipCredentials } from '../support/sip/credentials';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { callerRow, runSipp } from '../support/sip/sipp';
import { CALL_CLOSED, CALL_ESTABLISHED, startBaresip, type Baresip } from '../support/sip/baresip';
import { waitFor } from '../support/sip/wait';

// The baresip driver (test/support/sip/baresip.ts) against the real Kamailio: the desk phone the
// cross-machine spec runs in a network namespace. Ports 19000+ (away from the other specs' blocks).

describe('baresip desk phone driver', () => {
  const stack = new TelephonyStack({ firstPort: 19000 });
  const phones: Baresip[] = [];
  const phone = async (password: string, listenPort: number): Promise<Baresip> => {
    const c = mintSipCredentials(stack.secret, '1001');
    const p = await startBaresip({
      user: '1001',
      domain: SIP_DOMAIN,
      authUser: c.username,
      password: password || c.password,
      server: { host: '127.0.0.1', port: stack.port(0), transport: 'udp' },
      listen: `127.0.0.1:${stack.port(listenPort)}`,
    });
    phones.push(p);
    return p;
  };

  beforeAll(async () => {
    await stack.start();
  });
  afterAll(async () => {
    for (const p of phones) await p.stop();
    await stack.stop();
  });

  it('should register over UDP and answer a trunk call by itself, reporting the call established and closed', async () => {
    const desk = await phone('', 40);
    expect(await desk.registered()).toMatch(/1001@callboard\.test: \{0\/UDP\/v4\} 200 OK/);
    const contacts = await stack.kamailio.rpc<{ AoR: string }>('ul.lookup', ['location', '1001']);
    expect(JSON.stringify(contacts)).toContain(`127.0.0.1:${stack.port(40)}`);

    stack.crm.routing = { groups: [{ extensions: ['1001'], timeoutSec: 20 }] };
    const since = desk.mark();
    const sipp = runSipp({ scenario: 'uac-call.xml', target: stack.sipTarget, service: SALES_NUMBER, ...stack.sippPorts(), inject: [callerRow()], durationMs: 500 });
    expect(await desk.waitFor(CALL_ESTABLISHED, 10_000, since)).toContain('sip:+36201234567@');
    expect((await sipp.done).code).toBe(0);
    await desk.waitFor(CALL_CLOSED, 10_000, since);
    await waitFor(() => stack.crm.events.some((e) => e.type === 'answered' && (e as { extension?: string }).extension === '1001'), 'answered by 1001');
  });

  it('should report a refused REGISTER with its status line', async () => {
    const wrong = await phone('not-the-password', 42);
    await expect(wrong.registered(5000)).rejects.toThrow(/401 Unauthorized/);
    expect(await wrong.registrationFailed()).toMatch(/401 Unauthorized/);
  });
});
