import { Injectable, Logger } from '@nestjs/common';
import type { ApiKeyInfo, CreateApiKeyRequest, CreatedApiKey } from '@callboard/contracts';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { type Actor, type ApiKeyGrant, isHead } from '../../common/access/access.decorators';
import { ApiKeyVerifier } from '../../common/access/api-key-verifier';
import { AppException } from '../../common/errors/app.exception';
import { AuthService } from '../auth/auth.service';
import { apiKeyIdOf, hashApiKey, newApiKeyToken } from './api-key-token';
import { ApiKeysRepository } from './api-keys.repository';

/** Addresses over the failed-key limit, until when (ms); known to this process from its own counts. */
const MAX_REMEMBERED_BLOCKS = 10_000;

/**
 * API keys for integrations (issue 17): Heads create, list and revoke them; the access guard
 * verifies them here. A key's value is never stored, logged or listed: only its SHA-256.
 */
@Injectable()
export class ApiKeysService extends ApiKeyVerifier {
  private readonly logger = new Logger(ApiKeysService.name);
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly auth: AuthService,
  ) {
    super();
  }

  async create(actor: Actor, input: CreateApiKeyRequest): Promise<CreatedApiKey> {
    this.mustBeHeadInPerson(actor);
    const id = randomUUID();
    const token = newApiKeyToken(id);
    const info = await this.repo.insert({ id, name: input.name, tokenHash: hashApiKey(token), access: input.access, resources: input.resources, createdBy: actor.id });
    this.logger.log(`api key ${id} (${input.access}: ${input.resources.join(', ')}) created by user ${actor.id}`);
    return { ...info, token };
  }

  list(actor: Actor): Promise<ApiKeyInfo[]> {
    this.mustBeHeadInPerson(actor);
    return this.repo.list();
  }

  /** Revokes the key: its next request answers 401 (nothing caches a key). */
  async revoke(actor: Actor, id: string): Promise<void> {
    this.mustBeHeadInPerson(actor);
    const row = await this.repo.revoke(id, actor.id);
    if (!row) throw new AppException('API_KEY_NOT_FOUND', 'No such API key');
    this.logger.log(`api key ${id} revoked by user ${actor.id}`);
  }

  async verify(token: string, address: string): Promise<Actor & { apiKey: ApiKeyGrant }> {
    const id = apiKeyIdOf(token);
    const key = id ? await this.repo.find(id) : null;
    // compared in constant time; an unknown id is compared against itself so both paths cost the same
    const given = hashApiKey(token);
    const matches = timingSafeEqual(given, key?.tokenHash ?? given) && !!key;
    if (!id) return this.fail(address, 'API_KEY_INVALID', 'This is not a Callboard API key (expected cbk_…)');
    if (!key || !matches) return this.fail(address, 'API_KEY_INVALID', 'This API key is not valid');
    if (key.revoked) return this.fail(address, 'API_KEY_REVOKED', 'This API key was revoked');
    if (!key.creatorIsHead) return this.fail(address, 'API_KEY_REVOKED', 'The Head who created this API key is no longer an active Head');
    if (key.stale) {
      await this.repo.touch(key.id).catch((err: unknown) => this.logger.warn(`api key ${key.id}: last use not recorded: ${err instanceof Error ? err.message : String(err)}`));
    }
    return { id: key.createdBy, role: 'head', name: key.name, apiKey: { id: key.id, name: key.name, access: key.access, resources: key.resources } };
  }

  /**
   * A failed key: counted per address; past the limit each further failure answers 429 until the
   * block ends. A valid key is never refused for its address (a neighbour's broken script behind
   * the same NAT must not stop an office's integration).
   */
  private async fail(address: string, code: 'API_KEY_INVALID' | 'API_KEY_REVOKED', message: string): Promise<never> {
    const until = this.blocked.get(address);
    if (until !== undefined && until > Date.now()) {
      throw new AppException('RATE_LIMITED', 'Too many failed API keys from this address; try again later', { retryAfterSeconds: Math.ceil((until - Date.now()) / 1000) });
    }
    this.blocked.delete(address);
    const verdict = await this.auth.apiKeyFailed(address);
    if (verdict.blocked) {
      if (this.blocked.size >= MAX_REMEMBERED_BLOCKS) this.blocked.delete(this.blocked.keys().next().value!);
      this.blocked.set(address, Date.now() + verdict.retryAfterSeconds * 1000);
      throw new AppException('RATE_LIMITED', 'Too many failed API keys from this address; try again later', { retryAfterSeconds: verdict.retryAfterSeconds });
    }
    throw new AppException(code, message);
  }

  /** Keys are managed by a Head signed in as themselves, never with a key (the route is closed to keys too). */
  private mustBeHeadInPerson(actor: Actor): void {
    if (!isHead(actor) || actor.apiKey) throw new AppException('FORBIDDEN', 'Only a Head manages API keys');
  }
}
