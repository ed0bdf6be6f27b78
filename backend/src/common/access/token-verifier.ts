import { Injectable } from '@nestjs/common';

import type { Actor } from './access.decorators';

/**
 * Turns a bearer token into the acting user, or throws UNAUTHENTICATED.
 * Implemented by the auth module (which knows users); the guard and the socket gateway use it.
 */
@Injectable()
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Actor>;
}
