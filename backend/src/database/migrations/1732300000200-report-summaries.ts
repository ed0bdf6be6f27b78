import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Report summaries (ADR 0028): the reports' figures pre-added per day and per month in the
 * team's zone, so a year of a million deals and two million calls is read as a few thousand rows.
 *
 * Exact, not eventually right: row triggers on deals, offers and calls append signed daily delta
 * rows (a deal that moves from one key to another adds -1 under the old key and +1 under the new
 * one) in the writer's own transaction, so a report that sums a summary's rows sees exactly the
 * committed data of its snapshot. Appending never updates a shared row, so writers neither wait
 * for each other nor deadlock. A compactor (`report_summaries_compact()`, run by the backend every
 * few seconds) folds each key's rows back into one row and carries the daily deltas to their
 * month; a reader of a month adds the daily deltas not yet carried.
 *
 * Rows are keyed by the zone whose days they count (`zone`). `report_summary_state.zones` lists
 * the zones the triggers write; `built_zone` the one complete enough to read. A new zone is built
 * without stopping writers (ReportSummariesService): the zone is added to `zones`, the
 * transactions that were already writing are waited out, then each summary's rows for the zone
 * are replaced, in one statement, by its sums over the source tables; deltas committed after that
 * statement's snapshot stay on top of them, deltas it could see are in them. Until then the
 * reports read the source tables (the same figures, slower).
 *
 * Every summary is defined once below (`DEAL_PARTS`, `CALL_PARTS`): the triggers, the base and the drift check
 * (`report_summary_drift()`, which tests call) are generated from the same definition.
 */

/** Advisory lock key of the compactor (one at a time across nodes). */
const COMPACT_LOCK = 7_140_002;

type Column = [name: string, type: string, expr: string];

interface Part {
  table: string;
  /** The day a row counts on (a date). */
  day: string;
  keys: Column[];
  /** Additive measures; the first is the row count. */
  measures: Column[];
  /** FROM ... (after the rows subquery `rows`), the sign's expression and the WHERE. */
  from: (rows: string) => string;
  sign: string;
  where: string;
}

/**
 * A duration (seconds) to its bin: whole seconds (rounded), then the bin's upper edge, 10 s wide up
 * to a minute, 1 min to an hour, 5 min to 4 h, 30 min to a day, then days (31: more than 30 days).
 */
const SPEED_BIN_FN = `
  CREATE FUNCTION report_speed_bin(secs double precision) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
      WHEN s IS NULL THEN NULL
      WHEN s <= 0 THEN 0
      WHEN s <= 60 THEN (ceil(s / 10) * 10)::int
      WHEN s <= 3600 THEN (ceil(s / 60) * 60)::int
      WHEN s <= 14400 THEN (ceil(s / 300) * 300)::int
      WHEN s <= 86400 THEN (ceil(s / 1800) * 1800)::int
      ELSE (least(ceil(s / 86400), 31) * 86400)::int
    END FROM (SELECT round(secs) AS s) x $$`;

const CREATED_DAY = `(x.created_at AT TIME ZONE tz)::date`;
const CALL_DAY = `(COALESCE(c.offered_at, c.created_at) AT TIME ZONE tz)::date`;
const CALL_REP = `CASE WHEN c.direction = 'outbound' THEN c.user_id ELSE c.answered_by END`;
const RANG = `(SELECT DISTINCT u FROM unnest(c.rang_user_ids || CASE WHEN c.user_id IS NULL THEN '{}'::uuid[] ELSE ARRAY[c.user_id] END) u)`;
const LIVE_DEAL = `x.deleted_at IS NULL`;
const COUNT: Column = ['n', 'bigint', '1'];

/** Offers by the day they were made and their deal's pipeline and owner. Fed by offers and by their deals. */
const offerPart = (from: (rows: string) => string, sign: string): Part => ({
  table: 'report_offer_days',
  day: `(f.created_at AT TIME ZONE tz)::date`,
  keys: [['pipeline_id', 'uuid', 'x.pipeline_id'], ['owner_id', 'uuid', 'x.owner_id'], ['status', 'text', 'f.status'], ['currency', 'text', 'f.currency']],
  measures: [COUNT, ['amount', 'numeric', 'f.total']],
  from,
  sign,
  where: LIVE_DEAL,
});

