import { Socket, connect } from 'node:net';
import type { Logger } from '../../common/logger';
import { NetstringDecoder, encodeNetstring } from './netstring';

export interface EvapiConnectionOptions {
  host: string;
  port: number;
  minReconnectMs?: number;
  maxReconnectMs?: number;
  /** Names the connection in log lines ("evapi", "routing evapi"). */
  name: string;
}

export interface EvapiConnectionHandlers {
  /** Connected (again): a fresh stream, nothing half-read. */
  onConnect(): void;
  /** The netstrings that arrived in one read, decoded, in order. */
  onMessages(messages: string[]): void;
}

/**
 * One netstring connection to Kamailio's evapi that keeps reconnecting with a doubling back-off.
 * The event source and the routing relay each hold one.
 */
export class EvapiConnection {
  private readonly decoder = new NetstringDecoder();
  private socket: Socket | null = null;
  private stopped = false;
  private reconnectMs: number;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: EvapiConnectionOptions,
    private readonly handlers: EvapiConnectionHandlers,
    private readonly logger: Logger,
  ) {
    this.reconnectMs = options.minReconnectMs ?? 100;
  }

  get connected(): boolean {
    return !!this.socket && !this.socket.destroyed;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.destroy();
  }

  /** Sends one netstring; false when there is no connection. */
  send(text: string): boolean {
    if (!this.connected) return false;
    this.socket!.write(encodeNetstring(text));
    return true;
  }

  /** Drops the connection; it comes back after the back-off (Kamailio then replays what is due). */
  reconnect(): void {
    this.socket?.destroy();
  }

  private connect(): void {
    if (this.stopped) return;
    const socket = connect({ host: this.options.host, port: this.options.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      this.reconnectMs = this.options.minReconnectMs ?? 100;
      this.decoder.reset();
      this.logger.info(`connected to Kamailio ${this.options.name}`, { port: this.options.port });
      this.handlers.onConnect();
    });
    socket.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = this.decoder.push(chunk);
      } catch (e) {
        this.logger.error(`corrupt ${this.options.name} stream, reconnecting`, { error: String(e) });
        socket.destroy();
        return;
      }
      if (messages.length) this.handlers.onMessages(messages);
    });
    socket.on('error', (e) => this.logger.debug(`${this.options.name} socket error`, { error: e.message }));
    socket.on('close', () => {
      if (this.socket === socket) this.socket = null;
      if (this.stopped) return;
      this.logger.warn(`${this.options.name} connection lost, reconnecting`, { inMs: this.reconnectMs });
      this.reconnectTimer = setTimeout(() => this.connect(), this.reconnectMs);
      this.reconnectMs = Math.min(this.options.maxReconnectMs ?? 2000, this.reconnectMs * 2);
    });
  }
}
