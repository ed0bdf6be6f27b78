import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { io } from 'socket.io-client';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';
import { rawRequest } from '../../test/support/https-client';
import { addLocalAddress, type LocalAddress } from '../../test/support/local-address';
import { type Certificates, makeCertificates } from '../../test/support/tls-certificates';

// The real backend serving https with a certificate made by scripts/lib/certs.mjs (what npm start
// uses), plain http on the same port, and a second address of this machine as "another machine".

/** Resolves with what the TLS handshake on `port` gave: the certificate, or the error. */
function handshake(port: number, ca: Buffer, host = '127.0.0.1'): Promise<{ fingerprint256: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host, port, ca, servername: 'localhost' }, () => {
      resolve({ fingerprint256: socket.getPeerCertificate().fingerprint256 });
      socket.end();
    });
    socket.on('error', (err) => resolve({ error: err.message }));
  });
}

let dir: string;
let certs: Certificates;
let ca: Buffer;
let other: LocalAddress;

beforeAll(() => {
  other = addLocalAddress();
  dir = mkdtempSync(join(tmpdir(), 'callboard-tls-'));
  certs = makeCertificates(dir, ['localhost'], ['127.0.0.1', other.address]);
  ca = readFileSync(certs.caFile);
});

afterAll(() => {
  other?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('https by default (TLS_CERT_FILE / TLS_KEY_FILE)', () => {
  let backend: StartedBackend;
  let sipWs: Server;
  let https: string;

  beforeAll(async () => {
    // something listening where the SIP server's WSS port would be
    sipWs = createServer((s) => s.destroy());
    await new Promise<void>((r) => sipWs.listen(0, '127.0.0.1', r));
    backend = await startBackend({
      env: {
        HOST: '0.0.0.0',
        TLS_CERT_FILE: certs.certFile,
        TLS_KEY_FILE: certs.keyFile,
        TLS_CA_FILE: certs.caFile,
        SIP_WSS_PORT: String((sipWs.address() as { port: number }).port),
        SIP_WS_PORT: '1', // nothing there: an https deployment must probe the WSS port
      },
    });
    https = `https://localhost:${backend.port}`;
  });

  afterAll(async () => {
    await backend?.destroy();
    await new Promise((r) => sipWs?.close(r));
  });

  it('should serve https with exactly the certificate it was given when a client connects over TLS', async () => {
    const res = await rawRequest(`${https}/api/health`, { ca });
    expect(res.status).toBe(200);
    expect(res.peerFingerprint256).toBe(new X509Certificate(readFileSync(certs.certFile)).fingerprint256);
  });

  it('should serve the app over plain http on the same port when the client is on this machine (loopback)', async () => {
    const res = await rawRequest(`http://127.0.0.1:${backend.port}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    const login = await rawRequest(`http://127.0.0.1:${backend.port}/api/auth/login`, { method: 'POST', body: JSON.stringify({ email: 'nobody@example.com', password: 'x' }) });
    expect(login.status).toBe(401);
  });

  it('should redirect plain http to https on the same host and port when the client is another machine', async () => {
    const host = `${other.address}:${backend.port}`;
    const get = await rawRequest(`http://${host}/board?x=1`, { localAddress: other.address });
    expect(get.status).toBe(301);
    expect(get.headers.location).toBe(`https://${host}/board?x=1`);
    expect(get.headers['cache-control']).toBe('no-store');
    expect(get.headers['x-frame-options']).toBe('DENY');

    const post = await rawRequest(`http://${host}/api/auth/login`, { method: 'POST', body: '{}', localAddress: other.address });
    expect(post.status).toBe(308);
    expect(post.headers.location).toBe(`https://${host}/api/auth/login`);

    // the socket.io endpoint is not served over plain http to another machine either
    const polling = await rawRequest(`http://${host}/socket.io/?EIO=4&transport=polling`, { localAddress: other.address });
    expect(polling.status).toBe(301);
  });

  it('should serve https to another machine when it connects over TLS', async () => {
    const res = await rawRequest(`https://${other.address}:${backend.port}/api/health`, { ca, localAddress: other.address });
    expect(res.status).toBe(200);
  });

  it('should carry socket.io over wss when the client connects with https', async () => {
    const { token } = await new Api(backend.url).login('head@example.com');
    const socket = io(https, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true, ca: ca.toString('utf8') });
    try {
      const ready = await new Promise<{ role: string }>((resolve, reject) => {
        socket.once('ready', resolve);
        socket.once('connect_error', reject);
      });
      expect(ready.role).toBe('head');
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.close();
    }
  });

  it('should refuse a client that does not trust the certificate when it has no CA', async () => {
    const res = await handshake(backend.port, Buffer.from(''));
    expect(res).toEqual({ error: expect.stringMatching(/self.signed|unable to (get|verify)/i) });
    // and the server is still fine afterwards
    expect((await rawRequest(`${https}/api/health`, { ca })).status).toBe(200);
  });

  it('should offer the CA for download and say https is on when a CA file is set', async () => {
    const info = await rawRequest(`${https}/api/tls`, { ca });
    expect(JSON.parse(info.body)).toEqual({ https: true, publicUrl: null, caUrl: '/api/tls/ca.pem' });
    const pem = await rawRequest(`${https}/api/tls/ca.pem`, { ca });
    expect(pem.status).toBe(200);
    expect(pem.headers['content-type']).toBe('application/x-x509-ca-cert');
    expect(pem.body).toBe(ca.toString('utf8'));
  });

  it('should report the SIP WebSocket up when its WSS port accepts connections', async () => {
    const res = await rawRequest(`${https}/api/health`, { ca });
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok', database: 'ok', sip: { ws: 'up' }, redis: 'off' });
  });

  it('should give each phone the WS and WSS ports and no fixed URL when SIP_WS_URL is not set', async () => {
    const { api } = await new Api(backend.url).login('alice@example.com');
    const res = await api.get('/api/telephony/credentials');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ wsUrl: null, wsPort: 1, wssPort: (sipWs.address() as { port: number }).port });
  });
});

