import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { TokenVerifier } from '../../common/access/token-verifier';
import { AppException } from '../../common/errors/app.exception';
import { ENV, type Env } from '../../config/env';
import { toUser } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { decoyHash, verifyPassword } from './password';

interface TokenClaims {
  sub: string;
  role: string;
}

@Injectable()
export class AuthService extends TokenVerifier {
  private readonly logger = new Logger(AuthService.name);
  private readonly limiter = new LoginRateLimiter({ perAccount: 5, perIp: 50, windowMs: 15 * 60_000 });

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(ENV) private readonly env: Env,
  ) {
    super();
  }

  async login(input: LoginRequest, ip: string): Promise<LoginResponse> {
    const retryAfterMs = this.limiter.retryAfterMs(input.email, ip);
    if (retryAfterMs > 0) {
      throw new AppException('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', {
        retryAfterSeconds: Math.ceil(retryAfterMs / 1000),
      });
    }
    const user = await this.users.findByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash()), input.password);
    if (!user || !ok || !user.active) {
      this.limiter.recordFailure(input.email, ip);
      this.logger.warn(`failed sign-in from ${ip}`);
      throw new AppException('INVALID_CREDENTIALS', 'Wrong email or password');
    }
    this.limiter.recordSuccess(input.email, ip);
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, role: user.role } satisfies TokenClaims,
      { expiresIn: this.env.JWT_TTL_SECONDS },
    );
    return {
      accessToken,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, extension: user.extension },
    };
  }

  /** Verifies the token and that its user is still active, with the role they have now. */
  async verify(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token);
    } catch {
      throw new AppException('UNAUTHENTICATED', 'Your session is invalid or has expired; sign in again');
    }
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new AppException('UNAUTHENTICATED', 'Your account is not active');
    return { id: user.id, role: user.role, name: user.name };
  }

  async me(actor: Actor): Promise<User> {
    const user = await this.users.findActive(actor.id);
    if (!user) throw new AppException('UNAUTHENTICATED', 'Your account is not active');
    return toUser(user);
  }
}
