import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ENV, type Env } from '../../config/env';
import { AppException } from '../errors/app.exception';
import { ACCESS_KEY, type Access, type Actor, type Wallboard } from './access.decorators';
import { TokenVerifier } from './token-verifier';
import { WallboardVerifier } from './wallboard-verifier';

/** Global guard: reads the route's access declaration and checks the caller against it. */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
    private readonly wallboards: WallboardVerifier,
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
