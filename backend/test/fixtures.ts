import { Client } from 'pg';
import { Api } from '../../test/support/api';
import { startBackend, type StartedBackend } from '../../test/support/backend';

export interface World {
  backend: StartedBackend;
  anon: Api;
  head: Api;
  alice: Api;
  bob: Api;
  ids: { head: string; alice: string; bob: string };
  tokens: { head: string; alice: string; bob: string };
  stages: Record<string, string>;
  pipelineId: string;
}

/** The real backend on a fresh database with the three demo users signed in. */
export async function createWorld(options: Parameters<typeof startBackend>[0] = {}): Promise<World> {
  const backend = await startBackend({ seed: 'users', ...options });
  const anon = new Api(backend.url);
  const [h, a, b] = await Promise.all([
    anon.login('head@example.com'),
    anon.login('alice@example.com'),
    anon.login('bob@example.com'),
  ]);
  const pipelines = (await h.api.get('/api/pipelines')).body;
  const stages: Record<string, string> = {};
  for (const s of pipelines[0].stages) stages[s.name] = s.id;
  return {
    backend,
    anon,
    head: h.api,
    alice: a.api,
    bob: b.api,
    ids: { head: h.user.id, alice: a.user.id, bob: b.user.id },
    tokens: { head: h.token, alice: a.token, bob: b.token },
    stages,
    pipelineId: pipelines[0].id,
  };
}

/** Runs SQL on the world's database (for set-ups the API does not offer, e.g. a second pipeline). */
export async function sql<T = any>(world: World, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: world.backend.databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