const DEAL_PARTS: Part[] = [
  {
    // The cohort (created in the period): the funnel and lead → offer → order.
    table: 'report_deal_cohorts',
    day: CREATED_DAY,
    keys: [
      ['pipeline_id', 'uuid', 'x.pipeline_id'], ['owner_id', 'uuid', 'x.owner_id'], ['furthest_stage_id', 'uuid', 'x.furthest_stage_id'],
      ['status', 'text', 'x.status'], ['currency', 'text', 'x.currency'], ['lost_from_stage_id', 'uuid', 'x.lost_from_stage_id'], ['lost_reason', 'text', 'x.lost_reason'],
    ],
    measures: [COUNT, ['amount', 'numeric', 'x.amount'], ['with_offer', 'bigint', '(x.first_offer_at IS NOT NULL)::int'], ['with_order', 'bigint', '(x.first_order_at IS NOT NULL)::int']],
    from: (rows) => `FROM ${rows} x`,
    sign: 'x.sign',
    where: LIVE_DEAL,
  },
  {
    // Leads (from outside) by how fast they were first contacted; bin NULL: not yet.
    table: 'report_lead_speeds',
    day: CREATED_DAY,
    keys: [['pipeline_id', 'uuid', 'x.pipeline_id'], ['owner_id', 'uuid', 'x.owner_id'], ['bin', 'integer', 'report_speed_bin(extract(epoch FROM x.first_contact_at - x.created_at))']],
    measures: [COUNT],
    from: (rows) => `FROM ${rows} x`,
    sign: 'x.sign',
    where: `${LIVE_DEAL} AND x.source IN ('inbound_call', 'web_form')`,
  },
  {
    // Won and lost deals by the day they closed.
    table: 'report_deal_closures',
    day: `(x.closed_at AT TIME ZONE tz)::date`,
    keys: [
      ['pipeline_id', 'uuid', 'x.pipeline_id'], ['owner_id', 'uuid', 'x.owner_id'], ['status', 'text', 'x.status'], ['source', 'text', 'x.source'],
      ['lost_reason', 'text', 'x.lost_reason'], ['currency', 'text', 'x.currency'],
    ],
    measures: [COUNT, ['amount', 'numeric', 'x.amount']],
    from: (rows) => `FROM ${rows} x`,
    sign: 'x.sign',
    where: `${LIVE_DEAL} AND x.status IN ('won', 'lost') AND x.closed_at IS NOT NULL`,
  },
  {
    // Open deals by expected close date (a date already: no zone); undated on -infinity.
    table: 'report_deal_forecast',
    day: `COALESCE(x.expected_close_on, '-infinity'::date)`,
    keys: [['pipeline_id', 'uuid', 'x.pipeline_id'], ['owner_id', 'uuid', 'x.owner_id'], ['stage_id', 'uuid', 'x.stage_id'], ['currency', 'text', 'x.currency']],
    measures: [COUNT, ['amount', 'numeric', 'x.amount']],
    from: (rows) => `FROM ${rows} x`,
    sign: 'x.sign',
    where: `${LIVE_DEAL} AND x.status = 'open'`,
  },
  // A deal's offers move with it (owner, pipeline, deleted).
  offerPart((rows) => `FROM ${rows} x JOIN offers f ON f.deal_id = x.id`, 'x.sign'),
];

const OFFER_PARTS: Part[] = [offerPart((rows) => `FROM ${rows} f JOIN deals x ON x.id = f.deal_id`, 'f.sign')];

