import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF rule for webhook URLs: a receiver must be a public address. Loopback, private,
 * link-local, CGNAT, multicast, reserved and documentation ranges, IPv6 ULA / link-local and
 * IPv4-mapped or NAT64 forms of them are refused unless a Head allowed that exact host on the
 * webhook. The name is resolved once and the request is made to that address (pinned), so a
 * DNS answer cannot change between the check and the connection.
 */
// Two lists: node's BlockList also checks an IPv4 address against IPv6 rules in its mapped form,
// so one list holding ::ffff:0:0/96 would refuse every IPv4 address.
const BLOCKED_V4 = new BlockList();
const BLOCKED_V6 = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED_V4.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 32],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED_V6.addSubnet(net, bits, 'ipv6');
}

/** True when `address` (an IP literal) is not a public unicast address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED_V4.check(address, 'ipv4');
  if (family === 6) return BLOCKED_V6.check(address, 'ipv6');
  return true;
}

/** The URL's host as written in allow-lists: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

export type TargetCheck =
  | { ok: true; url: URL; address: string; family: 4 | 6 }
  | { ok: false; reason: string };

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Resolves the URL's host and decides whether it may be called; the answer names the one
 * address to connect to. Every resolved address must pass (a name with one private address among
 * public ones is refused, as a rebinding trick would look).
 */
export async function checkTarget(rawUrl: string, allowedHosts: readonly string[], resolve: Resolver = systemResolver): Promise<TargetCheck> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} is not http or https` };
  if (url.username || url.password) return { ok: false, reason: 'user name or password in the URL' };
  const host = hostOf(url);
  const allowed = allowedHosts.map((h) => h.toLowerCase().replace(/^\[(.*)\]$/, '$1')).includes(host);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      return { ok: false, reason: `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
    }
  }
  if (!addresses.length) return { ok: false, reason: `${host} has no address` };
  if (!allowed) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) return { ok: false, reason: `${host} resolves to ${bad.address}, a private, loopback or link-local address; allow the host explicitly to use it` };
  }
  const first = addresses[0];
  return { ok: true, url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
