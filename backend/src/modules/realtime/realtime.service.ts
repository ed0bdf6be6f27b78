import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ClientToServerHandlers, DealCarryingEvent, FiguresScope, ServerToClientEvent, ServerToClientEvents, ServerToClientHandlers } from '@callboard/contracts';
import type { Server } from 'socket.io';
import type { Actor } from '../../common/access/access.decorators';
import { Coalescer } from './figures-coalescer';
import { canSeeAudience, dealAudience, dealRooms, HEADS_ROOM, INBOX_ROOM, userRoom, type DealAudienceSnapshot } from '../../common/access/deal-visibility';

/**
 * Where the realtime layer reads a deal's current owner and stage group (DealsService in the app,
 * bound in RealtimeModule); null when the deal is gone.
 */
export abstract class DealAudienceSource {
  abstract findById(id: string): Promise<{ ownerId: string | null; stageGroup: string } | null>;
}

export { HEADS_ROOM, INBOX_ROOM, userRoom };
export const sessionRoom = (id: string) => `session:${id}`;
/** Every wallboard (a TV on the sales floor): hears `figures.changed` of every scope, nothing else. */
export const WALLBOARD_ROOM = 'wallboard';
/** One wallboard token's sockets, so that revoking the token closes them. */
export const wallboardTokenRoom = (id: string) => `wallboard-token:${id}`;
/** Who hears that a call's figures changed: the Heads, and the rep who answered or placed it. */
export function callRooms(userId: string | null | undefined): string[] {
  return userId ? [HEADS_ROOM, userRoom(userId)] : [HEADS_ROOM];
}
/** At most one `figures.changed` per room and scope in this window (leading and one trailing). */
export const FIGURES_WINDOW_MS = 2000;

/** What a socket carries once the handshake checked its token: a user's session, or a wallboard token. */
export interface SocketData {
  actor: Actor;
  sessionId: string;
  expiresAt: number;
  wallboardTokenId: string;
}

/** The backend's socket.io server, typed with the contracts' one event map. */
export type TypedServer = Server<ClientToServerHandlers, ServerToClientHandlers, Record<string, never>, SocketData>;

/** Events that may go to rooms as they are: everything but the payloads that carry a deal. */
export type RoomEvent = Exclude<ServerToClientEvent, DealCarryingEvent>;

/** The rooms allowed to see a deal (the one definition lives in common/access/deal-visibility). */
export const roomsFor = dealRooms;

export interface SendOptions {
  /**
   * Receivers who may see the payload's deal although the visibility rule alone would not let
   * them (the target of a transfer sees the deal being handed to them).
   */
  dealAlsoVisibleTo?: string[];
}

/**
 * The one path to the sockets, typed by `ServerToClientEvents`: an unknown event name or a wrong
 * payload does not compile. Events carrying a deal go only to users (never to rooms), and each
 * receiver gets the deal only if it may see it (checked against the deal as it is now); the
 * others get the same payload with `deal: null` (and `contact: null`).
 */
