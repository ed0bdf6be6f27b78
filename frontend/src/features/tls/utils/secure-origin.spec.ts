import { httpsPageUrl, wssTrustUrl } from './secure-origin';

const page = { host: '192.168.1.20:3000', pathname: '/board', search: '?rep=1', hash: '' };

describe('httpsPageUrl', () => {
  it('should point at the same host and port over https when the server serves https itself', () => {
    expect(httpsPageUrl(page, { https: true, publicUrl: null, caUrl: '/api/tls/ca.pem' })).toBe('https://192.168.1.20:3000/board?rep=1');
  });

  it('should point at the public URL when a proxy serves https', () => {
    expect(httpsPageUrl(page, { https: true, publicUrl: 'https://crm.example.com', caUrl: null })).toBe('https://crm.example.com/board?rep=1');
  });

  it('should give no address when the server has TLS off', () => {
    expect(httpsPageUrl(page, { https: false, publicUrl: null, caUrl: null })).toBeNull();
    expect(httpsPageUrl(page, null)).toBeNull();
  });
});

describe('wssTrustUrl', () => {
  it('should turn a wss URL into the https address whose certificate to accept', () => {
    expect(wssTrustUrl('wss://crm.office.lan:8089')).toBe('https://crm.office.lan:8089');
  });

  it('should give nothing for a plain ws URL when there is no certificate involved', () => {
    expect(wssTrustUrl('ws://127.0.0.1:8088')).toBeNull();
  });
});
