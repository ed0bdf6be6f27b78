import type { ApiKeyResource } from '@callboard/contracts';
import type { ApiKeyGrant } from './access.decorators';

/** Methods that only read: a read-only key may use these and nothing else. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type ApiKeyVerdict =
  | { allowed: true }
  | { allowed: false; code: 'API_KEY_ROUTE_CLOSED' | 'API_KEY_SCOPE_MISSING'; message: string };

/**
 * Whether a key may make this request: the route must name its areas (`@ApiKeyScope`; none or
 * an empty list: closed to keys), the key must hold every one of them, and a method that writes
 * needs a write key. The one place a key's scopes are checked.
 */
export function apiKeyVerdict(key: Pick<ApiKeyGrant, 'access' | 'resources'>, routeResources: readonly ApiKeyResource[] | undefined, method: string): ApiKeyVerdict {
  if (!routeResources?.length) {
    return { allowed: false, code: 'API_KEY_ROUTE_CLOSED', message: 'This route is not open to API keys; a person must sign in' };
  }
  const missing = routeResources.filter((r) => !key.resources.includes(r));
  if (missing.length) {
    return { allowed: false, code: 'API_KEY_SCOPE_MISSING', message: `This API key may not reach ${missing.join(', ')}` };
  }
  if (!READ_METHODS.has(method.toUpperCase()) && key.access !== 'write') {
    return { allowed: false, code: 'API_KEY_SCOPE_MISSING', message: 'This API key is read-only' };
  }
  return { allowed: true };
}
