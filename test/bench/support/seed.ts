import { Client } from 'pg';
import type { Api } from '../../support/api';

/** The default pipeline's stages in board order, with the share of deals each one holds. */
const STAGE_SHARES = [
  0.1, // Unsorted: the unowned inbox
  0.08, // New
  0.06, // No answer
  0.08, // Initial contact
  0.08, // In progress
  0.05, // Serious prospect
  0.2, // Won
  0.25, // Lost
  0.1, // Forgotten
];

const FIRST = ['Anna', 'Bence', 'Csilla', 'Dániel', 'Eszter', 'Ferenc', 'Gabriella', 'Hugo', 'Ilona', 'János', 'Katalin', 'László', 'Mária', 'Norbert', 'Orsolya', 'Péter', 'Réka', 'Sándor', 'Tímea', 'Zoltán'];
const LAST = ['Kovács', 'Szabó', 'Tóth', 'Nagy', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Balogh', 'Papp', 'Lakatos', 'Takács', 'Juhász', 'Mészáros', 'Oláh', 'Simon', 'Rácz', 'Fekete', 'Szilágyi', 'Török', 'Fehér', 'Balázs', 'Gál'];

export interface Team {
  /** Sellers in descending order of workload: the first one owns the most deals. */
  sellerIds: string[];
  sellerEmails: string[];
}

/** Adds `count` sellers through the API, as a Head would, so the data looks like a team. */
export async function hireSellers(head: Api, count: number, password: string): Promise<{ id: string; email: string }[]> {
  const hired: { id: string; email: string }[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const email = `seller${String(i + 1).padStart(2, '0')}@example.com`;
    const res = await head.post('/api/users', { email, name, role: 'seller', password });
    if (res.status !== 201) throw new Error(`creating ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    hired.push({ id: res.body.id, email });
  }
  return hired;
}

export interface SeedResult {
  deals: number;
  liveDeals: number;
  contacts: number;
  ms: number;
}

/**
 * Fills the database with `deals` deals in one transaction of set-based INSERTs: contacts with
 * phones, deals spread over the stages and (skewed) over the sellers, ~10% unowned in Unsorted,
 * ~1% soft-deleted, one timeline event each. Deterministic (setseed), then VACUUM ANALYZE, as
 * autovacuum would have left a table that grew over months.
 */
export async function seedDeals(
  databaseUrl: string,
  opts: { deals: number; pipelineId: string; stageIds: string[]; sellerIds: string[] },
): Promise<SeedResult> {
  if (opts.stageIds.length !== STAGE_SHARES.length) {
    throw new Error(`expected the default pipeline's ${STAGE_SHARES.length} stages, got ${opts.stageIds.length}`);
  }
  const started = performance.now();
  const contacts = Math.round(opts.deals * 0.8);
  const cumulative = STAGE_SHARES.map((_, i) => STAGE_SHARES.slice(0, i + 1).reduce((a, b) => a + b, 0));
  // r < cumulative[i] picks stage i+1 (1-based for SQL arrays)
  const stageCase = `CASE ${cumulative
    .slice(0, -1)
    .map((c, i) => `WHEN r_stage < ${c.toFixed(4)} THEN ${i + 1}`)
    .join(' ')} ELSE ${cumulative.length} END`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT setseed(0.42)');
    await client.query(
      `INSERT INTO contacts (name, email, company, created_at, updated_at)
       SELECT f.n || ' ' || l.n, 'contact' || g || '@example.net',
              CASE WHEN g % 3 = 0 THEN 'Company ' || (g % 4000) END, t, t
       FROM generate_series(1, $1::int) g
       CROSS JOIN LATERAL (SELECT now() - random() * interval '730 days' AS t) ts
       JOIN unnest($2::text[]) WITH ORDINALITY f(n, i) ON f.i = 1 + g % array_length($2::text[], 1)
       JOIN unnest($3::text[]) WITH ORDINALITY l(n, i) ON l.i = 1 + (g * 7) % array_length($3::text[], 1)`,
      [contacts, FIRST, LAST],
    );
    await client.query(
      `INSERT INTO contact_phones (contact_id, e164, label, sort_order)
       SELECT id, '+3620' || lpad((row_number() OVER (ORDER BY id))::text, 7, '0'), 'mobile', 0 FROM contacts`,
    );
    await client.query(
      `INSERT INTO contact_phones (contact_id, e164, label, sort_order)
       SELECT id, '+3630' || lpad((row_number() OVER (ORDER BY id))::text, 7, '0'), 'work', 1
       FROM contacts WHERE random() < 0.3`,
    );
    // Open deals are recent and recently touched (as the automation's "no contact for 30 days"
    // and stage-limit timers keep them), so no rule has a backlog to fire during the benchmark.
    await client.query(
      `WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM contacts),
       src AS (
         SELECT g, random() AS r_stage, random() AS r_owner, random() AS r_contact, random() AS r_amount,
                random() AS r_src, random() AS r_misc, random() AS r_age
         FROM generate_series(1, $1::int) g),
       x AS (SELECT src.*, ${stageCase} AS si FROM src),
       y AS (SELECT x.*, now() - r_age * CASE WHEN si <= 6 THEN interval '90 days' ELSE interval '730 days' END AS created FROM x),
       z AS (
         SELECT y.*,
                CASE WHEN si <= 6 THEN now() - r_misc * least(interval '40 hours', now() - created)
                     ELSE created + (now() - created) * r_misc END AS entered,
                CASE WHEN si <= 6 THEN now() - r_src * least(interval '25 days', now() - created)
                     WHEN r_src < 0.7 THEN created + (now() - created) * r_misc * r_src END AS contacted
         FROM y)
       INSERT INTO deals (title, amount, currency, pipeline_id, stage_id, owner_id, contact_id, source, status,
                          position, missed, lost_reason, stage_entered_at, last_contact_at, closed_at, deleted_at,
                          created_at, updated_at)
       SELECT 'Deal #' || g,
              round((power(r_amount, 2) * 20000)::numeric, 2),
              'EUR', $2::uuid, ($3::uuid[])[si],
              CASE WHEN si = 1 THEN NULL
                   ELSE ($4::uuid[])[1 + floor(power(r_owner, 1.6) * array_length($4::uuid[], 1))::int] END,
              CASE WHEN r_contact < 0.9 THEN c.ids[1 + floor(r_contact / 0.9 * array_length(c.ids, 1))::int] END,
              CASE WHEN r_src < 0.5 THEN 'inbound_call' WHEN r_src < 0.8 THEN 'manual' WHEN r_src < 0.95 THEN 'web_form' ELSE 'import' END,
              CASE WHEN si = 7 THEN 'won' WHEN si >= 8 THEN 'lost' ELSE 'open' END,
              g * 1024.0,
              si = 1 AND r_misc < 0.2,
              CASE WHEN si >= 8 THEN (ARRAY['Too expensive', 'No budget', 'Chose a competitor', 'No answer'])[1 + floor(r_misc * 4)::int] END,
              entered, contacted,
              CASE WHEN si >= 7 THEN entered END,
              CASE WHEN g % 100 = 42 THEN now() END,
              created, greatest(entered, contacted)
       FROM z CROSS JOIN c`,
      [opts.deals, opts.pipelineId, opts.stageIds, opts.sellerIds],
    );
    await client.query(
      `INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
       SELECT id, 'created', owner_id, jsonb_build_object('stageId', stage_id), created_at FROM deals`,
    );
    await client.query('COMMIT');
    await client.query('VACUUM (ANALYZE) contacts, contact_phones, deals, deal_events');
    const [row] = (await client.query(`SELECT count(*)::int AS all, count(*) FILTER (WHERE deleted_at IS NULL)::int AS live FROM deals`)).rows;
    return { deals: row.all, liveDeals: row.live, contacts, ms: performance.now() - started };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Runs one query on the bench database (for picking deals to move, and for EXPLAIN). */
export async function query<T = any>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}
