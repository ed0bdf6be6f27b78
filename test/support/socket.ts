import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export interface Received {
  event: string;
  payload: any;
  at: number;
}

/** A socket.io client that records every event, and can wait for one. */
export class RecordingSocket {
  readonly received: Received[] = [];
  private waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];

  private constructor(readonly socket: Socket) {
    socket.onAny((event, payload) => {
      const r = { event, payload, at: performance.now() };
      this.received.push(r);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(r)) return true;
        w.resolve(r);
        return false;
      });
    });
  }

  /** `options` add to the defaults, e.g. `{ ca }` to trust a test CA for https://. */
  static async connect(url: string, token: string | undefined, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<RecordingSocket> {
    const socket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, ...options });
    const rec = new RecordingSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('ready', () => resolve());
      socket.once('connect_error', (err) => reject(err));
    });
    return rec;
  }

  /** Resolves with the first event (already received or future) that matches. */
  waitFor(event: string, predicate: (payload: any) => boolean = () => true, timeoutMs = 5000): Promise<Received> {
    const match = (r: Received) => r.event === event && predicate(r.payload);
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  events(event: string, predicate: (payload: any) => boolean = () => true): Received[] {
    return this.received.filter((r) => r.event === event && predicate(r.payload));
  }

  close(): void {
    this.socket.close();
  }
}

