import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type CreatedWallboardToken,
  type CreateWallboardTokenRequest,
  type WallboardFigures,
  type WallboardTokenInfo,
  WallboardTokenValue,
} from '@callboard/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { type Actor, isHead, type Wallboard } from '../../common/access/access.decorators';
import { WallboardVerifier } from '../../common/access/wallboard-verifier';
import { BusinessZone } from '../../common/clock/business-zone';
import { Clock } from '../../common/clock/clock';
import { AppException } from '../../common/errors/app.exception';
import { ENV, type Env } from '../../config/env';
import { RealtimeService } from '../realtime/realtime.service';
import { WallboardRepository } from './wallboard.repository';

/** SHA-256 of the token: enough for 256 random bits (nothing to guess), and it can be looked up by equality. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Read-only wallboards (a TV on the sales floor): Heads create, list and revoke their tokens; a
 * token opens today's team figures and the wallboard socket room, nothing else. Token values are
 * never stored, logged or listed: only their hash is kept.
 */
@Injectable()
export class WallboardService extends WallboardVerifier {
  private readonly logger = new Logger(WallboardService.name);

  constructor(
    private readonly repo: WallboardRepository,
    private readonly clock: Clock,
    private readonly zone: BusinessZone,
    private readonly realtime: RealtimeService,
    @Inject(ENV) private readonly env: Env,
  ) {
    super();
  }

  async create(actor: Actor, input: CreateWallboardTokenRequest): Promise<CreatedWallboardToken> {
    this.mustBeHead(actor);
    const token = randomBytes(32).toString('base64url');
    const row = await this.repo.insertToken({ name: input.name, tokenHash: hashToken(token), createdBy: actor.id });
    this.logger.log(`wallboard token ${row.id} created by user ${actor.id}`);
    // the fragment never reaches a server (nor its access log); the page reads it once and drops it
    const base = this.env.PUBLIC_URL?.replace(/\/$/, '') ?? '';
    return { id: row.id, name: row.name, token, url: `${base}/wallboard#token=${token}` };
  }

  list(actor: Actor): Promise<WallboardTokenInfo[]> {
    this.mustBeHead(actor);
    return this.repo.tokens();
  }

  /** Revokes the token: its next request answers 401 and its sockets close now. */
  async revoke(actor: Actor, id: string): Promise<void> {
    this.mustBeHead(actor);
    const row = await this.repo.revoke(id);
    if (!row) throw new AppException('NOT_FOUND', 'No such wallboard');
    this.realtime.disconnectWallboards([id]);
    this.logger.log(`wallboard token ${id} revoked by user ${actor.id}`);
  }

  async figures(wallboard: Wallboard): Promise<WallboardFigures> {
    // the team's zone (Admin → Team; else BUSINESS_TIMEZONE), as for Today and the reports
    const timeZone = await this.zone.timeZone();
    const now = this.clock.now();
    const day = await this.repo.figures(now, timeZone);
    return { ...day, timeZone, name: wallboard.name, generatedAt: now.toISOString() };
  }

  async verify(token: string): Promise<Wallboard> {
    // a malformed value never reaches the database
    const found = WallboardTokenValue.safeParse(token).success ? await this.repo.useToken(hashToken(token)) : null;
    if (!found) throw new AppException('UNAUTHENTICATED', 'This wallboard token is not valid (revoked or unknown)');
    return found;
  }

  revoked(ids: string[]): Promise<string[]> {
    return this.repo.revokedAmong(ids);
  }

  private mustBeHead(actor: Actor): void {
    if (!isHead(actor)) throw new AppException('FORBIDDEN', 'Only a Head manages wallboards');
  }
}
