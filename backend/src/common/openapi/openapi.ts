import { z } from 'zod';
import type { RouteInfo } from '../access/route-audit';
import { API } from './api-spec';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;

/** An OpenAPI 3 document built from the live route list and the zod contracts. */
export function buildOpenApi(routes: RouteInfo[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const doc = API[`${route.method} ${path}`];
    const access = route.access;
    // an API key opens a route only within its areas (ADR 0033); GET needs read, the rest write
    const keyScope =
      access?.kind === 'roles' && route.apiKeyScope.length
        ? { resources: route.apiKeyScope, access: ['GET', 'HEAD', 'OPTIONS'].includes(route.method) ? 'read' : 'write' }
        : null;
    const op: Record<string, unknown> = {
      summary: doc?.summary ?? route.handler,
      tags: [path.split('/')[2] ?? 'api'],
      'x-access': access,
      'x-api-key-scope': keyScope,
      security: access?.kind === 'public' ? [] : keyScope ? [{ bearer: [] }, { apiKey: [] }, { apiKeyBearer: [] }] : [{ bearer: [] }],
      description:
        access?.kind === 'roles'
          ? `Roles: ${access.roles.join(', ')}. ` +
            (keyScope
              ? `API key: ${keyScope.access} on ${keyScope.resources.join(' and ')}.`
              : 'Not open to API keys (403 API_KEY_ROUTE_CLOSED).')
          : access?.kind === 'internal'
            ? 'Internal: PBX service token'
            : access?.kind === 'wallboard'
              ? 'Wallboard token only (Authorization: Wallboard <token>)'
              : 'Public',
      parameters: [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string', format: 'uuid' },
      })),
      responses: {
        [String(doc?.status ?? 200)]: {
          description: 'OK',
          ...(doc?.response ? { content: { 'application/json': { schema: toSchema(doc.response, 'output') } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
      },
    };
    if (doc?.query) {
      const q = toSchema(doc.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        (op.parameters as unknown[]).push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    if (doc?.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: toSchema(doc.body, 'input') } } };
    }
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Callboard API',
      version: '0.1.0',
      description:
        'REST API of Callboard. Integrations use an API key made by a Head (`Authorization: Bearer cbk_…` or `X-API-Key`), ' +
        'within the scopes each route shows in `x-api-key-scope` (docs/api/api-keys.md). ' +
        'Realtime events: socket.io at /socket.io with `auth: { token }` in the handshake; ' +
        'events deal.created, deal.updated, deal.moved, deal.removed, pipeline.changed.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A signed-in user’s session token (POST /api/auth/login)' },
        apiKeyBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'cbk_<key id>_<secret>',
          description:
            'An API key made by a Head (Admin → API keys): `Authorization: Bearer cbk_…`. It sees what a Head sees within its scopes ' +
            '(read: GET only; write: every method; areas per route in x-api-key-scope). Errors: 401 API_KEY_INVALID or API_KEY_REVOKED, ' +
            '403 API_KEY_SCOPE_MISSING or API_KEY_ROUTE_CLOSED, 429 RATE_LIMITED after repeated failed keys. See docs/api/api-keys.md.',
        },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in its own header (not together with Authorization)' },
      },
      schemas: { ApiError: toSchema(z.object({ statusCode: z.number(), code: z.string(), message: z.string(), details: z.unknown().optional() }), 'output') },
    },
    paths,
  };
}
