import { Client } from 'pg';

/**
 * Issue 14's reports data set, generated in SQL: contacts with phones and classes, deals over two
 * years through the default pipeline (the report facts of migration 190 computed in the same
 * statements, as its triggers would have kept them), calls with call-backs, offers and orders
 * behind the first-offer and first-order times, and a timeline. Set-based INSERT ... SELECT only;
 * triggers (and the FK checks, which are triggers too) are off for the load (so every fact a trigger
 * keeps is computed here: a new trigger-kept column needs its line here too), and the secondary
 * indexes of the loaded tables are dropped and rebuilt once at the end, in the same transaction,
 * so a failed run leaves the database as it was.
 *
 * Row ids are md5 of a kind and a number (`deal-17`), so a call can name its deal and a deal its
 * contact by arithmetic instead of a lookup table.
 */
export interface ReportsSeedOptions {
  deals: number;
  contacts: number;
  calls: number;
  events: number;
  /** The default pipeline and its nine stages in board order (Unsorted … Forgotten). */
  pipelineId: string;
  stageIds: string[];
  /** Sellers, busiest first (deals are skewed towards the first ones). */
  sellerIds: string[];
}

export interface ReportsSeedResult {
  counts: Record<string, number>;
  /** Seconds per part, in the order they ran. */
  timings: Record<string, number>;
  ms: number;
}

const FIRST = ['Anna', 'Bence', 'Csilla', 'Dániel', 'Eszter', 'Ferenc', 'Gabriella', 'Hugo', 'Ilona', 'János', 'Katalin', 'László', 'Mária', 'Norbert', 'Orsolya', 'Péter', 'Réka', 'Sándor', 'Tímea', 'Zoltán'];
const LAST = ['Kovács', 'Szabó', 'Tóth', 'Nagy', 'Horváth', 'Varga', 'Kiss', 'Molnár', 'Németh', 'Farkas', 'Balogh', 'Papp', 'Lakatos', 'Takács', 'Juhász', 'Mészáros', 'Oláh', 'Simon', 'Rácz', 'Fekete', 'Szilágyi', 'Török', 'Fehér', 'Balázs', 'Gál'];

const TABLES = ['contacts', 'contact_phones', 'deals', 'deal_events', 'calls', 'offers', 'orders'];

// A deal's contact, by number (5 % have none): a multiplicative hash spreads deals over contacts.
const CONTACT_OF = (g: string) => `CASE WHEN ${g} % 20 <> 7 THEN 1 + ((${g})::bigint * 2654435761 % $C::bigint) END`;
const ID = (kind: string, n: string) => `md5('${kind}-' || (${n}))::uuid`;
// deals.expected_close_on (migration 185): 30 to 120 days after creation, 5 % undated; computed
// from the row alone, so a database seeded before the column existed gets the same values.
const EXPECTED_CLOSE = (id: string, created: string) =>
  `CASE WHEN abs(hashtext((${id})::text)) % 20 <> 0 THEN (${created})::date + 30 + abs(hashtext((${id})::text || 'close')) % 91 END`;

// An inbound call rang every available Seller: half the team on any one call (alternate halves by
// call, so each Seller was rung for about half of them); an outbound call rang nobody.
const RANG = (key: string, evens: string, odds: string) =>
  `CASE WHEN c.direction = 'inbound' THEN CASE WHEN abs(hashtext(${key})) % 2 = 0 THEN ${evens}::uuid[] ELSE ${odds}::uuid[] END ELSE '{}'::uuid[] END`;
const ringGroups = (sellerIds: string[]) => [sellerIds.filter((_, i) => i % 2 === 0), sellerIds.filter((_, i) => i % 2 === 1)];

/**
 * Brings a kept database seeded by an earlier version of this file up to this one: expected close
 * dates once migration 185 has added the column, and who each inbound call rang. Returns what it did.
 */
