import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ENV, type Env } from '../../config/env';
import { AppException } from '../errors/app.exception';
import { API_KEY_PREFIX, type ApiKeyResource } from '@callboard/contracts';
import { ACCESS_KEY, API_KEY_SCOPE, type Access, type Actor, type Wallboard } from './access.decorators';
import { apiKeyVerdict } from './api-key-scope';
import { ApiKeyVerifier } from './api-key-verifier';
import { TokenVerifier } from './token-verifier';
import { WallboardVerifier } from './wallboard-verifier';

/** Global guard: reads the route's access declaration and checks the caller against it. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly wallboards: WallboardVerifier,
    private readonly apiKeys: ApiKeyVerifier,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    // A handler without a declaration is a programming error; deny rather than guess.
    if (!access) throw new AppException('FORBIDDEN', 'This route declares no access rule');
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor; wallboard?: Wallboard }>();
    switch (access.kind) {
      case 'public':
        return true;
      case 'internal':
        if (!sameSecret(bearer(req), this.env.PBX_SERVICE_TOKEN)) {
          throw new AppException('UNAUTHENTICATED', 'A valid service token is required');
        }
        return true;
      case 'roles': {
        const key = apiKeyOf(req);
        if (key !== null) {
          // an API key acts as the Head who made it, within its scopes (ADR 0033)
          const actor = await this.apiKeys.verify(key, req.ip ?? req.socket.remoteAddress ?? 'unknown');
          const areas = this.reflector.getAllAndOverride<ApiKeyResource[] | undefined>(API_KEY_SCOPE, [context.getHandler(), context.getClass()]);
          const verdict = apiKeyVerdict(actor.apiKey, areas, req.method);
          if (!verdict.allowed) throw new AppException(verdict.code, verdict.message);
          if (!access.roles.includes(actor.role)) throw new AppException('FORBIDDEN', 'Your role may not do this');
          req.actor = actor;
          return true;
        }
        const token = bearer(req);
        if (!token) throw new AppException('UNAUTHENTICATED', 'Sign in first: no bearer token');
        const actor = await this.tokens.verify(token);
        if (!access.roles.includes(actor.role)) {
          throw new AppException('FORBIDDEN', 'Your role may not do this');
        }
        req.actor = actor;
        return true;
      }
      case 'wallboard': {
        // only `Wallboard <token>`: a user's bearer token does not open a wallboard route either
        const token = scheme(req, 'Wallboard');
        if (!token) throw new AppException('UNAUTHENTICATED', 'A wallboard token is required');
        req.wallboard = await this.wallboards.verify(token);
        return true;
      }
      default: {
        const never: never = access;
        return never;
      }
    }
  }
}

/**
 * The API key of a request: `Authorization: Bearer cbk_...` or `X-API-Key: ...`; null when it
 * carries none. Both headers at once is refused rather than guessed between.
 */
function apiKeyOf(req: Request): string | null {
  const header = req.headers['x-api-key'];
  const token = bearer(req);
  if (header !== undefined) {
    if (req.headers.authorization !== undefined) {
      throw new AppException('API_KEY_INVALID', 'Send the API key in X-API-Key or in Authorization, not both');
    }
    return (Array.isArray(header) ? header.join(',') : header).trim();
  }
  return token?.startsWith(API_KEY_PREFIX) ? token : null;
}

function bearer(req: Request): string | null {
  return scheme(req, 'Bearer');
}

function scheme(req: Request, name: 'Bearer' | 'Wallboard'): string | null {
  const header = req.headers.authorization;
  if (!header || !header.startsWith(`${name} `)) return null;
  return header.slice(name.length + 1).trim() || null;
}

function sameSecret(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
