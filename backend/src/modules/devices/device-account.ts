import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { DeviceSettings, SipTransport } from '@callboard/contracts';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
// Letters and digits a person can copy off a screen: no 0/O/o, 1/l/I. Only characters that need
// no escaping in a SIP URI, a phone's web form or a config file line.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PASSWORD_LENGTH = 24; // log2(56^24) ≈ 139 bits

/** "d" + 10 base32 characters (50 random bits): short, unguessable, a valid SIP user part. */
export function newDeviceUsername(): string {
  // 256 is a multiple of 32: the low 5 bits of a random byte are uniform
  return 'd' + [...randomBytes(10)].map((b) => BASE32[b & 31]).join('');
}

export function newDevicePassword(): string {
  let out = '';
  for (let i = 0; i < PASSWORD_LENGTH; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

/** What Kamailio's auth_db verifies a digest against (RFC 2617 HA1), so no password is stored. */
export function digestHa1(username: string, realm: string, password: string): string {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest('hex');
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^\[?[0-9A-Fa-f:.]+\]?$/;

/** A host name or address a phone can be configured with; anything else (a hostile Host header) is not. */
export function isPhoneHost(host: string): boolean {
  return HOST_NAME.test(host) || IPV4.test(host) || (host.includes(':') && IPV6.test(host));
}

/**
 * Where phones reach the SIP server: the configured public SIP host, else the host of the
 * public URL, else the host this request came to (the name the person's browser used), else
 * the local address that accepted it.
 */
export function phoneServerHost(o: { sipPublicHost?: string; publicUrl?: string; requestHost?: string; localAddress?: string }): string {
  if (o.sipPublicHost) return o.sipPublicHost;
  if (o.publicUrl) return new URL(o.publicUrl).hostname;
  if (o.requestHost && isPhoneHost(o.requestHost)) return o.requestHost;
  const local = (o.localAddress ?? '').replace(/^::ffff:/, '');
  return local && isPhoneHost(local) ? (local.includes(':') ? `[${local}]` : local) : '127.0.0.1';
}

/** UDP and TCP always; TLS when the SIP server serves it (its port known). */
export function phoneTransports(o: { sipPort: number; tlsPort?: number }): { transport: SipTransport; port: number }[] {
  return [
    { transport: 'udp', port: o.sipPort },
    { transport: 'tcp', port: o.sipPort },
    ...(o.tlsPort !== undefined ? [{ transport: 'tls' as const, port: o.tlsPort }] : []),
  ];
}

/** The settings as lines of text: what the QR code holds, readable by any scanner. */
export function settingsText(s: DeviceSettings): string {
  return [
    'Callboard SIP account',
    `Server: ${s.server}`,
    `Domain: ${s.domain}`,
    `Transports: ${s.transports.map((t) => `${t.transport.toUpperCase()} ${t.port}`).join(', ')}`,
    `Username: ${s.username}`,
    `Auth username: ${s.authUsername}`,
    `Password: ${s.password}`,
  ].join('\n');
}
