import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { Actor } from '../../common/access/access.decorators';
import { TokenVerifier } from '../../common/access/token-verifier';
import { AppException } from '../../common/errors/app.exception';
import { HEADS_ROOM, INBOX_ROOM, RealtimeService, userRoom } from './realtime.service';

/**
 * socket.io at its default path and namespace. A socket authenticates in the handshake
 * (`auth.token`) and joins the rooms its user may hear: their own, the Heads', or the inbox.
 */
@WebSocketGateway({ serveClient: false, cors: { origin: false } })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly tokens: TokenVerifier,
    private readonly realtime: RealtimeService,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      const token = socket.handshake.auth?.token;
      if (typeof token !== 'string' || !token) {
        return next(withData(new Error('Sign in first: no token in the handshake'), 'UNAUTHENTICATED'));
      }
      this.tokens
        .verify(token)
        .then((actor) => {
          socket.data.actor = actor;
          next();
        })
        .catch((err: unknown) => {
          // Only our own messages reach the client; anything else (a database failure) stays in the log.
          if (err instanceof AppException) return next(withData(new Error(err.message), err.code));
          this.logger.error(`socket handshake failed: ${err instanceof Error ? err.message : String(err)}`);
          next(withData(new Error('The server could not check your session; try again'), 'INTERNAL'));
        });
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const actor = socket.data.actor as Actor | undefined;
    if (!actor) {
      socket.disconnect(true);
      return;
    }
    await socket.join([userRoom(actor.id), actor.role === 'head' ? HEADS_ROOM : INBOX_ROOM]);
    socket.emit('ready', { userId: actor.id, role: actor.role });
    this.logger.debug(`socket ${socket.id} of user ${actor.id} joined`);
  }
}

function withData(err: Error, code: string): Error {
  (err as Error & { data?: unknown }).data = { code };
  return err;
}
