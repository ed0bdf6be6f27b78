import { phoneWebSocketUrl, TelephonyCredentials } from './calls';

const ports = { wsUrl: null, wsPort: 8088, wssPort: 8089 };

describe('phoneWebSocketUrl', () => {
  it('should use the page host and the WSS port when the page is https', () => {
    expect(phoneWebSocketUrl(ports, { protocol: 'https:', hostname: 'crm.office.lan' })).toBe('wss://crm.office.lan:8089');
  });

  it('should use the page host and the WS port when the page is http', () => {
    expect(phoneWebSocketUrl(ports, { protocol: 'http:', hostname: '127.0.0.1' })).toBe('ws://127.0.0.1:8088');
  });

  it('should never say localhost when the page was opened by another address', () => {
    const url = phoneWebSocketUrl(ports, { protocol: 'https:', hostname: '192.168.1.20' });
    expect(url).toBe('wss://192.168.1.20:8089');
    expect(url).not.toContain('localhost');
  });

  it('should bracket an IPv6 host when the page was opened by address', () => {
    expect(phoneWebSocketUrl(ports, { protocol: 'https:', hostname: '[fd00::2]' })).toBe('wss://[fd00::2]:8089');
    expect(phoneWebSocketUrl(ports, { protocol: 'https:', hostname: 'fd00::2' })).toBe('wss://[fd00::2]:8089');
  });

  it('should use the server explicit URL when it has one', () => {
    expect(phoneWebSocketUrl({ ...ports, wsUrl: 'ws://127.0.0.1:21088' }, { protocol: 'https:', hostname: 'crm' })).toBe('ws://127.0.0.1:21088');
  });
});

describe('TelephonyCredentials', () => {
  const valid = { sipUri: 'sip:1001@callboard.local', authUsername: '1:1001', password: 'p', wsUrl: null, wsPort: 8088, wssPort: 8089, expiresAt: '2026-01-01T00:00:00.000Z' };

  it('should accept credentials with ports and no explicit URL', () => {
    expect(TelephonyCredentials.parse(valid)).toEqual(valid);
  });

  it('should refuse credentials without the ports when a server sends the old shape', () => {
    const { wsPort: _a, wssPort: _b, ...old } = valid;
    expect(TelephonyCredentials.safeParse({ ...old, wsUrl: 'ws://localhost:8088' }).success).toBe(false);
  });
});
