import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKeyAccess, ApiKeyResource, Role } from '@callboard/contracts';

export const ACCESS_KEY = 'callboard:access';

/** How a route is reached. Every handler must declare one; the app refuses to boot otherwise. */
export type Access =
  | { kind: 'public' }
  | { kind: 'roles'; roles: Role[] }
  /** Service-to-service (pbx-bridge, SIP server), by the PBX service token. */
  | { kind: 'internal' }
  /** A wallboard (TV) by its read-only token (`Authorization: Wallboard <token>`); no user session. */
  | { kind: 'wallboard' };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);
/** Any signed-in user, Seller or Head; the service decides what they may see. */
export const Authenticated = () => Roles('seller', 'head');
export const Internal = () => SetMetadata(ACCESS_KEY, { kind: 'internal' } satisfies Access);

/** Only a wallboard token opens the route, and a wallboard token opens nothing else. */
export const WallboardToken = () => SetMetadata(ACCESS_KEY, { kind: 'wallboard' } satisfies Access);

/** The wallboard a request came from, as the guard found it. */
export interface Wallboard {
  id: string;
  name: string;
}

export const CurrentWallboard = createParamDecorator((_: unknown, ctx: ExecutionContext): Wallboard => {
  const req = ctx.switchToHttp().getRequest<{ wallboard?: Wallboard }>();
  if (!req.wallboard) throw new Error('CurrentWallboard used on a route without a wallboard token');
  return req.wallboard;
});

/**
 * Which API-key area a controller (or one handler) belongs to; the HTTP method decides read or
 * write. A route without it is never opened by an API key (users, keys, settings, telephony, a
 * user's own lists): deny by default, so a route added later stays closed until someone opens it.
 * Several areas: the key needs every one (search reads deals and contacts).
 */
export const API_KEY_SCOPE = 'callboard:api-key-scope';
export const ApiKeyScope = (...resources: ApiKeyResource[]) => SetMetadata(API_KEY_SCOPE, resources);
/** Closes one handler of a controller that `@ApiKeyScope` opens (a setting, a call control). */
export const NoApiKey = () => SetMetadata(API_KEY_SCOPE, []);

/** The API key a request came with, as the guard found it (its scopes already checked). */
export interface ApiKeyGrant {
  id: string;
  name: string;
  access: ApiKeyAccess;
  resources: ApiKeyResource[];
}

/** The signed-in user, as the guard found them. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
  /** The sign-in this request came with (set by the guard; sign-out revokes it). */
  sessionId?: string;
  /**
   * Set when the request came with an API key: `id`/`role` are then the Head who created the key
   * (a key sees what a Head sees), and the deal timeline names this key as the actor.
   */
  apiKey?: ApiKeyGrant;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentUser used on a route without a signed-in user');
  return req.actor;
});

/** The system itself, when it acts (telephony, rules, timers). */
export const SYSTEM_ACTOR = { id: null, role: 'system' as const, name: 'System' };

export const isHead = (actor: Actor) => actor.role === 'head';
