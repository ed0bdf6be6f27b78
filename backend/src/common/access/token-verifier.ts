import { Injectable } from '@nestjs/common';

import type { Actor } from './access.decorators';

/** A verified token: who acts, in which sign-in, until when. */
export interface VerifiedSession {
  actor: Actor;
  sessionId: string;
  expiresAt: Date;
}

/**
 * Turns a bearer token into the acting user, or throws UNAUTHENTICATED.
 * Implemented by the auth module (which knows users and sessions); the guard and the socket gateway use it.
 */
@Injectable()
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Actor>;
  abstract verifySession(token: string): Promise<VerifiedSession>;
  /** Of these session ids, those that no longer allow anything (revoked, expired, user inactive). */
  abstract staleSessions(sessionIds: string[]): Promise<string[]>;
}
