import { Injectable } from '@nestjs/common';
import type { Actor, ApiKeyGrant } from './access.decorators';

/**
 * Turns an API key (`cbk_...`) into the principal it acts as, or throws API_KEY_INVALID /
 * API_KEY_REVOKED (401) or RATE_LIMITED (429, too many failed keys from `address`).
 * Implemented by the api-keys module; the access guard uses it.
 */
@Injectable()
export abstract class ApiKeyVerifier {
  abstract verify(token: string, address: string): Promise<Actor & { apiKey: ApiKeyGrant }>;
}
