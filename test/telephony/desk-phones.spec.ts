/* Desk phones with their own accounts, TLS/WSS and REGISTER brute-force blocks, against the real
 * Kamailio reading the real backend's database (fresh, migrated by booting the backend): devices
 * are sip_devices rows inserted with SQL (HA1 = md5(username:domain:password)), as the devices
 * module creates them. The carrier (sipp) calls from its own address, 127.0.0.9, so phones and
 * browsers on 127.0.0.1 are not "the trunk" (which is exempt from blocks). */
import { randomBytes } from 'node:crypto';
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { mintSipCredentials } from '../support/sip/credentials';
import { PORT_RANGES } from '../support/sip/ports';
import { registerDevice, type RegisterOptions } from '../support/sip/register-client';
import { setWebSocketOptions, startAgent } from '../support/sip/sip-agent';
import { callerRow, runSipp, type SippOptions } from '../support/sip/sipp';
import { SALES_NUMBER, SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';
import { makeTestCertificates, type TestCertificates } from '../support/sip/test-certs';
import { waitFor } from '../support/sip/wait';

const TRUNK_IP = '127.0.0.9';
const LAN_IP = '127.0.0.3';
type Who = 'alice' | 'bob';

describe('desk-phone accounts, TLS and REGISTER blocks (Kamailio with PostgreSQL)', () => {
  let backend: StartedBackend;
  let stack: TelephonyStack;
  let certs: TestCertificates;
  const api = {} as Record<Who, Api>;
  const ids = {} as Record<Who, string>;

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

  /** A desk phone of `who`, as the devices module stores it (the password only as HA1). */
  async function addDevice(who: Who): Promise<{ username: string; password: string }> {
    const username = 'd' + randomBytes(8).toString('hex').slice(0, 10);
    const password = randomBytes(18).toString('base64url');
    await sql(
      `INSERT INTO sip_devices (user_id, label, username, ha1)
       VALUES ($1, 'Desk', $2::text, md5($2::text || ':' || $3::text || ':' || $4::text))`,
      [ids[who], username, SIP_DOMAIN, password],
    );
    return { username, password };
  }

  const device = (username: string) => sql(`SELECT * FROM sip_devices WHERE username = $1`, [username]).then((r) => r[0]);

  const register = (o: Partial<RegisterOptions> & Pick<RegisterOptions, 'username' | 'password'>) =>
    registerDevice({ transport: 'udp', host: '127.0.0.1', port: stack.port(0), domain: SIP_DOMAIN, ...o });

  /** Contacts Kamailio has under an AOR ("1002", or "all" in the ringall table). */
  async function contacts(aor: string, table = 'location'): Promise<string[]> {
    const r: any = await stack.kamailio.rpc('ul.lookup', [table, aor]).catch(() => null);
    return (r?.Contacts ?? []).map((c: any) => c.Contact.Address as string);
  }

  const trunkCall = (o: Omit<SippOptions, 'target' | 'service' | 'port' | 'controlPort'>) =>
    runSipp({ target: stack.sipTarget, service: SALES_NUMBER, ...stack.sippPorts(), localIp: TRUNK_IP, ...o });

  beforeAll(async () => {
    certs = await makeTestCertificates();
    backend = await startBackend({ seed: 'users', env: { SIP_DOMAIN } });
    stack = new TelephonyStack({
      firstPort: PORT_RANGES.fullPath,
      offset: 200,
      backendUrl: backend.url,
      token: backend.env.PBX_SERVICE_TOKEN,
      secret: backend.env.SIP_SHARED_SECRET,
    });
    const anon = new Api(backend.url);
    for (const who of ['alice', 'bob'] as const) {
      const l = await anon.login(`${who}@example.com`);
      api[who] = l.api;
      ids[who] = l.user.id;
    }
    await stack.start({
      dbUrl: backend.databaseUrl,
      tls: { certFile: certs.certFile, keyFile: certs.keyFile },
      trunkAddresses: [TRUNK_IP],
      // a second address stands for the LAN one
      listenIps: ['127.0.0.1', LAN_IP],
    });
    setWebSocketOptions(stack.wssUrl, { ca: certs.ca });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await backend?.destroy();
  });

  afterEach(async () => {
    await stack.stopAgents();
    await stack.resetCrmBreaker();
    // phones a test left registered must not ring in the next one
    for (const [table, aor] of [['location', '1000'], ['location', '1001'], ['location', '1002'], ['ringall', 'all']]) {
      await stack.kamailio.rpc('ul.rm', [table, aor]).catch(() => undefined);
    }
  });

  /** The browser agent of `who` with the credentials the backend issues, over `wsUrl` (WS by default). */
  async function browser(who: Who, wsUrl = stack.wsUrl) {
    const creds = (await api[who].get('/api/telephony/credentials')).body;
    return stack.agentWithCredentials({ ...creds, wsUrl });
  }

  it('should register a desk phone over UDP under its owner’s extension and write the registration back', async () => {
    const d = await addDevice('bob');
    const r = await register({ ...d, userAgent: 'Yealink SIP-T54W 96.86.0.70' });
    expect(r).toMatchObject({ status: 200, codes: [401, 200] });
    const [contact] = (await contacts('1002')).filter((c) => c.includes(d.username));
    expect(contact).toMatch(new RegExp(`^sip:${d.username}@127\\.0\\.0\\.1:\\d+$`));
    expect(await contacts('all', 'ringall')).toContain(contact);
    const row = await device(d.username);
    expect(row).toMatchObject({ last_transport: 'udp', last_user_agent: 'Yealink SIP-T54W 96.86.0.70', last_contact: contact });
    expect(row.last_address).toBe(contact.replace(/^sip:[^@]+@/, ''));
    const left = (Date.parse(row.registered_until) - Date.now()) / 1000;
    expect(left).toBeGreaterThan(280);
    expect(left).toBeLessThanOrEqual(301);

    // the same phone unregisters: gone from both tables, registered_until is now
    expect((await register({ ...d, contact, expires: 0 })).status).toBe(200);
    expect(await contacts('1002')).not.toContain(contact);
    expect(await contacts('all', 'ringall')).not.toContain(contact);
    expect(Date.parse((await device(d.username)).registered_until)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('should not write an unchanged refresh again within a minute, and write a changed one at once', async () => {
    const d = await addDevice('bob');
    const localPort = stack.port(199);
    expect((await register({ ...d, localPort, userAgent: 'Phone 1.0' })).status).toBe(200);
    const first = await device(d.username);
    expect((await register({ ...d, localPort, userAgent: 'Phone 1.0' })).status).toBe(200);
    expect((await device(d.username)).last_registered_at).toEqual(first.last_registered_at);
    expect((await register({ ...d, localPort, userAgent: 'Phone 1.1' })).status).toBe(200);
    const changed = await device(d.username);
    expect(changed.last_user_agent).toBe('Phone 1.1');
    expect(changed.last_registered_at.getTime()).toBeGreaterThan(first.last_registered_at.getTime());
  });

  it('should register a desk phone over TLS (SIP 5061) with the server certificate the CA vouches for', async () => {
    const d = await addDevice('alice');
    const r = await register({ ...d, transport: 'tls', port: stack.tlsPort, ca: certs.ca });
    expect(r.status).toBe(200);
    const row = await device(d.username);
    expect(row).toMatchObject({ last_transport: 'tls', last_contact: expect.stringMatching(/;transport=tls$/) });
    // like a browser's WebSocket, a TLS phone whose connection closed is no longer rung
    await waitFor(async () => !(await contacts('1001')).includes(row.last_contact), 'the closed TLS contact to be dropped');
    // a phone that does not trust the CA never gets as far as SIP
    await expect(register({ ...d, transport: 'tls', port: stack.tlsPort })).rejects.toThrow(/certificate/);
  });

  it('should register a browser over WSS with its ephemeral credentials', async () => {
    const alice = await browser('alice', stack.wssUrl);
    expect(alice.registerResult).toBe('registered');
    expect((await contacts('1001')).some((c) => c.includes('transport=ws'))).toBe(true);
  });

  it('should ring a desk phone on a carrier call, make the deal its owner’s, and drop it at once when removed', async () => {
    const d = await addDevice('bob');
    const desk = stack.sippPorts();
    const uas = runSipp({ scenario: 'uas-answer.xml', ...desk, durationMs: 100, timeoutSec: 20 });
    const reg = runSipp({
      scenario: 'register.xml',
      target: stack.sipTarget,
      ...stack.sippPorts(),
      inject: [[d.username, String(desk.port), '300']],
      authUser: d.username,
      authPassword: d.password,
    });
    expect((await reg.done).code).toBe(0);
    const caller = '+36203330001';
    const sipp = trunkCall({ scenario: 'uac-call.xml', inject: [callerRow('Desk Caller', caller)], durationMs: 200 });
    expect((await sipp.done).code).toBe(0);
    expect((await uas.done).code).toBe(0);
    const call = await waitFor(async () => {
      const [c] = await sql(`SELECT * FROM calls WHERE from_number = $1 AND end_applied`, [caller]);
      return c;
    }, 'the call to be recorded and ended');
    expect(call).toMatchObject({ answered_by: ids.bob, answered_extension: '1002', outcome: 'completed' });
    const [deal] = await sql(`SELECT * FROM deals WHERE id = $1`, [call.deal_id]);
    expect(deal.owner_id).toBe(ids.bob);

    // removal as the devices module does it (INTERFACES.md): both tables, by last_contact
    const { last_contact: contact } = await device(d.username);
    expect(await contacts('1002')).toContain(contact);
    const t0 = Date.now();
    await sql(`DELETE FROM sip_devices WHERE username = $1`, [d.username]);
    await stack.kamailio.rpc('ul.rm_contact', ['location', '1002', contact]);
    await stack.kamailio.rpc('ul.rm_contact', ['ringall', 'all', contact]);
    await waitFor(async () => !(await contacts('1002')).includes(contact), 'the contact to be gone', 2000);
    expect(await contacts('all', 'ringall')).not.toContain(contact);
    expect(Date.now() - t0).toBeLessThan(2000);
    // it no longer rings (nobody else is registered) and cannot register again
    const missed = trunkCall({ scenario: 'uac-expect-480.xml', inject: [callerRow('Nobody', '+36203330002')] });
    expect((await missed.done).code).toBe(0);
    expect([401, 403]).toContain((await register(d)).status);
  });

  it('should answer on every listen address, over UDP and TLS', async () => {
    const d = await addDevice('bob');
    expect((await register({ ...d, host: LAN_IP, localAddress: LAN_IP })).status).toBe(200);
    expect((await device(d.username)).last_address).toMatch(/^127\.0\.0\.3:\d+$/);
    expect((await register({ ...d, host: LAN_IP, transport: 'tls', port: stack.tlsPort, ca: certs.ca })).status).toBe(200);
  });

  it('should place a desk phone’s outbound call as its owner’s extension', async () => {
    const d = await addDevice('alice');
    const carrier = runSipp({ scenario: 'uas-answer.xml', port: stack.port(50), controlPort: stack.port(51), durationMs: 50, timeoutSec: 15 });
    // a sip.js agent standing in for the phone: digest user = From user = the device username
    const phone = await startAgent({ extension: d.username, wsUrl: stack.wsUrl, domain: SIP_DOMAIN, secret: '', ...d });
    try {
      const call = await phone.dial('+3620777888');
      await waitFor(() => call.state === 'answered', 'the carrier to answer');
      await phone.hangup(call);
      expect((await carrier.done).code).toBe(0);
      const row = await waitFor(async () => (await sql(`SELECT * FROM calls WHERE sip_call_id = $1 AND ended_at IS NOT NULL`, [call.callId]))[0], 'the outbound call to be recorded');
      expect(row).toMatchObject({ direction: 'outbound', extension: '1001', user_id: ids.alice });
    } finally {
      await phone.stop();
    }
  });

  it('should let a desk phone’s "Contact: *" leave its owner’s other phones registered', async () => {
    const alice = await browser('alice');
    const d = await addDevice('alice');
    expect((await register(d)).status).toBe(200);
    const before = await contacts('1001');
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect((await register({ ...d, contact: '*', expires: 0 })).status).toBe(200);
    expect(Date.parse((await device(d.username)).registered_until)).toBeLessThanOrEqual(Date.now() + 1000);
    expect((await contacts('1001')).some((c) => c.includes('transport=ws'))).toBe(true);
    expect(alice.registerResult).toBe('registered');
  });

  it('should store a hostile User-Agent and Contact as plain text', async () => {
    const d = await addDevice('alice');
    const ua = `Robert'); DROP TABLE sip_devices;-- \\ "quoted" <script>x</script> $$ %s`;
    const contact = `sip:${d.username}'x(y)@127.0.0.1:5999;o='1';p=--`;
    expect((await register({ ...d, userAgent: ua, contact })).status).toBe(200);
    const row = await device(d.username);
    expect(row.last_user_agent).toBe(ua);
    expect(row.last_contact).toBe(contact);
    expect(await sql(`SELECT count(*)::int AS n FROM sip_devices`)).toEqual([{ n: expect.any(Number) }]);
  });

  /** A browser agent of extension `ext` with freshly minted ephemeral credentials (not via the API). */
  const ephemeral = (ext: string) => startAgent({ extension: ext, wsUrl: stack.wsUrl, domain: SIP_DOMAIN, secret: stack.secret });

  it('should refuse a deactivated user’s browser credentials at once (REGISTER and INVITE, 403) and their desk phones', async () => {
    const alice = await ephemeral('1001');
    const d = await addDevice('alice');
    expect((await register(d)).status).toBe(200);
    await sql(`UPDATE users SET active = false WHERE id = $1`, [ids.alice]);
    try {
      // the users.active answer is cached for at most one second
      const t0 = Date.now();
      const again = await waitFor(async () => {
        const a = await ephemeral('1001').catch((e: Error) => e);
        return a instanceof Error && /\(403\)/.test(a.message) ? a : null;
      }, 'a REGISTER with fresh credentials to be refused with 403', 3000, 100);
      expect(again.message).toContain('403');
      expect(Date.now() - t0).toBeLessThan(2000);
      const call = await alice.dial('+3620777999');
      await waitFor(() => call.state === 'cancelled', 'the INVITE to be refused');
      expect(call.status).toBe(403);
      expect([401, 403]).toContain((await register(d)).status);
    } finally {
      await alice.stop();
      await sql(`UPDATE users SET active = true WHERE id = $1`, [ids.alice]);
      // reactivation, too, is seen within a second
      const back = await waitFor(() => ephemeral('1001').catch(() => null), 'Alice to register again', 3000, 100);
      await back.stop();
    }
  });

  it('should block an (address, username) pair after ten wrong passwords while others at that address still register', async () => {
    const victim = await addDevice('bob');
    const neighbour = await addDevice('bob');
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await register({ ...victim, password: `wrong-${i}` })).status);
    expect(codes).toEqual([...Array(9).fill(401), 403]);
    // the right password now is refused without being checked
    expect(await register(victim)).toMatchObject({ status: 403, codes: [401, 403] });
    const [block] = await sql(`SELECT * FROM sip_auth_blocks WHERE username = $1`, [victim.username]);
    expect(block).toMatchObject({ address: '127.0.0.1', scope: 'pair', failures: 10 });
    expect(Date.parse(block.blocked_until) - Date.now()).toBeGreaterThan(800_000);
    // another phone and a browser behind the same address are not locked out
    expect((await register(neighbour)).status).toBe(200);
    expect((await browser('alice')).registerResult).toBe('registered');
    // nor is the blocked phone from another address
    expect((await register({ ...victim, localAddress: '127.0.0.6' })).status).toBe(200);
  });

  it('should not count a browser’s expired credentials as guesses', async () => {
    const expired = mintSipCredentials(stack.secret, '1000', -60);
    for (let i = 0; i < 12; i++) {
      expect((await register({ username: expired.username, password: expired.password, user: '1000' })).status).toBe(401);
    }
    const fresh = mintSipCredentials(stack.secret, '1000');
    expect((await register({ username: fresh.username, password: fresh.password, user: '1000' })).status).toBe(200);
  });

  it('should block a whole address after fifty failures across usernames, and only that address', async () => {
    const ip = '127.0.0.5';
    const d = await addDevice('bob');
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await register({ username: `guess${i % 7}`, password: 'x', localAddress: ip })).status);
    }
    expect(statuses.at(-1)).toBe(403);
    expect(await register({ ...d, localAddress: ip })).toMatchObject({ status: 403 });
    const blocks = await sql(`SELECT * FROM sip_auth_blocks WHERE address = $1 AND scope = 'address'`, [ip]);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ username: null, failures: 50 });
    expect((await register(d)).status).toBe(200);
  });
});
