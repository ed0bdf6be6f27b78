import { createHash } from 'node:crypto';
import { digestHa1, isPhoneHost, newDevicePassword, newDeviceUsername, phoneServerHost, phoneTransports, settingsText } from './device-account';

describe('device accounts', () => {
  it('should make usernames that are short, valid SIP user parts and all different', () => {
    const names = Array.from({ length: 2000 }, newDeviceUsername);
    for (const n of names) expect(n).toMatch(/^d[a-z2-7]{10}$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('should make passwords of 24 unambiguous letters and digits, drawn from the whole alphabet', () => {
    const passwords = Array.from({ length: 500 }, newDevicePassword);
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{24}$/);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(new Set(passwords.join('')).size).toBe(56);
  });

  it('should compute HA1 as md5(username:realm:password) (RFC 2617)', () => {
    expect(digestHa1('d1', 'callboard.local', 'pw')).toBe(createHash('md5').update('d1:callboard.local:pw').digest('hex'));
    // a known vector: md5("Mufasa:testrealm@host.com:Circle Of Life")
    expect(digestHa1('Mufasa', 'testrealm@host.com', 'Circle Of Life')).toBe('939e7578ed9e3c518a452acee763bce9');
  });
});

describe('which host phones are told to use', () => {
  it('should prefer SIP_PUBLIC_HOST, then the public URL’s host, then the request’s host', () => {
    expect(phoneServerHost({ sipPublicHost: 'pbx.lan', publicUrl: 'https://crm.example.com', requestHost: 'x.lan' })).toBe('pbx.lan');
    expect(phoneServerHost({ publicUrl: 'https://crm.example.com:8443/app', requestHost: 'x.lan' })).toBe('crm.example.com');
    expect(phoneServerHost({ requestHost: '192.168.1.20' })).toBe('192.168.1.20');
    expect(phoneServerHost({ requestHost: 'server.local' })).toBe('server.local');
  });

  it('should never pass a hostile Host header on, falling back to the address that took the request', () => {
    for (const h of ['evil.com/<script>', 'a b', 'x"y', '', 'a'.repeat(300)]) {
      expect(isPhoneHost(h)).toBe(false);
      expect(phoneServerHost({ requestHost: h, localAddress: '::ffff:10.1.2.3' })).toBe('10.1.2.3');
    }
    expect(phoneServerHost({ localAddress: 'fe80::1' })).toBe('[fe80::1]');
    expect(phoneServerHost({})).toBe('127.0.0.1');
  });

  it('should offer TLS only when the server has it', () => {
    expect(phoneTransports({ sipPort: 5060 }).map((t) => t.transport)).toEqual(['udp', 'tcp']);
    expect(phoneTransports({ sipPort: 5070, tlsPort: 5071 })).toEqual([
      { transport: 'udp', port: 5070 },
      { transport: 'tcp', port: 5070 },
      { transport: 'tls', port: 5071 },
    ]);
  });

  it('should write every setting into the text the QR code holds', () => {
    const text = settingsText({
      server: 'pbx.lan',
      domain: 'callboard.local',
      transports: phoneTransports({ sipPort: 5060, tlsPort: 5061 }),
      username: 'dabc',
      authUsername: 'dabc',
      password: 'secret',
    });
    expect(text.split('\n')).toEqual([
      'Callboard SIP account',
      'Server: pbx.lan',
      'Domain: callboard.local',
      'Transports: UDP 5060, TCP 5060, TLS 5061',
      'Username: dabc',
      'Auth username: dabc',
      'Password: secret',
    ]);
  });
});
