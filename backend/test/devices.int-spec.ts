import { createHash } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { CreatedDevice, Device } from '@callboard/contracts';
import { createWorld, sql, type World } from './fixtures';

// Desk phones with their own SIP accounts (issue 11, item 6), against the real backend and
// PostgreSQL. SIP_RPC_URL points at a closed port: dropping a registration fails, and the removal
// must succeed anyway (the live drop against a real Kamailio is test/telephony/device-registrations.spec.ts).

const SIP_DOMAIN = 'devices.callboard.test';
const SIP_HOST = 'pbx.office.test';
let world: World;

beforeAll(async () => {
  world = await createWorld({ env: { SIP_DOMAIN, SIP_PUBLIC_HOST: SIP_HOST, SIP_RPC_URL: 'http://127.0.0.1:9/RPC', SIP_TLS_PORT: '5061' } });
});

afterAll(async () => {
  await world?.backend.destroy();
});

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

async function addPhone(api: World['alice'], body: Record<string, unknown>): Promise<CreatedDevice> {
  const res = await api.post<CreatedDevice>('/api/devices', body);
  if (res.status !== 201) throw new Error(`add phone: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

function decodeQr(dataUrl: string): string | null {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl);
  if (!m) return null;
  const png = PNG.sync.read(Buffer.from(m[1]!, 'base64'));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

describe('adding a desk phone', () => {
  it('should give a Seller a phone account of their own, with the settings, a strong password and a QR code of them', async () => {
    const created = await addPhone(world.alice, { label: 'Desk phone, room 2' });
    const { device, settings } = created;
    expect(device).toMatchObject({ userId: world.ids.alice, userActive: true, label: 'Desk phone, room 2', registered: false, lastAddress: null });
    expect(device.username).toMatch(/^d[a-z2-7]{10}$/);
    expect(settings).toEqual({
      server: SIP_HOST,
      domain: SIP_DOMAIN,
      transports: [
        { transport: 'udp', port: 5060 },
        { transport: 'tcp', port: 5060 },
        { transport: 'tls', port: 5061 },
      ],
      username: device.username,
      authUsername: device.username,
      password: expect.stringMatching(/^[A-Za-z0-9]{24}$/),
    });
    expect(created.qrText).toContain(`Password: ${settings.password}`);
    expect(decodeQr(created.qrCode)).toBe(created.qrText);
  });

  it('should store only the HA1 Kamailio verifies, never the password, and never log it', async () => {
    const { device, settings } = await addPhone(world.alice, { label: 'Second phone' });
    const [row] = await sql(world, `SELECT * FROM sip_devices WHERE id = $1`, [device.id]);
    expect(row.ha1).toBe(md5(`${device.username}:${SIP_DOMAIN}:${settings.password}`));
    expect(JSON.stringify(row)).not.toContain(settings.password);
    // what Kamailio's auth_db reads
    const [cred] = await sql(world, `SELECT * FROM sip_device_credentials WHERE username = $1`, [device.username]);
    expect(cred).toEqual({ username: device.username, ha1: row.ha1, extension: (await world.alice.get('/api/auth/me')).body.extension });
    expect(world.backend.output()).not.toContain(settings.password);
    expect(world.backend.output()).toContain(device.id);
  });

  it('should show the password once: no list ever carries it again', async () => {
    const { device, settings } = await addPhone(world.alice, { label: 'Shown once' });
    const mine = await world.alice.get<Device[]>('/api/devices');
    const all = await world.head.get<Device[]>('/api/devices');
    expect(mine.body.map((d) => d.id)).toContain(device.id);
    expect(JSON.stringify(mine.body)).not.toContain(settings.password);
    expect(JSON.stringify(all.body)).not.toContain(settings.password);
    expect(Object.keys(mine.body[0]!).sort()).toEqual(Object.keys(device).sort());
  });

  it('should let a Head add a phone to another user, and give two phones two different accounts', async () => {
    const a = await addPhone(world.head, { userId: world.ids.bob, label: 'Bob desk' });
    const b = await addPhone(world.head, { userId: world.ids.bob, label: 'Bob desk 2' });
    expect(a.device.userId).toBe(world.ids.bob);
    expect(a.device).toMatchObject({ userName: 'Bob Seller', extension: '1002' });
    expect(a.device.username).not.toBe(b.device.username);
    expect(a.settings.password).not.toBe(b.settings.password);
    const bobs = await world.head.get<Device[]>(`/api/devices?userId=${world.ids.bob}`);
    expect(bobs.status).toBe(200);
    expect(bobs.body.every((d) => d.userId === world.ids.bob)).toBe(true);
    expect(bobs.body.map((d) => d.id)).toEqual(expect.arrayContaining([a.device.id, b.device.id]));
  });

  it('should refuse a label that is empty or carries control characters, and unknown fields', async () => {
    for (const body of [{ label: '' }, { label: '   ' }, { label: 'a\u0000b' }, { label: 'x'.repeat(81) }, { label: 'ok', password: 'mine' }]) {
      const res = await world.alice.post('/api/devices', body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('should refuse a phone for a deactivated or unknown user', async () => {
    const carol = await world.head.post('/api/users', { email: 'carol.dev@example.com', name: 'Carol', role: 'seller', password: 'carol-password' });
    await world.head.patch(`/api/users/${carol.body.id}`, { active: false });
    const inactive = await world.head.post('/api/devices', { userId: carol.body.id, label: 'x' });
    expect([inactive.status, inactive.body.code]).toEqual([409, 'USER_INACTIVE']);
    const unknown = await world.head.post('/api/devices', { userId: '00000000-0000-4000-8000-000000000000', label: 'x' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'USER_NOT_FOUND']);
  });

  it('should stop at the limit of phones per user, even when they are added at once', async () => {
    const dave = await world.head.post('/api/users', { email: 'dave.dev@example.com', name: 'Dave', role: 'seller', password: 'dave-password' });
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) => world.head.post('/api/devices', { userId: dave.body.id, label: `phone ${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual(Array(4).fill('DEVICE_LIMIT'));
  });
});