export async function completeKeptSeed(databaseUrl: string, sellerIds: string[], log: (line: string) => void = () => undefined): Promise<string[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const done: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    const t0 = performance.now();
    const col = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'deals' AND column_name = 'expected_close_on'`);
    if (col.rowCount === 1 && !(await client.query(`SELECT 1 FROM deals WHERE expected_close_on IS NOT NULL LIMIT 1`)).rowCount) {
      const res = await client.query(`UPDATE deals d SET expected_close_on = ${EXPECTED_CLOSE('d.id', 'd.created_at')}`);
      done.push(`expected close dates on ${res.rowCount} deals`);
    }
    if (!(await client.query(`SELECT 1 FROM calls WHERE cardinality(rang_user_ids) > 0 LIMIT 1`)).rowCount) {
      const res = await client.query(
        `UPDATE calls c SET rang_user_ids = ${RANG('c.sip_call_id', '$1', '$2')} WHERE c.direction = 'inbound'`,
        ringGroups(sellerIds),
      );
      done.push(`rung Sellers on ${res.rowCount} inbound calls`);
    }
    await client.query('COMMIT');
    if (done.length) {
      await client.query('VACUUM (ANALYZE) deals, calls');
      log(`completed the kept seed in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${done.join('; ')}`);
    }
    return done;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

export async function seedReports(databaseUrl: string, o: ReportsSeedOptions, log: (line: string) => void = () => undefined): Promise<ReportsSeedResult> {
  if (o.stageIds.length !== 9) throw new Error(`expected the default pipeline's 9 stages, got ${o.stageIds.length}`);
  const started = performance.now();
  const timings: Record<string, number> = {};
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  // $C (contacts), $D (deals) are inlined numbers: they are ours, not input.
  const sql = (text: string) => text.replace(/\$C\b/g, String(o.contacts)).replace(/\$D\b/g, String(o.deals));
  const step = async (name: string, text: string, params: unknown[] = []) => {
    const t0 = performance.now();
    const res = await client.query(sql(text), params);
    const s = (performance.now() - t0) / 1000;
    timings[name] = (timings[name] ?? 0) + s;
    log(`${name}: ${res.rowCount ?? ''} rows in ${s.toFixed(1)} s`);
    return res;
  };
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(`SET work_mem = '256MB'`);
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query('SELECT setseed(0.14)');
    const hasColumn = async (table: string, column: string) =>
      (await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`, [table, column])).rowCount === 1;
    const hasExpectedClose = await hasColumn('deals', 'expected_close_on');
    // migration 196: the call's contact's class, kept on the call by a trigger (a transfer leg stays false: no transfers here)
    const hasCallClass = await hasColumn('calls', 'contact_importance');
    const reasons: string[] = (await client.query(`SELECT value->'reasons' AS r FROM settings WHERE key = 'sales.lost_reasons'`)).rows[0]?.r ?? ['other'];

    // The load writes no secondary index row by row: drop them here, build each once at the end.
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
         WHERE i.schemaname = 'public' AND i.tablename = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        [TABLES],
      )
    ).rows;
    for (const ix of indexes) await client.query(`DROP INDEX ${ix.name}`);

    // The timer rules would fire for two years of history at boot (Forgotten, stuck in stage,
    // speed-to-lead alerts: hundreds of thousands of moves and notifications while we measure).
    await step('timer rules off', `UPDATE automation_rules SET enabled = false WHERE trigger->>'type' = 'timer'`);

    await step(
      'contacts',
      `INSERT INTO contacts (id, name, email, company, owner_id, importance, created_at, updated_at)
       SELECT ${ID('contact', 'g')}, f.n || ' ' || l.n, 'contact' || g || '@example.net',
              CASE WHEN g % 3 = 0 THEN 'Company ' || (g % 4000) END,
              CASE WHEN g % 10 <> 3 THEN ($3::uuid[])[1 + g % array_length($3::uuid[], 1)] END,
              CASE WHEN r < 0.1 THEN 'A' WHEN r < 0.3 THEN 'B' WHEN r < 0.6 THEN 'C' END,
              t, t
       FROM (SELECT g, random() AS r, now() - random() * interval '760 days' AS t FROM generate_series(1, $C) g) x
       JOIN unnest($1::text[]) WITH ORDINALITY f(n, i) ON f.i = 1 + g % array_length($1::text[], 1)
       JOIN unnest($2::text[]) WITH ORDINALITY l(n, i) ON l.i = 1 + (g * 7) % array_length($2::text[], 1)`,
      [FIRST, LAST, o.sellerIds],
    );
    await step(
      'contact phones',
      `INSERT INTO contact_phones (contact_id, e164, label, sort_order)
       SELECT ${ID('contact', 'g')}, '+3620' || lpad(g::text, 7, '0'), 'mobile', 0 FROM generate_series(1, $C) g`,
    );

    // Deals. Stage indexes are 1-based over the default pipeline: 1 Unsorted, 2 New, 3 No answer,
    // 4 Initial contact, 5 In progress, 6 Serious prospect, 7 Won, 8 Lost, 9 Forgotten.
    // Times of one deal in order: created ≤ first contact ≤ first offer ≤ first order ≤ closed ≤ now.
    // (OFFSET 0 keeps each step a subquery: pulled up, each step would repeat every expression of the
    // steps before it, and planning and running grew by orders of magnitude.)
    await step(
      'deals',
      `WITH r AS (
         SELECT g, random() AS r_kind, random() AS r_stage, random() AS r_far, random() AS r_owner, random() AS r_amount,
                random() AS r_src, random() AS r_contact, random() AS r_delay, random() AS r_offer, random() AS r_order,
                random() AS r_close, random() AS r_misc, random() AS r_cur,
                now() - random() * interval '730 days' AS created
         FROM generate_series(1, $D) g),
       k AS (
         SELECT r.*,
           CASE WHEN r_kind < 0.08 THEN 1
                WHEN r_kind < 0.43 THEN CASE WHEN r_stage < 0.25 THEN 2 WHEN r_stage < 0.40 THEN 3 WHEN r_stage < 0.65 THEN 4 WHEN r_stage < 0.85 THEN 5 ELSE 6 END
                WHEN r_kind < 0.68 THEN 7
                WHEN r_stage < 0.75 THEN 8 ELSE 9 END AS si,
           -- what lands in Unsorted came by itself (a call, a web form); the rest starts in New
           CASE WHEN r_kind < 0.08 THEN CASE WHEN r_src < 0.7 THEN 'inbound_call' ELSE 'web_form' END
                WHEN r_src < 0.5 THEN 'inbound_call' WHEN r_src < 0.8 THEN 'manual' WHEN r_src < 0.95 THEN 'web_form' ELSE 'import' END AS source
         FROM r),
       k2 AS (SELECT k.*, CASE WHEN source IN ('inbound_call', 'web_form') THEN 1 ELSE 2 END AS start FROM k),
       s AS (
         SELECT k2.*,
           -- the furthest open stage reached: the current one (or further back, for an open deal moved back);
           -- a closed deal's last open stage before it closed
           CASE WHEN si = 1 THEN 1
                WHEN si <= 6 THEN CASE WHEN r_far < 0.8 THEN si ELSE si + floor(r_far * (7 - si))::int END
                WHEN si = 7 THEN 3 + floor(power(r_far, 0.5) * 4)::int
                ELSE greatest(start, 1 + floor(power(r_far, 0.8) * 6)::int) END AS fi,
           CASE WHEN si = 1 THEN r_owner < 0.15 ELSE true END AS owned,
           -- Unsorted deals are contacted only once someone took them; the rest mostly
           CASE WHEN si = 1 THEN r_owner < 0.1 WHEN si = 2 THEN r_contact < 0.6 ELSE r_contact < 0.95 END AS contacted
         FROM k2 OFFSET 0),
       t AS (
         SELECT s.*,
           CASE WHEN contacted THEN created + least(exp(ln(5) + r_delay * (ln(432000) - ln(5))) * interval '1 second', (now() - created) * 0.5) END AS fc,
           CASE WHEN owned THEN ($3::uuid[])[1 + floor(power(r_owner, 1.6) * array_length($3::uuid[], 1))::int] END AS owner
         FROM s OFFSET 0),
       u AS (
         SELECT t.*,
           CASE WHEN fc IS NOT NULL AND r_offer < CASE WHEN si = 7 THEN 0.8 WHEN si >= 8 THEN 0.12 WHEN si >= 5 THEN 0.6 ELSE 0.1 END
                THEN fc + least((now() - fc) * 0.3 * r_misc, interval '30 days') END AS fo
         FROM t OFFSET 0),
       v AS (
         SELECT u.*, CASE WHEN fo IS NOT NULL AND si = 7 AND r_order < 0.6 THEN fo + least((now() - fo) * 0.3 * r_order, interval '20 days') END AS ford
         FROM u OFFSET 0),
       w AS (
         SELECT v.*,
           greatest(created, fc, fo, ford) AS last_fact,
           CASE WHEN si >= 7 THEN greatest(created, fc, fo, ford) + least((now() - greatest(created, fc, fo, ford)) * 0.3 * r_close, interval '45 days') END AS closed
         FROM v OFFSET 0)
       INSERT INTO deals (id, title, amount, currency, pipeline_id, stage_id, owner_id, contact_id, source, status, position, missed,
                          lost_reason, stage_entered_at, last_contact_at, closed_at, deleted_at, created_at, updated_at,
                          furthest_stage_id, lost_from_stage_id, first_contact_at, first_contact_by, first_offer_at, first_order_at
                          ${hasExpectedClose ? ', expected_close_on' : ''})
       SELECT ${ID('deal', 'g')},
              CASE WHEN source = 'inbound_call' THEN 'Call from +3620' || lpad(coalesce(${CONTACT_OF('g')}, 0)::text, 7, '0') ELSE 'Deal #' || g END,
              round((100 + power(r_amount, 2) * 49900)::numeric, 2),
              CASE WHEN r_cur < 0.9 THEN 'EUR' ELSE 'HUF' END,
              $1::uuid, ($2::uuid[])[si], owner,
              CASE WHEN ${CONTACT_OF('g')} IS NOT NULL THEN ${ID('contact', CONTACT_OF('g'))} END,
              source,
              CASE WHEN si = 7 THEN 'won' WHEN si >= 8 THEN 'lost' ELSE 'open' END,
              g * 1024.0,
              si = 1 AND fc IS NULL AND r_misc < 0.3,
              CASE WHEN si = 8 AND r_misc < 0.9 THEN ($4::text[])[1 + floor(r_misc / 0.9 * array_length($4::text[], 1))::int] END,
              coalesce(closed, CASE WHEN si = fi AND si = start THEN created
                                    ELSE last_fact + (now() - last_fact) * r_close * 0.5 END),
              CASE WHEN fc IS NOT NULL THEN fc + (coalesce(closed, now()) - fc) * power(r_misc, 3) END,
              closed,
              CASE WHEN g % 100 = 42 THEN now() END,
              created, coalesce(closed, now()),
              CASE WHEN si <= 6 THEN ($2::uuid[])[greatest(si, fi)] ELSE ($2::uuid[])[fi] END,
              CASE WHEN si >= 8 THEN ($2::uuid[])[CASE WHEN si = 9 THEN greatest(fi, 2) ELSE fi END] END,
              fc, CASE WHEN fc IS NOT NULL THEN owner END, fo, ford
              ${hasExpectedClose ? `, ${EXPECTED_CLOSE(ID('deal', 'g'), 'created')}` : ''}
       FROM w`,
      [o.pipelineId, o.stageIds, o.sellerIds, reasons],
    );

    // Timeline: 'created', then one 'moved' per step up to the furthest stage and one to the
    // current stage when that is elsewhere (won, lost, or moved back), then the rest of the
    // budget spread over the other kinds of entry.
    await step(
      'deal events: created',
      `INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
       SELECT d.id, 'created', d.owner_id,
              jsonb_build_object('stageId', CASE WHEN d.source IN ('inbound_call', 'web_form') THEN ($1::uuid[])[1] ELSE ($1::uuid[])[2] END, 'source', d.source),
              d.created_at
       FROM deals d`,
      [o.stageIds],
    );
    await step(
      'deal events: moved',
      `WITH st AS (SELECT array_agg(id ORDER BY sort_order) AS ids, array_agg(sort_order ORDER BY sort_order) AS ord FROM stages WHERE pipeline_id = $1),
       d AS (
         SELECT d.id, d.owner_id, d.created_at, d.stage_entered_at,
                CASE WHEN d.source IN ('inbound_call', 'web_form') THEN 1 ELSE 2 END AS start,
                array_position(st.ids, d.furthest_stage_id) AS far,
                array_position(st.ids, d.stage_id) AS cur, st.ids
         FROM deals d CROSS JOIN st),
       steps AS (
         SELECT d.*, i, greatest(d.far, d.start) - d.start + CASE WHEN d.cur <> greatest(d.far, d.start) THEN 1 ELSE 0 END AS n
         FROM d CROSS JOIN LATERAL generate_series(d.start, greatest(d.far, d.start) - 1) i)
       INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
       SELECT id, 'moved', owner_id, jsonb_build_object('fromStageId', ids[i], 'toStageId', ids[i + 1]),
              created_at + (stage_entered_at - created_at) * (i - start + 1)::float / (n + 1)
       FROM steps
       UNION ALL
       SELECT id, 'moved', owner_id, jsonb_build_object('fromStageId', ids[greatest(far, start)], 'toStageId', ids[cur]), stage_entered_at
       FROM d WHERE cur <> greatest(far, start)`,
      [o.pipelineId],
    );
    const [{ n: eventsSoFar }] = (await client.query(`SELECT count(*)::int AS n FROM deal_events`)).rows;
    await step(
      'deal events: other',
      `WITH x AS (
         SELECT 1 + floor(random() * $D)::int AS dn, random() AS r_type, random() AS r_at FROM generate_series(1, $1::int))
       INSERT INTO deal_events (deal_id, type, actor_id, data, created_at)
       SELECT d.id, k.type, d.owner_id, k.data, d.created_at + (coalesce(d.closed_at, now()) - d.created_at) * x.r_at
       FROM x JOIN deals d ON d.id = ${ID('deal', 'x.dn')}
       CROSS JOIN LATERAL (SELECT
         CASE WHEN r_type < 0.35 THEN 'call' WHEN r_type < 0.6 THEN 'task' WHEN r_type < 0.75 THEN 'note'
              WHEN r_type < 0.85 THEN 'reassigned' WHEN r_type < 0.95 THEN 'edited' ELSE 'offer' END AS type,
         CASE WHEN r_type < 0.35 THEN jsonb_build_object('outcome', 'answered')
              WHEN r_type < 0.6 THEN jsonb_build_object('title', 'Follow up', 'action', 'completed')
              WHEN r_type < 0.75 THEN jsonb_build_object('text', 'Spoke about the offer')
              WHEN r_type < 0.85 THEN jsonb_build_object('toOwnerId', d.owner_id)
              WHEN r_type < 0.95 THEN jsonb_build_object('changes', jsonb_build_object('amount', d.amount))
              ELSE jsonb_build_object('status', 'sent') END AS data) k`,
      [Math.max(0, o.events - eventsSoFar)],
    );

    // Calls. A: the answered call that was each contacted deal's first contact (60 % of them; the
    // others were first reached by a visit). B: calls over the deals' lives and without a deal —
    // answered only once the deal was first contacted, missed before. C: call-backs of missed inbound calls.
    await client.query(`
      CREATE TEMP TABLE seed_calls (
        n bigint, direction text, outcome text, at timestamptz, answered_at timestamptz, duration int,
        user_id uuid, contact_id uuid, contact_n bigint, deal_id uuid, deal_n bigint, callback boolean) ON COMMIT DROP`);
    await step(
      'calls: first contacts',
      `INSERT INTO seed_calls
       SELECT g, CASE WHEN d.source = 'inbound_call' THEN 'inbound' ELSE 'outbound' END, 'completed',
              d.first_contact_at - interval '8 seconds', d.first_contact_at, 20 + floor(random() * 600)::int,
              d.owner_id, d.contact_id, ${CONTACT_OF('g')}, d.id, g, true
       FROM generate_series(1, $D) g JOIN deals d ON d.id = ${ID('deal', 'g')}
       WHERE d.first_contact_at IS NOT NULL AND random() < 0.6`,
    );
    const [{ n: firstContactCalls }] = (await client.query(`SELECT count(*)::int AS n FROM seed_calls`)).rows;
    // missed inbound with a contact ≈ 0.85 × 0.32 × 0.9 of B, and 75 % of those get a call-back
    const general = Math.max(0, Math.round((o.calls - firstContactCalls) / (1 + 0.85 * 0.32 * 0.9 * 0.75)));
    await step(
      'calls: over the deals',
      `WITH x AS (
         SELECT g, random() AS r_deal, random() AS r_dir, random() AS r_ans, random() AS r_at, random() AS r_who, random() AS r_len
         FROM generate_series(1, $1::int) g),
       y AS (
         SELECT x.*, d.id AS deal_id, d.owner_id, d.contact_id, d.created_at, d.first_contact_at, d.closed_at,
                CASE WHEN d.id IS NOT NULL THEN ${CONTACT_OF('dn')}
                     WHEN x.r_who < 0.8 THEN 1 + (x.g::bigint * 7919 % $C) END AS cn, dn
         FROM x
         CROSS JOIN LATERAL (SELECT CASE WHEN x.r_deal < 0.85 THEN 1 + floor(x.r_deal / 0.85 * $D)::bigint END AS dn) p
         LEFT JOIN deals d ON d.id = ${ID('deal', 'p.dn')}),
       z AS (
         SELECT y.*,
           CASE WHEN r_dir < 0.85 THEN 'inbound' ELSE 'outbound' END AS direction,
           -- an answered call is a contact: on a deal never contacted, every call was missed
           (CASE WHEN r_dir < 0.85 THEN r_ans < 0.68 ELSE r_ans < 0.55 END) AND (deal_id IS NULL OR first_contact_at IS NOT NULL) AS answered,
           CASE WHEN deal_id IS NULL THEN now() - r_at * interval '730 days'
                WHEN first_contact_at IS NOT NULL THEN first_contact_at + (least(coalesce(closed_at, now()) + interval '30 days', now()) - first_contact_at) * r_at
                ELSE created_at + (now() - created_at) * r_at END AS at
         FROM y)
       INSERT INTO seed_calls
       SELECT 10000000 + g, direction, CASE WHEN answered THEN 'completed' ELSE 'missed' END, at,
              CASE WHEN answered THEN at + (3 + floor(r_len * 20)::int) * interval '1 second' END,
              CASE WHEN answered THEN 10 + floor(power(r_len, 2) * 1800)::int END,
              CASE WHEN answered OR direction = 'outbound' THEN coalesce(owner_id, ($2::uuid[])[1 + floor(r_who * array_length($2::uuid[], 1))::int]) END,
              CASE WHEN deal_id IS NOT NULL THEN contact_id WHEN cn IS NOT NULL THEN ${ID('contact', 'cn')} END,
              cn, deal_id, dn, deal_id IS NULL OR first_contact_at IS NOT NULL
       FROM z`,
      [general, o.sellerIds],
    );
    await step(
      'calls: call-backs',
      `INSERT INTO seed_calls
       SELECT 20000000 + m.n, 'outbound', 'completed', a.at, a.at + interval '6 seconds', 30 + floor(random() * 400)::int,
              coalesce(d.owner_id, m.user_id, ($1::uuid[])[1 + (m.n % array_length($1::uuid[], 1))::int]),
              m.contact_id, m.contact_n, m.deal_id, m.deal_n, true
       FROM seed_calls m
       LEFT JOIN deals d ON d.id = m.deal_id
       CROSS JOIN LATERAL (SELECT m.at + exp(ln(60) + random() * (ln(172800) - ln(60))) * interval '1 second' AS at) a
       WHERE m.outcome = 'missed' AND m.direction = 'inbound' AND m.contact_id IS NOT NULL AND m.callback
         AND a.at < now() AND random() < 0.75`,
      [o.sellerIds],
    );
    // In id order: two million random keys into the primary key and the call-id index through
    // 128 MB of shared buffers were minutes of evicting dirty index pages.
    // called_back_at: the contact's first answered call after the missed one (cb_missed_call_facts),
    // as a running minimum from the latest call back (a frame that starts after the current row is
    // recomputed for every row: quadratic in the 100,000 calls without a contact)
    await step(
      'calls',
      `INSERT INTO calls (id, sip_call_id, direction, from_number, to_number, extension, user_id, contact_id, deal_id,
                          offered_at, answered_at, ended_at, answered_by, outcome, duration_sec, answer_applied, miss_applied, end_applied,
                          created_at, updated_at, called_back_at, hangup_by, missed_reason, rang_user_ids
                          ${hasCallClass ? ', contact_importance' : ''})
       SELECT c.id, 'bench-' || c.id || '@reports', c.direction,
              CASE WHEN c.direction = 'inbound' THEN coalesce('+3620' || lpad(c.contact_n::text, 7, '0'), '+3670' || lpad((c.n % 10000000)::text, 7, '0')) ELSE '+3612345678' END,
              CASE WHEN c.direction = 'inbound' THEN '+3612345678' ELSE coalesce('+3620' || lpad(c.contact_n::text, 7, '0'), '+3670' || lpad((c.n % 10000000)::text, 7, '0')) END,
              NULL, c.user_id, c.contact_id, c.deal_id,
              c.at, c.answered_at, coalesce(c.answered_at + c.duration * interval '1 second', c.at + interval '40 seconds'),
              CASE WHEN c.answered_at IS NOT NULL THEN c.user_id END, c.outcome, c.duration,
              c.answered_at IS NOT NULL, c.outcome = 'missed', true,
              c.at, coalesce(c.answered_at + c.duration * interval '1 second', c.at + interval '40 seconds'),
              CASE WHEN c.outcome = 'missed' AND c.contact_id IS NOT NULL THEN
                min(c.answered_at) OVER (PARTITION BY c.contact_id ORDER BY c.at DESC, c.n DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END,
              CASE WHEN c.answered_at IS NOT NULL THEN CASE WHEN c.n % 2 = 0 THEN 'caller' ELSE 'callee' END END,
              CASE WHEN c.outcome = 'missed' THEN CASE WHEN c.direction = 'inbound' THEN 'no_answer' ELSE 'not_answered' END END,
              ${RANG('c.n::text', '$1', '$2')}
              ${hasCallClass ? ', ct.importance' : ''}
       FROM (SELECT gen_random_uuid() AS id, * FROM seed_calls) c
       ${hasCallClass ? 'LEFT JOIN contacts ct ON ct.id = c.contact_id' : ''}
       ORDER BY c.id`,
      ringGroups(o.sellerIds),
    );
    // contacts.last_contact_at: their last answered call (cb_answered_call_facts)
    await step(
      'contacts: last contact',
      `UPDATE contacts c SET last_contact_at = x.at FROM (
         SELECT contact_id, max(answered_at) AS at FROM seed_calls WHERE answered_at IS NOT NULL AND contact_id IS NOT NULL GROUP BY contact_id) x
       WHERE x.contact_id = c.id`,
    );

    // Offers at each deal's first offer time (one per deal), orders at its first order time.
    await step(
      'offers',
      `INSERT INTO offers (id, number, version, deal_id, contact_id, currency, status, reject_reason, total, created_by, created_at, updated_at)
       SELECT ${ID('offer', 'g')}, 'AJ-' || to_char(d.first_offer_at, 'YYYY') || '-' || lpad(g::text, 7, '0'), 1, d.id, d.contact_id, d.currency,
              CASE WHEN d.first_order_at IS NOT NULL THEN 'accepted'
                   WHEN d.status = 'won' THEN (ARRAY['accepted', 'confirmed'])[1 + floor(r * 2)::int]
                   WHEN d.status = 'lost' THEN (ARRAY['rejected', 'rejected', 'postponed', 'renegotiated'])[1 + floor(r * 4)::int]
                   ELSE (ARRAY['draft', 'sent', 'sent', 'confirmed', 'in_follow_up', 'postponed'])[1 + floor(r * 6)::int] END,
              CASE WHEN d.status = 'lost' AND r < 0.5 THEN (ARRAY['price', 'competitor', 'other'])[1 + floor(r * 6)::int] END,
              d.amount, d.owner_id, d.first_offer_at, d.first_offer_at
       FROM (SELECT g, random() AS r FROM generate_series(1, $D) g) x JOIN deals d ON d.id = ${ID('deal', 'x.g')}
       WHERE d.first_offer_at IS NOT NULL`,
    );
    await step(
      'orders',
      `INSERT INTO orders (number, offer_id, deal_id, contact_id, currency, total, status, paid_at, created_at)
       SELECT 'RE-' || to_char(d.first_order_at, 'YYYY') || '-' || lpad(g::text, 7, '0'), ${ID('offer', 'g')}, d.id, d.contact_id, d.currency, d.amount,
              CASE WHEN g % 10 < 7 THEN 'paid' ELSE 'open' END,
              CASE WHEN g % 10 < 7 THEN d.first_order_at + interval '5 days' * (g % 7) END, d.first_order_at
       FROM generate_series(1, $D) g JOIN deals d ON d.id = ${ID('deal', 'g')}
       WHERE d.first_order_at IS NOT NULL`,
    );

    const t0 = performance.now();
    for (const ix of indexes) await client.query(ix.def);
    timings['indexes'] = (performance.now() - t0) / 1000;
    log(`${indexes.length} indexes rebuilt in ${timings['indexes'].toFixed(1)} s`);
    await step('commit', 'COMMIT');
    await step('vacuum analyze', `VACUUM (ANALYZE) ${TABLES.join(', ')}`);

    const counts: Record<string, number> = {};
    for (const t of TABLES) counts[t] = (await client.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    return { counts, timings, ms: performance.now() - started };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}
