import { Injectable } from '@nestjs/common';
import type { Wallboard } from './access.decorators';

/**
 * Turns a wallboard token into its wallboard, or throws UNAUTHENTICATED (unknown or revoked).
 * Implemented by the wallboard module; the guard and the socket gateway use it.
 */
@Injectable()
export abstract class WallboardVerifier {
  abstract verify(token: string): Promise<Wallboard>;
  /** Of these token ids, those that no longer open anything (revoked). */
  abstract revoked(ids: string[]): Promise<string[]>;
}
