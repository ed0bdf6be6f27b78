import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { ClientToServerHandlers, ServerToClientHandlers } from '@callboard/contracts';
import type { Socket } from 'socket.io';
import { actorRooms } from '../../common/access/deal-visibility';
import { TokenVerifier } from '../../common/access/token-verifier';
import { WallboardVerifier } from '../../common/access/wallboard-verifier';
import { AppException } from '../../common/errors/app.exception';
import { ENV, type Env } from '../../config/env';
import { RealtimeService, sessionRoom, type SocketData, type TypedServer, WALLBOARD_ROOM, wallboardTokenRoom } from './realtime.service';

type TypedSocket = Socket<ClientToServerHandlers, ServerToClientHandlers, Record<string, never>, Partial<SocketData & { wallboardName: string }>>;

/** setTimeout's ceiling (about 24.8 days); a later expiry is re-checked by the sweep anyway. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * socket.io at its default path and namespace. A socket authenticates in the handshake
 * (`auth.token`) and joins the rooms its user may hear: their own, the Heads', or the inbox,
 * plus its session's room so that a sign-out closes exactly the sockets of that sign-in.
 * A socket lives no longer than its token: a timer closes it when the token expires, and a sweep
 * closes those whose session ended elsewhere (another process, the database).
 */
@WebSocketGateway({ serveClient: false, cors: { origin: false } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  private server: TypedServer | null = null;
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly wallboards: WallboardVerifier,
    private readonly realtime: RealtimeService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  afterInit(server: TypedServer): void {
    this.server = server;
    this.realtime.attach(server);
    server.use((socket, next) => {
      const wallboardToken = socket.handshake.auth?.wallboardToken;
      if (wallboardToken !== undefined) return this.admitWallboard(socket, wallboardToken, next);
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string' || !token) {
        return next(withData(new Error('Sign in first: no token in the handshake'), 'UNAUTHENTICATED'));
      }
      this.tokens
        .verifySession(token)
        .then((session) => {
          socket.data.actor = session.actor;
          socket.data.sessionId = session.sessionId;
          socket.data.expiresAt = session.expiresAt.getTime();
          next();
        })
        .catch((err: unknown) => {
          // Only our own messages reach the client; anything else (a database failure) stays in the log.
          if (err instanceof AppException) return next(withData(new Error(err.message), err.code));
          this.logger.error(`socket handshake failed: ${err instanceof Error ? err.message : String(err)}`);
          next(withData(new Error('The server could not check your session; try again'), 'INTERNAL'));
        });
    });
    this.sweep = setInterval(() => void this.closeStale(), this.env.SESSION_SWEEP_MS);
    this.sweep.unref();
  }

  async handleConnection(socket: TypedSocket): Promise<void> {
    const { wallboardTokenId } = socket.data;
    if (wallboardTokenId) {
      // a wallboard hears only the figures hints: no user, inbox or Heads' room
      await socket.join([WALLBOARD_ROOM, wallboardTokenRoom(wallboardTokenId)]);
      socket.emit('wallboard.ready', { name: socket.data.wallboardName ?? '' });
      this.logger.debug(`socket ${socket.id} of wallboard ${wallboardTokenId} joined`);
      return;
    }
    const { actor, sessionId } = socket.data;
    if (!actor || !sessionId) {
      socket.disconnect(true);
      return;
    }
    const expiresInMs = (socket.data.expiresAt ?? 0) - Date.now();
    const expiry = setTimeout(() => {
      this.logger.debug(`socket ${socket.id} of user ${actor.id}: token expired`);
      socket.disconnect(true);
    }, Math.min(Math.max(expiresInMs, 0), MAX_TIMER_MS));
    expiry.unref();
    socket.once('disconnect', () => clearTimeout(expiry));
    // the rooms of the one visibility rule (`actorRooms` is `dealRooms`' counterpart), plus the sign-in's own
    await socket.join([...actorRooms(actor), sessionRoom(sessionId)]);
    socket.emit('ready', { userId: actor.id, role: actor.role });
    this.logger.debug(`socket ${socket.id} of user ${actor.id} joined`);
  }

  onModuleDestroy(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  /** A wallboard's socket: its token only (`auth.wallboardToken`), checked like its HTTP requests. */
  private admitWallboard(socket: TypedSocket, token: unknown, next: (err?: Error) => void): void {
    if (typeof token !== 'string' || !token) return next(withData(new Error('No wallboard token in the handshake'), 'UNAUTHENTICATED'));
    this.wallboards
      .verify(token)
      .then((wallboard) => {
        socket.data.wallboardTokenId = wallboard.id;
        socket.data.wallboardName = wallboard.name;
        next();
      })
      .catch((err: unknown) => {
        if (err instanceof AppException) return next(withData(new Error(err.message), err.code));
        this.logger.error(`wallboard handshake failed: ${err instanceof Error ? err.message : String(err)}`);
        next(withData(new Error('The server could not check the wallboard token; try again'), 'INTERNAL'));
      });
  }

  /** Closes local sockets whose session is no longer live, or whose wallboard token was revoked (elsewhere too). */
  private async closeStale(): Promise<void> {
    if (!this.server) return;
    try {
      // this node's sockets only: every node sweeps its own
      const sockets = await this.server.local.fetchSockets();
      const ids = [...new Set(sockets.map((s) => s.data.sessionId).filter((x): x is string => !!x))];
      const stale = await this.tokens.staleSessions(ids);
      if (stale.length) this.realtime.disconnectSessions(stale);
      const boards = [...new Set(sockets.map((s) => s.data.wallboardTokenId).filter((x): x is string => !!x))];
      this.realtime.disconnectWallboards(await this.wallboards.revoked(boards));
    } catch (err) {
      this.logger.warn(`session sweep failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function withData(err: Error, code: string): Error {
  (err as Error & { data?: unknown }).data = { code };
  return err;
}
