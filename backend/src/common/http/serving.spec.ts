import { parseEnv } from '../../config/env';
import { isLoopbackAddress, servingPlan } from './serving';

const base = {
  DATABASE_URL: 'postgres://localhost/x',
  JWT_SECRET: 'x'.repeat(32),
  PBX_SERVICE_TOKEN: 'y'.repeat(24),
  SIP_SHARED_SECRET: 'z'.repeat(16),
};
const plan = (env: Record<string, string>) => servingPlan(parseEnv({ ...base, ...env }));
const cert = { TLS_CERT_FILE: '/s/server.pem', TLS_KEY_FILE: '/s/server.key' };

describe('servingPlan', () => {
  it('should serve plain http only and redirect nothing when no certificate is given', () => {
    expect(plan({})).toEqual({ tls: null, redirectPlainHttp: false, https: false, trustProxy: false });
  });

  it('should serve https and redirect other machines when a certificate is given', () => {
    expect(plan(cert)).toEqual({ tls: { certFile: '/s/server.pem', keyFile: '/s/server.key' }, redirectPlainHttp: true, https: true, trustProxy: false });
  });

  it('should serve plain http only when TLS is off even with a certificate', () => {
    expect(plan({ ...cert, TLS: 'off' })).toMatchObject({ tls: null, redirectPlainHttp: false, https: false });
  });

  it('should not redirect the proxy when PUBLIC_URL is https, and say users are on https', () => {
    expect(plan({ PUBLIC_URL: 'https://crm.example.com', TRUSTED_PROXIES: '10.0.0.2, 10.1.0.0/16' })).toEqual({
      tls: null,
      redirectPlainHttp: false,
      https: true,
      trustProxy: ['10.0.0.2', '10.1.0.0/16'],
    });
    expect(plan({ ...cert, PUBLIC_URL: 'https://crm.example.com' })).toMatchObject({ redirectPlainHttp: false, https: true });
  });
});

describe('TLS settings at boot', () => {
  it('should refuse TLS=on without a certificate', () => {
    expect(() => parseEnv({ ...base, TLS: 'on' })).toThrow(/TLS_CERT_FILE: required when TLS=on/);
  });

  it('should refuse a certificate without its key', () => {
    expect(() => parseEnv({ ...base, TLS_CERT_FILE: '/s/server.pem' })).toThrow(/TLS_KEY_FILE: TLS_CERT_FILE and TLS_KEY_FILE go together/);
  });

  it('should refuse a trusted proxy that is not an address or range', () => {
    expect(() => parseEnv({ ...base, TRUSTED_PROXIES: '10.0.0.1, proxy.example.com' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseEnv({ ...base, TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(/TRUSTED_PROXIES/);
    expect(parseEnv({ ...base, TRUSTED_PROXIES: '::1, fd00::/8' }).TRUSTED_PROXIES).toEqual(['::1', 'fd00::/8']);
  });

  it('should refuse a PUBLIC_URL that is not http(s)', () => {
    expect(() => parseEnv({ ...base, PUBLIC_URL: 'ftp://crm.example.com' })).toThrow(/PUBLIC_URL/);
  });
});

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.2'])('should treat %s as this machine', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });

  it.each(['192.168.1.20', '::ffff:10.0.0.1', '10.127.0.1', 'fe80::1', '::', undefined, ''])('should treat %s as another machine', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });
});