describe('a Seller never sees or touches another user’s phones', () => {
  let bobDevice: Device;
  beforeAll(async () => {
    bobDevice = (await addPhone(world.bob, { label: 'Bob private' })).device;
  });

  it('should refuse Alice adding a phone to Bob', async () => {
    const res = await world.alice.post('/api/devices', { userId: world.ids.bob, label: 'sneaky' });
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('should refuse Alice the list of Bob’s phones and leave his out of hers', async () => {
    const res = await world.alice.get(`/api/devices?userId=${world.ids.bob}`);
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    const mine = await world.alice.get<Device[]>('/api/devices');
    expect(mine.body.length).toBeGreaterThan(0);
    expect(mine.body.every((d) => d.userId === world.ids.alice)).toBe(true);
  });

  it('should answer Alice removing Bob’s phone as if it did not exist, and keep it', async () => {
    const res = await world.alice.delete(`/api/devices/${bobDevice.id}`);
    expect([res.status, res.body.code]).toEqual([404, 'DEVICE_NOT_FOUND']);
    expect(await sql(world, `SELECT id FROM sip_devices WHERE id = $1`, [bobDevice.id])).toHaveLength(1);
  });

  it('should refuse without a sign-in', async () => {
    expect((await world.anon.get('/api/devices')).status).toBe(401);
    expect((await world.anon.post('/api/devices', { label: 'x' })).status).toBe(401);
    expect((await world.anon.delete(`/api/devices/${bobDevice.id}`)).status).toBe(401);
  });
});

describe('registration status', () => {
  it('should show what the SIP server wrote, as it was written, registered only until it expires', async () => {
    const live = (await addPhone(world.alice, { label: 'Live' })).device;
    const stale = (await addPhone(world.alice, { label: 'Stale' })).device;
    const hostile = '<img src=x onerror=alert(1)> Yealink "T46U"';
    await sql(
      world,
      `UPDATE sip_devices SET last_registered_at = now(), registered_until = now() + interval '1 hour',
         last_address = '192.0.2.10:5060', last_transport = 'udp', last_user_agent = $2 WHERE id = $1`,
      [live.id, hostile],
    );
    await sql(world, `UPDATE sip_devices SET last_registered_at = now() - interval '2 hours', registered_until = now() - interval '1 hour' WHERE id = $1`, [
      stale.id,
    ]);
    const list = (await world.alice.get<Device[]>('/api/devices')).body;
    const l = list.find((d) => d.id === live.id)!;
    const s = list.find((d) => d.id === stale.id)!;
    expect(l).toMatchObject({ registered: true, lastAddress: '192.0.2.10:5060', lastTransport: 'udp', lastUserAgent: hostile });
    expect(Date.parse(l.registeredUntil!)).toBeGreaterThan(Date.now());
    expect(s.registered).toBe(false);
    expect(s.lastRegisteredAt).not.toBeNull();
  });
});

describe('removing a phone', () => {
  it('should delete the account even when the SIP server cannot be reached to drop the registration', async () => {
    const { device } = await addPhone(world.alice, { label: 'To remove' });
    await sql(world, `UPDATE sip_devices SET last_contact = 'sip:abc@192.0.2.10:5060' WHERE id = $1`, [device.id]);
    const res = await world.alice.delete(`/api/devices/${device.id}`);
    expect(res.status).toBe(204);
    expect(await sql(world, `SELECT id FROM sip_devices WHERE id = $1`, [device.id])).toEqual([]);
    expect(await sql(world, `SELECT * FROM sip_device_credentials WHERE username = $1`, [device.username])).toEqual([]);
    expect(world.backend.output()).toMatch(new RegExp(`device ${device.id} .*could not drop its registration`));
    const again = await world.alice.delete(`/api/devices/${device.id}`);
    expect(again.status).toBe(404);
  });

  it('should let a Head remove anyone’s phone', async () => {
    const { device } = await addPhone(world.bob, { label: 'Head removes' });
    expect((await world.head.delete(`/api/devices/${device.id}`)).status).toBe(204);
    expect((await world.bob.get<Device[]>('/api/devices')).body.map((d) => d.id)).not.toContain(device.id);
  });

  it('should take a deactivated user’s phones out of what the SIP server may authenticate, and give them back on reactivation', async () => {
    const erin = await world.head.post('/api/users', { email: 'erin.dev@example.com', name: 'Erin', role: 'seller', password: 'erin-password' });
    const { device } = await addPhone(world.head, { userId: erin.body.id, label: 'Erin desk' });
    const creds = () => sql(world, `SELECT username FROM sip_device_credentials WHERE username = $1`, [device.username]);
    expect(await creds()).toHaveLength(1);
    expect((await world.head.patch(`/api/users/${erin.body.id}`, { active: false })).status).toBe(200);
    expect(await creds()).toEqual([]);
    const listed = (await world.head.get<Device[]>(`/api/devices?userId=${erin.body.id}`)).body;
    expect(listed.map((d) => [d.id, d.userActive])).toEqual([[device.id, false]]);
    expect((await world.head.patch(`/api/users/${erin.body.id}`, { active: true })).status).toBe(200);
    expect(await creds()).toHaveLength(1);
  });
});
