import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// How npm start picks the address other machines reach (scripts/lib/network.mjs), run in a real
// Node process with the interface lists a machine could report.

const NETWORK = join(__dirname, 'network.mjs');

type Iface = { address: string; family: 'IPv4' | 'IPv6'; internal: boolean };
const lo: Iface[] = [
  { address: '127.0.0.1', family: 'IPv4', internal: true },
  { address: '::1', family: 'IPv6', internal: true },
];

function serverAddress(interfaces: Record<string, Iface[]>, env: Record<string, string> = {}) {
  const script = `
    const m = await import(${JSON.stringify(NETWORK)});
    try { console.log(JSON.stringify(m.serverAddress(${JSON.stringify(env)}, ${JSON.stringify(interfaces)}))); }
    catch (err) { console.log(JSON.stringify({ error: err.message })); }`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout);
}

describe('serverAddress (npm start)', () => {
  it('should pick the first non-internal IPv4 address, skipping IPv6 and link-local ones', () => {
    const found = serverAddress({
      lo,
      eth0: [
        { address: 'fd00::2', family: 'IPv6', internal: false },
        { address: '169.254.10.1', family: 'IPv4', internal: false },
        { address: '192.168.1.20', family: 'IPv4', internal: false },
      ],
      wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false }],
    });
    expect(found).toEqual({ address: '192.168.1.20', source: 'detected', all: ['192.168.1.20', '10.0.0.7'] });
  });

  it('should take CALLBOARD_ADDRESS when it is an address of this machine', () => {
    const found = serverAddress(
      { lo, eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false }], wlan0: [{ address: '10.0.0.7', family: 'IPv4', internal: false }] },
      { CALLBOARD_ADDRESS: '10.0.0.7' },
    );
    expect(found).toEqual({ address: '10.0.0.7', source: 'CALLBOARD_ADDRESS', all: ['192.168.1.20', '10.0.0.7'] });
  });

  it('should refuse a CALLBOARD_ADDRESS this machine does not have, or one that is not an IPv4 address', () => {
    const ifaces = { lo, eth0: [{ address: '192.168.1.20', family: 'IPv4' as const, internal: false }] };
    expect(serverAddress(ifaces, { CALLBOARD_ADDRESS: '10.9.9.9' }).error).toBe(
      'CALLBOARD_ADDRESS=10.9.9.9 is not an IPv4 address of this machine (it has 127.0.0.1, 192.168.1.20)',
    );
    expect(serverAddress(ifaces, { CALLBOARD_ADDRESS: 'server.lan' }).error).toMatch(/not an IPv4 address/);
  });

  it('should fall back to loopback, saying so, when the machine has no LAN address', () => {
    expect(serverAddress({ lo })).toEqual({ address: '127.0.0.1', source: 'none', all: [] });
  });
});
