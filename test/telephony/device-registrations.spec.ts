/* Taking registrations away at once (issue 11, item 6): the real backend (fresh database) with
 * SIP_RPC_URL pointing at a real Kamailio, sip.js agents registered with the credentials the
 * backend issued. Deactivating a user drops all their contacts; removing a desk phone drops
 * exactly its contact (the one Kamailio wrote into sip_devices.last_contact), nothing else. */
import type { CreatedDevice } from '@callboard/contracts';
import { Api } from '../support/api';
import { startBackend, type StartedBackend, queryDatabase } from '../support/backend';
import { portBlock } from '../support/sip/ports';
import type { SipAgent } from '../support/sip/sip-agent';
import { SIP_DOMAIN, TelephonyStack } from '../support/sip/stack';

// Offset 300 of the stub specs' range: the other telephony specs use 0/100/200.
const OFFSET = 300;
const DROP_WITHIN_MS = 2000;

interface Lookup {
  Contacts: { Contact: { Address: string } }[];
}

describe('dropping registrations: backend → Kamailio JSON-RPC', () => {
  const ports = portBlock(OFFSET);
  let backend: StartedBackend;
  let stack: TelephonyStack;
  let head: Api;
  const api: Record<'alice' | 'bob', Api> = {} as never;
  const ext: Record<'alice' | 'bob', string> = {} as never;
  const ids: Record<'alice' | 'bob', string> = {} as never;

  const sql = <T = any>(text: string, params: unknown[] = []) => queryDatabase<T>(backend.databaseUrl, text, params);

  /** Contact URIs under an AOR of a usrloc table ([] when the AOR is gone). */
  async function contacts(table: string, aor: string): Promise<string[]> {
    try {
      const r = await stack.kamailio.rpc<Lookup>('ul.lookup', [table, aor]);
      return r.Contacts.map((c) => c.Contact.Address);
    } catch (e) {
      if (/not found/i.test(String(e))) return [];
      throw e;
    }
  }

  /** Polls Kamailio until `accept` holds, for at most `ms`; returns how long it took. */
  async function within(ms: number, what: string, accept: () => Promise<boolean>): Promise<number> {
    const t0 = Date.now();
    for (;;) {
      if (await accept()) return Date.now() - t0;
      if (Date.now() - t0 > ms) {
        const said = backend.output().split('\n').filter((l) => /SipRegistrations|Devices/.test(l)).slice(-10).join('\n');
        throw new Error(`${what}: not within ${ms} ms; the backend said:\n${said}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async function agentOf(who: 'alice' | 'bob'): Promise<SipAgent> {
    const res = await api[who].get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    return stack.agentWithCredentials(res.body);
  }

  /** The contacts an agent added: what its REGISTER put under its extension. */
  async function newContact(who: 'alice' | 'bob', before: string[]): Promise<{ agent: SipAgent; contact: string }> {
    const agent = await agentOf(who);
    const now = await contacts('location', ext[who]);
    const added = now.filter((c) => !before.includes(c));
    expect(added).toHaveLength(1);
    return { agent, contact: added[0]! };
  }

  beforeAll(async () => {
    backend = await startBackend({
      seed: 'users',
      env: { SIP_DOMAIN, SIP_WS_URL: `ws://127.0.0.1:${ports(1)}`, SIP_RPC_URL: `http://127.0.0.1:${ports(3)}/RPC` },
    });
    stack = new TelephonyStack({ offset: OFFSET, backendUrl: backend.url, token: backend.env.PBX_SERVICE_TOKEN, secret: backend.env.SIP_SHARED_SECRET });
    await stack.startKamailio();
    const anon = new Api(backend.url);
    head = (await anon.login('head@example.com')).api;
    for (const who of ['alice', 'bob'] as const) {
      const l = await anon.login(`${who}@example.com`);
      api[who] = l.api;
      ext[who] = l.user.extension;
      ids[who] = l.user.id;
    }
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    await backend?.destroy();
  });

  afterEach(() => stack.stopAgents());

  it('should drop exactly the removed desk phone’s contact, under the extension and in ring-all, within 2 s', async () => {
    // Two phones of Bob: the "desk phone" (its contact written into its row as Kamailio does) and the browser.
    const desk = await newContact('bob', []);
    const browser = await newContact('bob', [desk.contact]);
    expect(await contacts('ringall', 'all')).toEqual(expect.arrayContaining([desk.contact, browser.contact]));
    const created = await api.bob.post<CreatedDevice>('/api/devices', { label: 'Bob desk' });
    expect(created.status).toBe(201);
    await sql(`UPDATE sip_devices SET last_contact = $2, registered_until = now() + interval '5 minutes' WHERE id = $1`, [
      created.body.device.id,
      desk.contact,
    ]);

    const res = await api.bob.delete(`/api/devices/${created.body.device.id}`);
    expect(res.status).toBe(204);
    const took = await within(DROP_WITHIN_MS, 'desk contact gone', async () => {
      const [loc, all] = await Promise.all([contacts('location', ext.bob), contacts('ringall', 'all')]);
      return !loc.includes(desk.contact) && !all.includes(desk.contact);
    });
    expect(await contacts('location', ext.bob)).toEqual([browser.contact]);
    expect(await contacts('ringall', 'all')).toContain(browser.contact);
    console.log(`desk phone removal → contact gone from usrloc in ${took} ms`);
  });

  it('should drop every registration of a deactivated user within 2 s, and leave everyone else’s', async () => {
    const a1 = await newContact('alice', []);
    const a2 = await newContact('alice', [a1.contact]);
    const b = await newContact('bob', await contacts('location', ext.bob));
    expect(await contacts('ringall', 'all')).toEqual(expect.arrayContaining([a1.contact, a2.contact, b.contact]));

    const res = await head.patch(`/api/users/${ids.alice}`, { active: false });
    expect(res.status).toBe(200);
    const took = await within(DROP_WITHIN_MS, 'Alice’s contacts gone', async () => {
      const [loc, all] = await Promise.all([contacts('location', ext.alice), contacts('ringall', 'all')]);
      return loc.length === 0 && !all.includes(a1.contact) && !all.includes(a2.contact);
    });
    expect(await contacts('location', ext.bob)).toContain(b.contact);
    expect(await contacts('ringall', 'all')).toContain(b.contact);
    const dump = JSON.stringify(await stack.kamailio.rpc('ul.dump'));
    expect(dump).not.toContain(a1.contact);
    expect(dump).not.toContain(a2.contact);
    console.log(`deactivation → ${2} contacts gone from usrloc in ${took} ms`);
  });

  it('should drop nothing when an active user’s access changes in other ways (role, password)', async () => {
    const b = await newContact('bob', await contacts('location', ext.bob));
    expect((await head.patch(`/api/users/${ids.bob}`, { role: 'head' })).status).toBe(200);
    expect((await head.patch(`/api/users/${ids.bob}`, { role: 'seller' })).status).toBe(200);
    expect((await head.post(`/api/users/${ids.bob}/reset-password`, {})).status).toBe(200);
    // A later deactivation's drop is logged after the earlier events were handled: then look.
    const carol = await head.post('/api/users', { email: 'carol.rpc@example.com', name: 'Carol', role: 'seller', password: 'carol-password' });
    await head.patch(`/api/users/${carol.body.id}`, { active: false });
    await within(DROP_WITHIN_MS, 'Carol’s drop logged', async () => backend.output().includes(`user ${carol.body.id} (ext`));
    expect(await contacts('location', ext.bob)).toContain(b.contact);
    expect(backend.output()).not.toContain(`user ${ids.bob} (ext`);
  });
});
