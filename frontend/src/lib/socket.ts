import { io, type Socket } from 'socket.io-client';
import type { ServerToClientEvents } from '@callboard/contracts';

// The client sends nothing over the socket yet.
type ClientToServerEvents = Record<string, never>;
export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One authenticated socket.io connection to the same origin (default path /socket.io). */
export function connectSocket(token: string): AppSocket {
  return io({ auth: { token }, transports: ['websocket', 'polling'] });
}
