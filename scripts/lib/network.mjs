// The address other machines on the LAN reach this one at: Kamailio listens on it next to
// loopback, rtpengine relays media on it, the certificate names it, the banner prints it.
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';

const isLinkLocal = (ip) => ip.startsWith('169.254.');

/** Every non-internal IPv4 address of this machine, in the order the system lists them. */
export function lanAddresses(interfaces = networkInterfaces()) {
  const out = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal && !isLinkLocal(a.address) && !out.includes(a.address)) out.push(a.address);
    }
  }
  return out;
}

/**
 * The server's LAN address: CALLBOARD_ADDRESS when set (it must be an IPv4 address of this
 * machine), else the first non-internal IPv4 address, else 127.0.0.1 (this machine only).
 * @returns {{ address: string, source: 'CALLBOARD_ADDRESS' | 'detected' | 'none', all: string[] }}
 */
export function serverAddress(env = process.env, interfaces = networkInterfaces()) {
  const all = lanAddresses(interfaces);
  const wanted = env.CALLBOARD_ADDRESS?.trim();
  if (wanted) {
    const mine = Object.values(interfaces).flat().some((a) => a?.address === wanted);
    if (!isIPv4(wanted) || !mine) {
      throw new Error(`CALLBOARD_ADDRESS=${wanted} is not an IPv4 address of this machine (it has ${['127.0.0.1', ...all].join(', ')})`);
    }
    return { address: wanted, source: 'CALLBOARD_ADDRESS', all: all.includes(wanted) || wanted.startsWith('127.') ? all : [wanted, ...all] };
  }
  if (!all.length) return { address: '127.0.0.1', source: 'none', all };
  return { address: all[0], source: 'detected', all };
}