@Injectable()
export class RealtimeService implements OnModuleDestroy {
  private readonly logger = new Logger(RealtimeService.name);
  private server: TypedServer | null = null;
  private readonly figures = new Coalescer(FIGURES_WINDOW_MS, (key) => {
    const [room, scope] = key.split('|') as [string, FiguresScope];
    this.toRooms([room], 'figures.changed', { scope });
  });
  /** Per user, the sends still waiting for a visibility check: later events to that user queue behind them. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly deals: DealAudienceSource) {}

  attach(server: TypedServer): void {
    this.server = server;
  }

  toRooms<K extends RoomEvent>(rooms: string[], event: K, payload: ServerToClientEvents[K], except: string[] = []): void {
    if (!this.server || !rooms.length) return;
    let target = this.server.to(rooms);
    if (except.length) target = target.except(except);
    emit(target, event, payload);
  }

  /**
   * Sends to each user's sockets. Resolves when sent (it never rejects). Events to one user keep
   * their order, including behind a deal-carrying event still being checked.
   */
  toUsers<K extends ServerToClientEvent>(userIds: string[], event: K, payload: ServerToClientEvents[K], options: SendOptions = {}): Promise<void> {
    const server = this.server;
    if (!server || !userIds.length) return Promise.resolve();
    const deal = dealOf(payload);
    if (!deal) {
      const now = userIds.filter((id) => !this.queues.has(id));
      if (now.length) emit(server.to(now.map(userRoom)), event, payload);
      return Promise.all(userIds.filter((id) => this.queues.has(id)).map((id) => this.enqueue(id, async () => emit(server.to(userRoom(id)), event, payload)))).then(() => undefined);
    }
    // One read of the deal as it is now, shared by every receiver.
    // If the read fails the event still goes, without the deal (closed, not lost).
    const audience = this.deals.findById(deal.id).then(
      (row) => (row ? dealAudience(row) : null),
      (err: unknown) => {
        this.logger.warn(`${event} ${deal.id}: deal not readable, withheld from every receiver: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      },
    );
    const granted = new Set(options.dealAlsoVisibleTo ?? []);
    return Promise.all(
      userIds.map((id) =>
        this.enqueue(id, async () => {
          const facts = await audience;
          const room = userRoom(id);
          // Room emits only (no per-socket fetch, which would ask every node and wait for the
          // slowest): a user's sockets share the user's role, Heads' sockets are in HEADS_ROOM and
          // every other signed-in socket in INBOX_ROOM (`actorRooms`).
          if (facts && (granted.has(id) || canSeeAudience({ id, role: 'seller' }, facts))) return emit(server.to(room), event, payload);
          if (facts) emit(server.to(room).except(INBOX_ROOM), event, payload);
          this.logger.debug(`${event} ${deal.id}: deal withheld from user ${id} unless a Head`);
          emit(facts ? server.to(room).except(HEADS_ROOM) : server.to(room), event, withoutDeal(payload));
        }),
      ),
    ).then(() => undefined);
  }

  toHeads<K extends ServerToClientEvent>(event: K, payload: ServerToClientEvents[K]): void {
    // Heads may see every deal: nothing to withhold.
    if (this.server) emit(this.server.to(HEADS_ROOM), event, payload);
  }

  /** A user's presence changed: the Heads (team view) and the user's own tabs (their presence select) hear it. */
  presenceChanged(user: { id: string; presence: ServerToClientEvents['presence.changed']['presence'] }): void {
    this.toRooms([HEADS_ROOM, userRoom(user.id)], 'presence.changed', { userId: user.id, presence: user.presence });
    this.figuresChanged([HEADS_ROOM], 'presence');
  }

  /**
   * Live figures of this scope may have changed for these rooms (and always for the wallboards):
   * a hint to refetch, coalesced per room and scope so a busy team does not repaint screens
   * many times a second. The caller picks rooms allowed to know (a deal's: `dealRooms`).
   */
  figuresChanged(rooms: string[], scope: FiguresScope): void {
    for (const room of new Set([...rooms, WALLBOARD_ROOM])) this.figures.hint(`${room}|${scope}`);
  }

  /** The sockets of these (revoked) wallboard tokens close. */
  disconnectWallboards(tokenIds: string[]): void {
    if (tokenIds.length) this.server?.in(tokenIds.map(wallboardTokenRoom)).disconnectSockets(true);
  }

  onModuleDestroy(): void {
    this.figures.clear();
  }

  toEveryone<K extends RoomEvent>(event: K, payload: ServerToClientEvents[K]): void {
    if (this.server) emit(this.server, event, payload);
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

  private enqueue(userId: string, send: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(userId) ?? Promise.resolve()).then(send).catch((err: unknown) => {
      this.logger.error(`socket send to user ${userId} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.queues.set(userId, next);
    void next.then(() => {
      if (this.queues.get(userId) === next) this.queues.delete(userId);
    });
    return next;
  }
}

/** The callers' generics already tie `event` to its payload; socket.io's own typing cannot follow a generic `K`. */
function emit<K extends ServerToClientEvent>(target: { emit: (...args: any[]) => unknown }, event: K, payload: ServerToClientEvents[K]): void {
  target.emit(event, payload);
}

function dealOf(payload: unknown): { id: string } | null {
  if (!payload || typeof payload !== 'object' || !('deal' in payload)) return null;
  const deal = (payload as { deal: unknown }).deal;
  return deal && typeof deal === 'object' && typeof (deal as { id?: unknown }).id === 'string' ? (deal as { id: string }) : null;
}

/** The payload for a receiver who may not see its deal: the deal (and the contact that comes with it) withheld. */
export function withoutDeal<T>(payload: T): T {
  const copy = { ...(payload as Record<string, unknown>), deal: null };
  if ('contact' in copy) copy.contact = null;
  return copy as T;
}

export type { DealAudienceSnapshot };
