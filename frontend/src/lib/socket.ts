import { io, type Socket } from 'socket.io-client';
import type { ClientToServerHandlers, ServerToClientHandlers } from '@callboard/contracts';
import { getToken, onTokenChange, setToken } from './auth-token';

/** The tab's socket, typed with the contracts' one event map (the backend's gateway uses the same). */
export type AppSocket = Socket<ServerToClientHandlers, ClientToServerHandlers>;

/**
 * Server events a feature listens to (names and payloads from the contracts' `ServerToClientEvents`;
 * an unknown name does not compile), plus the socket's own `connect`, `disconnect` and `connect_error`.
 * Handlers still validate what arrives (`ServerToClientSchemas`): the type says what the server means to send.
 */
export type SocketHandlers = Partial<ServerToClientHandlers> & {
  connect?: () => void;
  disconnect?: (reason: string) => void;
  connect_error?: (err: Error) => void;
};

/** The part of a socket.io socket the shared instance uses (a fake one in unit specs). */
export interface SocketLike {
  readonly connected: boolean;
  /** Connected, or trying to (socket.io reconnects by itself while active). */
  readonly active: boolean;
  connect(): unknown;
  disconnect(): unknown;
  on(event: string, handler: (...args: any[]) => void): unknown;
  off(event: string, handler: (...args: any[]) => void): unknown;
}

type Auth = (send: (data: { token: string | null }) => void) => void;

export interface SharedSocketDeps<S extends SocketLike> {
  /** Makes the (not yet connected) socket; `auth` is asked for the token at every (re)connect. */
  create: (auth: Auth) => S;
  getToken: () => string | null;
  onTokenChange: (listener: (token: string | null) => void) => unknown;
  /** A released socket stays up this long, so a listener that stops and starts again (a remount) keeps it. */
  idleMs?: number;
  /** After the server refused the handshake (socket.io does not retry that by itself). */
  retryMs?: number;
  /** The server refused this token (session ended: signed out elsewhere, password changed, expired). */
  onUnauthenticated?: (token: string) => void;
}

/**
 * One socket.io connection per tab, shared by every feature that listens: connected with the
 * stored token when the first listener starts, disconnected shortly after the last one stops,
 * reconnected with the new token after a login, dropped on logout.
 */
export class SharedSocket<S extends SocketLike = SocketLike> {
  private socket: S | null = null;
  private listeners = 0;
  private token: string | null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: SharedSocketDeps<S>) {
    this.token = deps.getToken();
    deps.onTokenChange((token) => this.setToken(token));
  }

  /** Adds the handlers to the tab's socket (connecting it if needed); returns what removes them again. */
  listen(handlers: SocketHandlers): () => void {
    const socket = this.ensureSocket();
    const entries = Object.entries(handlers).filter((e): e is [string, (...args: any[]) => void] => typeof e[1] === 'function');
    for (const [event, handler] of entries) socket.on(event, handler);
    this.listeners++;
    clearTimeout(this.idleTimer);
    this.connectIfWanted();
    // a late listener hears that the socket is already up
    if (socket.connected) handlers.connect?.();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      for (const [event, handler] of entries) socket.off(event, handler);
      this.listeners--;
      if (this.listeners === 0) this.idleTimer = setTimeout(() => this.closeIfIdle(), this.deps.idleMs ?? 1000);
    };
  }

  private ensureSocket(): S {
    if (this.socket) return this.socket;
    const socket = this.deps.create((send) => send({ token: this.token }));
    socket.on('connect_error', (err: Error & { data?: { code?: unknown } }) => {
      if (err?.data?.code === 'UNAUTHENTICATED' && this.token) {
        // the session is over: the app goes back to the sign-in page instead of retrying forever
        this.deps.onUnauthenticated?.(this.token);
        return;
      }
      // refused by the server's middleware: socket.io gives up, so try again slowly
      if (socket.active) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.connectIfWanted(), this.deps.retryMs ?? 5000);
    });
    socket.on('disconnect', (reason: string) => {
      // The server closed it (session revoked, access changed): ask again; the handshake decides.
      if (reason !== 'io server disconnect') return;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.connectIfWanted(), Math.min(this.deps.retryMs ?? 5000, 1000));
    });
    this.socket = socket;
    return socket;
  }

  private connectIfWanted(): void {
    const socket = this.socket;
    if (socket && this.token && this.listeners > 0 && !socket.connected && !socket.active) socket.connect();
  }

  private closeIfIdle(): void {
    if (this.listeners > 0 || !this.socket) return;
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
  }

  private setToken(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    const socket = this.socket;
    if (!socket) return;
    clearTimeout(this.retryTimer);
    // the old session's connection goes; a new token connects again (the handshake reads it)
    if (socket.connected || socket.active) socket.disconnect();
    this.connectIfWanted();
  }
}

let shared: SharedSocket | null = null;

/**
 * Listens on the tab's one authenticated socket.io connection (same origin, /socket.io). Call it in
 * an effect and return its result as the cleanup.
 */
export function listenSocket(handlers: SocketHandlers): () => void {
  shared ??= new SharedSocket({
    // typed at `listen` (SocketHandlers); the shared instance only adds and removes handlers by name
    create: (auth): SocketLike => io({ auth, autoConnect: false, transports: ['websocket', 'polling'] }),
    getToken,
    onTokenChange,
    onUnauthenticated: (token) => {
      if (getToken() === token) setToken(null);
    },
  });
  return shared.listen(handlers);
}
