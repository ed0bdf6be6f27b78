import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse, UpdateMyLanguageRequest, UpdateMyPreferencesRequest, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { TokenVerifier, type VerifiedSession } from '../../common/access/token-verifier';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { toUser, type UserRecord } from '../users/users.types';
import { UsersService } from '../users/users.service';
import { LoginThrottleRepository, type ThrottleVerdict } from './login-throttle.repository';
import { decoyHash, verifyPassword } from '../../common/security/password';
import { SessionsRepository, type RevokeReason } from './sessions.repository';

interface TokenClaims {
  sub: string;
  role: string;
  /** The sessions row this token belongs to. */
  sid: string;
}

/** Where a request came from, for the throttle and the session row. */
export interface Origin {
  address: string;
  userAgent: string | null;
}

@Injectable()
export class AuthService extends TokenVerifier implements OnModuleInit {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsRepository,
    private readonly throttle: LoginThrottleRepository,
    private readonly jwt: JwtService,
    private readonly events: DomainEvents,
    @Inject(ENV) private readonly env: Env,
  ) {
    super();
  }

  onModuleInit(): void {
    this.events.on('user.deactivated', async ({ userId }) => {
      await this.revokeAll(userId, 'deactivated');
    });
    void Promise.all([this.throttle.prune(), this.sessions.prune()]).catch((err: unknown) =>
      this.logger.warn(`pruning old sessions and login counters failed: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  async login(input: LoginRequest, origin: Origin): Promise<LoginResponse> {
    await this.admit(origin.address, input.email);
    const user = await this.users.findByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
    if (!user || !ok || !user.active) {
      this.logger.warn(`failed sign-in for ${input.email} from ${origin.address}`);
      throw new AppException('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    await this.passed(origin.address, input.email);
    return this.signIn(user, origin);
  }

  /**
   * Counts a password attempt for (address, email) before anything checks the password, and
   * refuses it when the pair or the address is over its limit.
   */
  async admit(address: string, email: string): Promise<void> {
    const verdict = await this.throttle.attempt(address, email);
    if (!verdict.blocked) return;
    if (verdict.newlyBlocked) this.logBlock(verdict, address, email);
    throw new AppException('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }

  /**
   * Counts a failed API key from `address` (the sign-in throttle's table and windows) and tells
   * whether that address is now blocked, with the seconds left.
   */
  async apiKeyFailed(address: string): Promise<{ blocked: boolean; retryAfterSeconds: number }> {
    const verdict = await this.throttle.failedApiKey(address);
    if (verdict.newlyBlocked) this.logger.warn(`failed API keys from ${address} blocked for ${verdict.retryAfterSeconds} s after ${verdict.attempts - 1} attempts`);
    return { blocked: verdict.blocked, retryAfterSeconds: verdict.retryAfterSeconds };
  }

  /** A password proved right: that (address, email) pair starts over. */
  passed(address: string, email: string): Promise<void> {
    return this.throttle.succeeded(address, email);
  }

  /** Opens a session for a user whose password was just checked, and signs its token. */
  async signIn(user: UserRecord, origin: Origin): Promise<LoginResponse> {
    const session = await this.sessions.create({
      userId: user.id,
      ttlSeconds: this.env.JWT_TTL_SECONDS,
      address: origin.address,
      userAgent: origin.userAgent,
    });
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role, sid: session.id } satisfies TokenClaims,
      { expiresIn: this.env.JWT_TTL_SECONDS },
    );
    return {
      accessToken,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, language: user.language, openDealOnAnswer: user.openDealOnAnswer, extension: user.extension },
    };
  }

  /** Sign-out: this token's session ends, here and on its sockets. */
  async logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    if (await this.sessions.revoke(actor.sessionId, 'signed_out')) {
      this.events.emit('sessions.revoked', { userId: actor.id, sessionIds: [actor.sessionId] });
      this.logger.log(`user ${actor.id} signed out (session ${actor.sessionId})`);
    }
  }

  /** Ends every session of a user but `keep` (password change keeps the one that changed it). */
  async revokeAll(userId: string, reason: RevokeReason, keep: string | null = null): Promise<void> {
    const ids = await this.sessions.revokeAllOf(userId, reason, keep);
    if (ids.length) {
      this.events.emit('sessions.revoked', { userId, sessionIds: ids });
      this.logger.log(`ended ${ids.length} session(s) of user ${userId}: ${reason}`);
    }
  }

  async verify(token: string): Promise<Actor> {
    return (await this.verifySession(token)).actor;
  }

  /** Verifies the signature, then that its session is live and its user active, with the role they have now. */
  async verifySession(token: string): Promise<VerifiedSession> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AppException('UNAUTHENTICATED', 'Your session is invalid or has expired; sign in again');
    }
    if (typeof claims.sid !== 'string' || typeof claims.sub !== 'string') {
      throw new AppException('UNAUTHENTICATED', 'Your session is invalid or has expired; sign in again');
    }
    const live = await this.sessions.find(claims.sid, claims.sub);
    if (live && !live.userActive) throw new AppException('UNAUTHENTICATED', 'Your account is not active');
    if (!live || !live.open || !live.unexpired) {
      throw new AppException('UNAUTHENTICATED', 'Your session has ended; sign in again');
    }
    return {
      actor: { id: live.userId, role: live.role, name: live.name, sessionId: live.sessionId },
      sessionId: live.sessionId,
      expiresAt: new Date(live.expiresAt),
    };
  }

  staleSessions(sessionIds: string[]): Promise<string[]> {
    return this.sessions.stale(sessionIds);
  }

  async me(actor: Actor): Promise<User> {
    const user = await this.users.findActive(actor.id);
    if (!user) throw new AppException('UNAUTHENTICATED', 'Your account is not active');
    return toUser(user);
  }

  /** The signed-in user's own language (null: the team's); answers the user as it is now. */
  setLanguage(actor: Actor, input: UpdateMyLanguageRequest): Promise<User> {
    return this.users.setLanguage(actor, input.language);
  }

  /** The signed-in user's own preferences; answers the user as it is now. */
  setPreferences(actor: Actor, input: UpdateMyPreferencesRequest): Promise<User> {
    return this.users.setPreferences(actor, input);
  }

  private logBlock(verdict: ThrottleVerdict, address: string, email: string): void {
    const who = verdict.scope === 'pair' ? `${email} from ${address}` : `every email from ${address}`;
    this.logger.warn(`sign-in blocked for ${who} for ${verdict.retryAfterSeconds} s after ${verdict.attempts - 1} attempts`);
  }
}
