import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Role } from '@callboard/contracts';

export const ACCESS_KEY = 'callboard:access';

/** How a route is reached. Every handler must declare one; the app refuses to boot otherwise. */
export type Access =
  | { kind: 'public' }
  | { kind: 'roles'; roles: Role[] }
  /** Service-to-service (pbx-bridge, SIP server), by the PBX service token. */
  | { kind: 'internal' };

export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);
export const Roles = (...roles: Role[]) =>
  SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);
/** Any signed-in user, Seller or Head; the service decides what they may see. */
export const Authenticated = () => Roles('seller', 'head');
export const Internal = () => SetMetadata(ACCESS_KEY, { kind: 'internal' } satisfies Access);

/** The signed-in user, as the guard found them. */
export interface Actor {
  id: string;
  role: Role;
  name: string;
  /** The sign-in this request came with (set by the guard; sign-out revokes it). */
  sessionId?: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentUser used on a route without a signed-in user');
  return req.actor;
});

/** The system itself, when it acts (telephony, rules, timers). */
export const SYSTEM_ACTOR = { id: null, role: 'system' as const, name: 'System' };

export const isHead = (actor: Actor) => actor.role === 'head';