describe('behind a TLS-terminating proxy (PUBLIC_URL, TRUSTED_PROXIES)', () => {
  let backend: StartedBackend;

  beforeAll(async () => {
    // the "proxy" is the other address; loopback is NOT trusted
    backend = await startBackend({
      env: { HOST: '0.0.0.0', PUBLIC_URL: 'https://crm.example.com', TRUSTED_PROXIES: `${other.address}/32`, TELEPHONY: 'off' },
    });
  });

  afterAll(() => backend?.destroy());

  const wrongLogin = (from: string | undefined, forwardedFor: string) =>
    rawRequest(`http://${from ?? '127.0.0.1'}:${backend.port}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ email: 'head@example.com', password: 'wrong password' }),
      headers: { 'x-forwarded-for': forwardedFor },
      localAddress: from,
    });

  it('should serve plain http to the proxy without redirecting when PUBLIC_URL is https', async () => {
    const res = await rawRequest(`http://${other.address}:${backend.port}/api/health`, { localAddress: other.address });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).sip).toEqual({ ws: 'unknown' });
    const info = JSON.parse((await rawRequest(`http://127.0.0.1:${backend.port}/api/tls`)).body);
    expect(info).toEqual({ https: true, publicUrl: 'https://crm.example.com', caUrl: null });
  });

  it('should ignore X-Forwarded-For from a peer that is not a trusted proxy, and honour it from one', async () => {
    // From loopback (not trusted), a new forwarded address per attempt must not dodge the
    // sign-in limit: every attempt counts against the socket's address.
    let status = 0;
    for (let i = 1; i <= 60 && status !== 429; i++) status = (await wrongLogin(undefined, `203.0.113.${i}`)).status;
    expect(status).toBe(429);
    expect((await wrongLogin(undefined, '203.0.113.200')).status).toBe(429);

    // From the trusted proxy, the forwarded address is the client's: a fresh one is not limited,
    expect((await wrongLogin(other.address, '203.0.113.200')).status).toBe(401);
    // and the limited one (the loopback client's own address, as the proxy forwards it) still is.
    expect((await wrongLogin(other.address, '127.0.0.1')).status).toBe(429);
  });
});

describe('TLS=off', () => {
  let backend: StartedBackend;

  beforeAll(async () => {
    backend = await startBackend({
      env: { HOST: '0.0.0.0', TLS: 'off', TLS_CERT_FILE: certs.certFile, TLS_KEY_FILE: certs.keyFile, TLS_CA_FILE: certs.caFile, SIP_WS_PORT: '1' },
    });
  });

  afterAll(() => backend?.destroy());

  it('should serve plain http to another machine without a redirect when TLS is off', async () => {
    const res = await rawRequest(`http://${other.address}:${backend.port}/api/health`, { localAddress: other.address });
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    // an http deployment probes the plain WS port, where nothing listens
    expect(JSON.parse(res.body).sip).toEqual({ ws: 'down' });
  });

  it('should not answer a TLS handshake and offer no CA when TLS is off', async () => {
    expect(await handshake(backend.port, ca)).toEqual({ error: expect.any(String) });
    const info = JSON.parse((await rawRequest(`http://127.0.0.1:${backend.port}/api/tls`)).body);
    expect(info).toEqual({ https: false, publicUrl: null, caUrl: null });
    expect((await rawRequest(`http://127.0.0.1:${backend.port}/api/tls/ca.pem`)).status).toBe(404);
  });
});
