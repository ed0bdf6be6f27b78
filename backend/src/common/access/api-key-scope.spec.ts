import { apiKeyVerdict } from './api-key-scope';

const READ_CONTACTS = { access: 'read' as const, resources: ['contacts' as const] };
const WRITE_DEALS = { access: 'write' as const, resources: ['deals' as const, 'contacts' as const] };

describe('apiKeyVerdict', () => {
  it('should close a route that names no area, whatever the key holds', () => {
    for (const route of [undefined, []]) {
      expect(apiKeyVerdict(WRITE_DEALS, route, 'GET')).toMatchObject({ allowed: false, code: 'API_KEY_ROUTE_CLOSED' });
    }
  });

  it('should refuse a key without the route\'s area, for reads and writes alike', () => {
    expect(apiKeyVerdict(READ_CONTACTS, ['deals'], 'GET')).toMatchObject({ allowed: false, code: 'API_KEY_SCOPE_MISSING' });
    expect(apiKeyVerdict(WRITE_DEALS, ['tasks'], 'POST')).toMatchObject({ allowed: false, code: 'API_KEY_SCOPE_MISSING' });
  });

  it('should need every area of a route that names several', () => {
    expect(apiKeyVerdict(READ_CONTACTS, ['deals', 'contacts'], 'GET').allowed).toBe(false);
    expect(apiKeyVerdict(WRITE_DEALS, ['deals', 'contacts'], 'GET').allowed).toBe(true);
  });

  it('should let a read-only key read and refuse every method that writes', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS', 'get']) expect(apiKeyVerdict(READ_CONTACTS, ['contacts'], m).allowed).toBe(true);
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(apiKeyVerdict(READ_CONTACTS, ['contacts'], m)).toMatchObject({ allowed: false, code: 'API_KEY_SCOPE_MISSING', message: 'This API key is read-only' });
    }
  });

  it('should let a write key write within its areas', () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'GET']) expect(apiKeyVerdict(WRITE_DEALS, ['deals'], m).allowed).toBe(true);
  });
});