const CALL_PARTS: Part[] = [
  {
    // Every call by who handled it, the contact's class and how it went.
    table: 'report_call_cube',
    day: CALL_DAY,
    keys: [
      ['who', 'uuid', CALL_REP], ['importance', 'text', 'c.contact_importance'], ['direction', 'text', 'c.direction'],
      ['answered', 'boolean', 'c.answered_at IS NOT NULL'], ['missed', 'boolean', `c.outcome IS NOT DISTINCT FROM 'missed'`], ['leg', 'boolean', 'c.transfer_leg'],
    ],
    measures: [COUNT, ['talk', 'bigint', 'CASE WHEN c.answered_at IS NOT NULL THEN COALESCE(c.duration_sec, 0) ELSE 0 END']],
    from: (rows) => `FROM ${rows} c`,
    sign: 'c.sign',
    where: 'c.direction IS NOT NULL',
  },
  {
    // The same without who and class: the team's series by day.
    table: 'report_call_team_days',
    day: CALL_DAY,
    keys: [['direction', 'text', 'c.direction'], ['answered', 'boolean', 'c.answered_at IS NOT NULL'], ['missed', 'boolean', `c.outcome IS NOT DISTINCT FROM 'missed'`], ['leg', 'boolean', 'c.transfer_leg']],
    measures: [COUNT],
    from: (rows) => `FROM ${rows} c`,
    sign: 'c.sign',
    where: 'c.direction IS NOT NULL',
  },
  {
    // Missed inbound calls once per rep they rang (the caller's own user included).
    table: 'report_missed_rang',
    day: CALL_DAY,
    keys: [['rep', 'uuid', 'w.rep'], ['importance', 'text', 'c.contact_importance'], ['leg', 'boolean', 'c.transfer_leg']],
    measures: [COUNT],
    from: (rows) => `FROM ${rows} c CROSS JOIN LATERAL ${RANG} w(rep)`,
    sign: 'c.sign',
    where: `c.direction = 'inbound' AND c.outcome = 'missed'`,
  },
  {
    // Callers' missed calls (not transfer legs) by how soon they were called back: the team's (rep NULL) and each rung rep's.
    table: 'report_call_backs',
    day: CALL_DAY,
    keys: [['rep', 'uuid', 'w.rep'], ['bin', 'integer', 'report_speed_bin(extract(epoch FROM c.called_back_at - COALESCE(c.offered_at, c.created_at)))']],
    measures: [COUNT],
    from: (rows) => `FROM ${rows} c CROSS JOIN LATERAL (SELECT NULL::uuid UNION ALL SELECT * FROM ${RANG} r) w(rep)`,
    sign: 'c.sign',
    where: `c.direction = 'inbound' AND c.outcome = 'missed' AND NOT c.transfer_leg`,
  },
];

const ALL_PARTS = [...DEAL_PARTS, ...CALL_PARTS];
/** One definition per table (the offers table is fed from two sides; its deals side defines it). */
const TABLES: Part[] = ALL_PARTS.filter((p, i) => ALL_PARTS.findIndex((q) => q.table === p.table) === i);

const names = (cols: Column[]) => cols.map(([n]) => n);
const nonZero = (p: Part, sum: (m: string) => string) => p.measures.map(([m]) => `${sum(m)} <> 0`).join(' OR ');

/** The part's rows for `rows` (signed source rows), added per grain, day and key. */
function deltaSelect(p: Part, rows: string, compacted: boolean): string {
  const keys = names(p.keys);
  return `SELECT tz, g.grain, g.day, ${keys.map((k) => `c0.${k}`).join(', ')}, ${p.measures.map(([m, t]) => `sum(c0.sign * c0.${m})::${t}`).join(', ')}, ${compacted}
    FROM ${signedRows(p, rows)}
    GROUP BY g.grain, g.day, ${keys.map((k) => `c0.${k}`).join(', ')}
    HAVING ${nonZero(p, (m) => `sum(c0.sign * c0.${m})`)}${compacted ? '\n    ORDER BY 2, 3' : ''}`;
}

const MONTH_OF = (day: string) => `date_trunc('month', (${day})::timestamp)::date`;

