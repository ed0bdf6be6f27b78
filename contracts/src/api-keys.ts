import { z } from 'zod';
import { Id, IsoDateTime, safeText } from './common';

/**
 * What an API key may reach: one name per area of the REST API. A route that names none of these
 * (users, API keys, settings, telephony, the caller's own lists) is never opened by a key.
 */
export const ApiKeyResource = z.enum(['deals', 'contacts', 'calls', 'tasks', 'offers', 'orders', 'reports']);
export type ApiKeyResource = z.infer<typeof ApiKeyResource>;
export const API_KEY_RESOURCES = ApiKeyResource.options;

/** `read`: GET only. `write`: every method (write includes read). */
export const ApiKeyAccess = z.enum(['read', 'write']);
export type ApiKeyAccess = z.infer<typeof ApiKeyAccess>;

/** A Head names a key after the integration that uses it and picks what it may reach. */
export const CreateApiKeyRequest = z.object({
  name: safeText(80).pipe(z.string().min(1, 'give the key a name')),
  access: ApiKeyAccess,
  resources: z
    .array(ApiKeyResource)
    .min(1, 'pick at least one area')
    .refine((r) => new Set(r).size === r.length, 'an area appears twice'),
});
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequest>;

/** A key as listed: never its value (only a SHA-256 of it is stored). */
export const ApiKeyInfo = z.object({
  id: Id,
  name: z.string(),
  /** The token's visible start (`cbk_` and the first characters of its id), to recognise it. */
  prefix: z.string(),
  access: ApiKeyAccess,
  resources: z.array(ApiKeyResource),
  createdAt: IsoDateTime,
  createdById: Id.nullable(),
  createdByName: z.string().nullable(),
  /** Updated at most once a minute per key. */
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

/** A key just created: `token` is shown in this answer only, never again. */
export const CreatedApiKey = ApiKeyInfo.extend({ token: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Every token starts so: a glance (or a secret scanner) tells it is a Callboard API key. */
export const API_KEY_PREFIX = 'cbk_';
/** The header a key may also travel in, instead of `Authorization: Bearer cbk_...`. */
export const API_KEY_HEADER = 'x-api-key';
/** `cbk_<key id: 32 hex>_<secret: 32 random bytes, base64url>`. */
export const ApiKeyToken = z.string().regex(/^cbk_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/, 'not a Callboard API key');
