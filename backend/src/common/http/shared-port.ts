import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { isLoopbackAddress } from './serving';

const TLS_HANDSHAKE = 0x16;
// A connection that sends nothing is closed; http's own timeouts start once we hand it over.
const FIRST_BYTE_TIMEOUT_MS = 10_000;
const HOST_HEADER = /^([a-z0-9_.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

export interface SharedPortOptions {
  cert: Buffer;
  key: Buffer;
  /** Plain http from another machine gets a redirect to https instead of the app. */
  redirectPlainHttp: boolean;
  /** Headers every redirect carries (the app's security headers). */
  headers: Record<string, string>;
}

/**
 * Makes `server` (the app's http server, with express and socket.io on it) accept TLS on its own
 * port: the first byte of a connection tells a TLS ClientHello (0x16) from plain http. Decrypted
 * connections go to the same server, so routes, socket.io and `req.secure` work unchanged.
 * Plain http from another machine never reaches the app when `redirectPlainHttp`.
 */
export function acceptTlsOnSamePort(server: Server, options: SharedPortOptions): void {
  const appListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const toApp = (socket: Socket) => {
    for (const listener of appListeners) listener.call(server, socket);
  };

  const tlsServer = createTlsServer(
    { cert: options.cert, key: options.key, ALPNProtocols: ['http/1.1'], handshakeTimeout: FIRST_BYTE_TIMEOUT_MS },
    toApp,
  );
  // An untrusted certificate, a scanner, a dropped handshake: nothing to do but close.
  tlsServer.on('tlsClientError', (_err, socket) => socket.destroy());

  const redirector = createHttpServer((req, res) => redirectToHttps(req, res, options.headers));
  redirector.headersTimeout = FIRST_BYTE_TIMEOUT_MS;
  redirector.requestTimeout = FIRST_BYTE_TIMEOUT_MS;

  server.on('connection', (socket: Socket) => {
    const drop = () => socket.destroy();
    socket.on('error', drop);
    socket.setTimeout(FIRST_BYTE_TIMEOUT_MS, drop);
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      socket.setTimeout(0);
      socket.off('error', drop);
      if (chunk[0] === TLS_HANDSHAKE) {
        tlsServer.emit('connection', socket); // the TLS socket reads the unshifted ClientHello itself
        return;
      }
      if (options.redirectPlainHttp && !isLoopbackAddress(socket.remoteAddress)) redirector.emit('connection', socket);
      else toApp(socket);
      // http's parser reads the socket's handle directly; resuming hands it the unshifted bytes first
      socket.resume();
    });
  });
}

function redirectToHttps(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  const host = req.headers.host;
  if (!host || !HOST_HEADER.test(host)) {
    res.writeHead(400, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    res.end('This server answers over https only.\n');
    return;
  }
  const path = req.url?.startsWith('/') ? req.url : '/';
  // 301 for GET/HEAD (what browsers follow for a typed address), 308 keeps a POST a POST;
  // no-store: a browser must not keep the redirect if TLS is later turned off.
  res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 301 : 308, {
    ...headers,
    Location: `https://${host}${path}`,
    'Cache-Control': 'no-store',
    Connection: 'close',
  });
  res.end();
}