/** The part's signed rows for each grain (`c0` joined to `g`); a row trigger's for the day only. */
const signedRows = (p: Part, rows: string, months = true) => `(SELECT ${p.sign} AS sign, ${p.day} AS day0, ${p.keys.map(([n, t, e]) => `(${e})::${t} AS ${n}`).join(', ')},
                 ${p.measures.map(([n, , e]) => `(${e}) AS ${n}`).join(', ')}
          ${p.from(rows)} WHERE ${p.where}) c0
    CROSS JOIN LATERAL (VALUES ('d'::char, c0.day0)${months ? `, ('m'::char, ${MONTH_OF('c0.day0')})` : ''}) g(grain, day)`;

/**
 * A row trigger's deltas: daily rows only, unadded (an old and a new row that cancel are folded by
 * the compactor, which also carries them to their month, in the same statement). Readers add the
 * daily deltas not yet carried to the months they read (summary-span.ts).
 */
function rowDeltas(p: Part, rows: string): string {
  return `SELECT tz, g.grain, g.day, ${names(p.keys).map((k) => `c0.${k}`).join(', ')}, ${p.measures.map(([m, t]) => `(c0.sign * c0.${m})::${t}`).join(', ')}, false
    FROM ${signedRows(p, rows, false)}`;
}

const insertInto = (p: Part) => `INSERT INTO ${p.table} (zone, grain, day, ${names(p.keys).join(', ')}, ${names(p.measures).join(', ')}, compacted)`;

/** Every column but the index's leading ones. */
const covered = (p: Part) => [...names(p.keys), ...names(p.measures), 'compacted'].join(', ');

function createTable(p: Part): string[] {
  return [
    `CREATE TABLE ${p.table} (
       zone text NOT NULL,
       grain char(1) NOT NULL CHECK (grain IN ('d', 'm')),
       day date NOT NULL,
       ${p.keys.map(([n, t]) => `${n} ${t} NULL`).join(',\n       ')},
       ${p.measures.map(([n, t]) => `${n} ${t} NOT NULL`).join(',\n       ')},
       compacted boolean NOT NULL DEFAULT false)`,
    // covering: a period is read by index-only range scans (a whole month's rows are adjacent in it)
    `CREATE INDEX ${p.table}_day_idx ON ${p.table} (zone, grain, day) INCLUDE (${covered(p)})`,
    `CREATE INDEX ${p.table}_dirty_idx ON ${p.table} (zone, grain, day) WHERE NOT compacted`,
  ];
}

/** The source's columns a part reads (its alias: deals `x`, offers `f`, calls `c`). */
function columnsRead(parts: Part[], alias: string): string[] {
  const text = parts.map((p) => [p.day, p.where, p.sign, p.from('rows'), ...p.keys.map(([, , e]) => e), ...p.measures.map(([, , e]) => e)].join(' ')).join(' ');
  return [...new Set([...text.matchAll(new RegExp(`\\b${alias}\\.(\\w+)`, 'g'))].map((m) => m[1]!))].filter((c) => c !== 'sign').sort();
}
const changed = (cols: string[]) => `ROW(${cols.map((c) => `OLD.${c}`).join(', ')}) IS DISTINCT FROM ROW(${cols.map((c) => `NEW.${c}`).join(', ')})`;

/**
 * The three row triggers (insert, update, delete) of a source table, feeding its parts. An update
 * fires only when a column some part reads changed (`WHEN`, evaluated after BEFORE triggers), and
 * writes only the parts whose columns changed: the call path's other updates cost next to nothing.
 */
