import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { DealAudienceSnapshot } from '../../common/events/domain-events';

export const HEADS_ROOM = 'role:head';
export const INBOX_ROOM = 'inbox';
export const userRoom = (id: string) => `user:${id}`;
export const sessionRoom = (id: string) => `session:${id}`;

/** The rooms allowed to see a deal: the Heads, its owner, or every Seller while it is in the inbox. */
export function roomsFor(a: DealAudienceSnapshot): string[] {
  const rooms = [HEADS_ROOM];
  if (a.ownerId) rooms.push(userRoom(a.ownerId));
  else if (a.inInbox) rooms.push(INBOX_ROOM);
  return rooms;
}

/** Sends typed events to rooms. Other modules (calls, presence) use it to reach users. */
@Injectable()
export class RealtimeService {
  private server: Server | null = null;

  attach(server: Server): void {
    this.server = server;
  }

  toRooms(rooms: string[], event: string, payload: unknown, except: string[] = []): void {
    if (!this.server || !rooms.length) return;
    let target = this.server.to(rooms);
    if (except.length) target = target.except(except);
    target.emit(event, payload);
  }

  toUsers(userIds: string[], event: string, payload: unknown): void {
    this.toRooms(userIds.map(userRoom), event, payload);
  }

  toHeads(event: string, payload: unknown): void {
    this.toRooms([HEADS_ROOM], event, payload);
  }

  /** A user's presence changed: the Heads (team view) and the user's own tabs (their presence select) hear it. */
  presenceChanged(user: { id: string; presence: string }): void {
    this.toRooms([HEADS_ROOM, userRoom(user.id)], 'presence.changed', { userId: user.id, presence: user.presence });
  }

  toEveryone(event: string, payload: unknown): void {
    this.server?.emit(event, payload);
  }

  disconnectUser(userId: string): void {
    this.server?.in(userRoom(userId)).disconnectSockets(true);
  }

  /** The sockets of these sign-ins close (sign-out, password change or reset). */
  disconnectSessions(sessionIds: string[]): void {
    if (sessionIds.length) this.server?.in(sessionIds.map(sessionRoom)).disconnectSockets(true);
  }

  connectedCount(): number {
    return this.server?.engine.clientsCount ?? 0;
  }
}