function triggers(source: string, alias: string, parts: Part[]): string[] {
  const cols = columnsRead(parts, alias);
  const insert = (p: Part, rows: string) => `${insertInto(p)}\n         ${rowDeltas(p, rows)};`;
  const ops: [string, string, string, string][] = [
    ['ins', 'INSERT', '', parts.map((p) => insert(p, `(SELECT 1 AS sign, NEW.*)`)).join('\n         ')],
    [
      'upd',
      // no `UPDATE OF` list: it would miss a column a BEFORE trigger changes (a call's contact class)
      'UPDATE',
      `WHEN (${changed(cols)})`,
      parts.map((p) => `IF ${changed(columnsRead([p], alias))} THEN\n         ${insert(p, `(SELECT 1 AS sign, NEW.* UNION ALL SELECT -1, OLD.*)`)}\n         END IF;`).join('\n         '),
    ],
    ['del', 'DELETE', '', parts.map((p) => insert(p, `(SELECT -1 AS sign, OLD.*)`)).join('\n         ')],
  ];
  return ops.flatMap(([suffix, event, when, body]) => [
    `CREATE FUNCTION cb_report_summaries_${source}_${suffix}() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE tz text;
     BEGIN
       FOREACH tz IN ARRAY (SELECT zones FROM report_summary_state) LOOP
         ${body}
       END LOOP;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER ${source}_report_summaries_${suffix} AFTER ${event} ON ${source} FOR EACH ROW ${when} EXECUTE FUNCTION cb_report_summaries_${source}_${suffix}()`,
  ]);
}

const FULL = (source: string) => `(SELECT 1 AS sign, t.* FROM ${source} t)`;
const SOURCE_OF = new Map<string, string>([...DEAL_PARTS.map((p) => [p.table, 'deals'] as const), ...CALL_PARTS.map((p) => [p.table, 'calls'] as const)]);

export class ReportSummaries1732300000200 implements MigrationInterface {
  name = 'ReportSummaries1732300000200';
  transaction = true;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL statement_timeout = 0`);
    await q.query(SPEED_BIN_FN);
    await q.query(`CREATE TABLE report_summary_state (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      zones text[] NOT NULL DEFAULT '{}',
      built_zone text NULL,
      built_at timestamptz NULL)`);
    await q.query(`INSERT INTO report_summary_state (only_row) VALUES (true)`);
    for (const p of TABLES) for (const s of createTable(p)) await q.query(s);
    // One rep's rows of the biggest summaries.
    const part = (table: string) => TABLES.find((p) => p.table === table)!;
    await q.query(`CREATE INDEX report_call_cube_who_idx ON report_call_cube (zone, who, grain, day) INCLUDE (${covered(part('report_call_cube'))})`);
    await q.query(`CREATE INDEX report_missed_rang_rep_idx ON report_missed_rang (zone, rep, grain, day) INCLUDE (${covered(part('report_missed_rang'))})`);

    for (const s of [...triggers('deals', 'x', DEAL_PARTS), ...triggers('offers', 'f', OFFER_PARTS), ...triggers('calls', 'c', CALL_PARTS)]) await q.query(s);

    // A zone's rows replaced by the sums over the sources, one statement (one snapshot) per summary:
    // deltas that statement can see are in its sums; later ones stay on top.
    await q.query(`
      CREATE FUNCTION report_summaries_base(zone text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE tz text := zone;
      BEGIN
        ${TABLES.map((p) => `WITH gone AS (DELETE FROM ${p.table} WHERE ${p.table}.zone = tz)\n        ${insertInto(p)}\n        ${deltaSelect(p, FULL(SOURCE_OF.get(p.table)!), true)};`).join('\n        ')}
      END $$`);

    // The zone's rows complete: readers may use them; other zones' rows go.
    await q.query(`
      CREATE FUNCTION report_summaries_finish(zone text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE report_summary_state SET built_zone = zone, built_at = now(), zones = ARRAY[zone];
        ${TABLES.map((p) => `DELETE FROM ${p.table} WHERE ${p.table}.zone <> report_summaries_finish.zone;`).join('\n        ')}
      END $$`);

    // Fold the built zone's keys that have deltas into one row each (the other rows of their day
    // stay as they are), and carry the daily deltas to their months; -1 when another node is compacting.
    await q.query(`
      CREATE FUNCTION report_summaries_compact() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE folded integer := 0; k integer; bz text;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(${COMPACT_LOCK}) THEN RETURN -1; END IF;
        SELECT built_zone INTO bz FROM report_summary_state;
        IF bz IS NULL THEN RETURN 0; END IF;
        -- twice: the second pass folds the months' deltas the first one carried
        FOR pass IN 1..2 LOOP
        ${TABLES.map((p) => {
          const keys = names(p.keys).join(', ');
          const ms = names(p.measures);
          const row = (a: string) => `(${names(p.keys).map((k) => `${a}.${k}`).join(', ')})`;
          return `WITH dirty AS (SELECT DISTINCT grain, day, ${keys} FROM ${p.table} WHERE NOT compacted AND zone = bz),
             gone AS (DELETE FROM ${p.table} s USING dirty d
                      WHERE s.zone = bz AND s.grain = d.grain AND s.day = d.day AND ${row('s')} IS NOT DISTINCT FROM ${row('d')} RETURNING s.*),
             months AS (${insertInto(p)}
                        SELECT zone, 'm', ${MONTH_OF('day')}, ${keys}, ${ms.map((m) => `sum(${m})`).join(', ')}, false FROM gone
                        WHERE grain = 'd' AND NOT compacted GROUP BY zone, 3, ${keys} HAVING ${nonZero(p, (m) => `sum(${m})`)})
        ${insertInto(p)}
        SELECT zone, grain, day, ${keys}, ${ms.map((m) => `sum(${m})`).join(', ')}, true FROM gone GROUP BY zone, grain, day, ${keys}
        HAVING ${nonZero(p, (m) => `sum(${m})`)};
        GET DIAGNOSTICS k = ROW_COUNT; folded := folded + k;`;
        }).join('\n        ')}
        END LOOP;
        RETURN folded;
      END $$`);

    // The built zone's rows whose sums differ from the sources' (none, unless a write path escaped the triggers).
    await q.query(`
      CREATE FUNCTION report_summary_drift() RETURNS TABLE (summary text, differing bigint) LANGUAGE plpgsql AS $$
      DECLARE tz text;
      BEGIN
        SELECT built_zone INTO tz FROM report_summary_state;
        ${TABLES.map((p) => {
          const keys = names(p.keys).join(', ');
          const cols = `${keys}, ${names(p.measures).join(', ')}`;
          const rows = `(SELECT zone, grain, day, ${cols} FROM ${p.table} WHERE zone = tz
                   UNION ALL SELECT zone, 'm', ${MONTH_OF('day')}, ${cols} FROM ${p.table} WHERE zone = tz AND grain = 'd' AND NOT compacted) t`;
          const kept = `SELECT zone, grain, day, ${keys}, ${p.measures.map(([m, t]) => `sum(${m})::${t}`).join(', ')}, false FROM ${rows}
                 GROUP BY zone, grain, day, ${keys} HAVING ${nonZero(p, (m) => `sum(${m})`)}`;
          const truth = deltaSelect(p, FULL(SOURCE_OF.get(p.table)!), false);
          return `RETURN QUERY SELECT '${p.table}'::text, (SELECT count(*) FROM ((${kept} EXCEPT ALL ${truth}) UNION ALL (${truth} EXCEPT ALL ${kept})) z);`;
        }).join('\n        ')}
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [source] of [['deals'], ['offers'], ['calls']]) {
      for (const suffix of ['ins', 'upd', 'del']) {
        await q.query(`DROP TRIGGER IF EXISTS ${source}_report_summaries_${suffix} ON ${source}`);
        await q.query(`DROP FUNCTION IF EXISTS cb_report_summaries_${source}_${suffix}()`);
      }
    }
    for (const f of ['report_summary_drift()', 'report_summaries_compact()', 'report_summaries_base(text)', 'report_summaries_finish(text)', 'report_speed_bin(double precision)']) await q.query(`DROP FUNCTION IF EXISTS ${f}`);
    for (const p of TABLES) await q.query(`DROP TABLE IF EXISTS ${p.table}`);
    await q.query(`DROP TABLE IF EXISTS report_summary_state`);
  }
}
