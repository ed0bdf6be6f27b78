import { Injectable } from '@nestjs/common';
import type {
  CallRecordingStatus,
  NumberRecordingPolicy,
  PipelineRecordingPolicy,
  RecordingListen,
  RecordingListenCsvQuery,
  RecordingPause,
  RecordingPolicy,
} from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { callVisibleSql } from '../../common/access/call-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';

/** A recording's row (times as Date). `filePath` is relative to RECORDINGS_DIR. */
export interface RecordingRow {
  id: string;
  callId: string;
  sipCallId: string;
  policy: RecordingPolicy;
  status: CallRecordingStatus;
  failure: 'disk_full' | 'media_error' | null;
  filePath: string | null;
  sizeBytes: string | null;
  sha256: string | null;
  channels: 1 | 2 | null;
  repChannel: 0 | 1 | null;
  durationSec: number | null;
  startedAt: Date | null;
  endedAt: Date | null;
  pauses: RecordingPause[];
  storedAt: Date | null;
  /** How often it was played (only when asked for: a Head's list). */
  listenCount?: number | null;
}

/** What the recordings module needs of a call. */
export interface CallFacts {
  id: string;
  sipCallId: string;
  direction: 'inbound' | 'outbound' | null;
  toNumber: string | null;
  dealId: string | null;
  pipelineId: string | null;
  /** The rep on the call: who answered it, else who placed it (outbound). */
  repId: string | null;
  answeredAt: Date | null;
  endedAt: Date | null;
}

const COLUMNS = `r.id, r.call_id AS "callId", r.sip_call_id AS "sipCallId", r.policy, r.status, r.failure, r.file_path AS "filePath",
  r.size_bytes AS "sizeBytes", r.sha256, r.channels, r.rep_channel AS "repChannel", r.duration_sec AS "durationSec",
  r.started_at AS "startedAt", r.ended_at AS "endedAt", r.pauses, r.stored_at AS "storedAt"`;

const SETTINGS_KEY = 'recordings.settings';
/** The listen log's page counts the lines that match up to this many (then says "at least"). */
export const LISTEN_COUNT_CAP = 10_000;
const RETENTION_KEY = 'recordings.retention';

/** Who may hear a call's recording: whoever may see the call (over `c`, calls). */
const hearsSql = (actor: Pick<Actor, 'role'>, actorParam: string): string => callVisibleSql(actor, actorParam, 'c');

@Injectable()
export class RecordingsRepository {
  constructor(private readonly tx: Transactions) {}

  // ---- settings ----

  async settings(tx?: Tx): Promise<{ defaultPolicy: RecordingPolicy | null; retentionDays: number | null }> {
    const row = await this.tx.db(tx).one<{ value: { defaultPolicy?: RecordingPolicy; retentionDays?: number } }>(`SELECT value FROM settings WHERE key = $1`, [SETTINGS_KEY]);
    return { defaultPolicy: row?.value.defaultPolicy ?? null, retentionDays: row?.value.retentionDays ?? null };
  }

  async saveSettings(value: { defaultPolicy: RecordingPolicy; retentionDays: number }, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [SETTINGS_KEY, JSON.stringify(value)],
    );
  }

  async policies(tx?: Tx): Promise<{ pipelines: PipelineRecordingPolicy[]; numbers: NumberRecordingPolicy[] }> {
    const rows = await this.tx.db(tx).rows<{ pipelineId: string | null; number: string | null; policy: RecordingPolicy }>(
      `SELECT pipeline_id AS "pipelineId", number, policy FROM recording_policies ORDER BY number NULLS FIRST, pipeline_id`,
    );
    return {
      pipelines: rows.filter((r) => r.pipelineId).map((r) => ({ pipelineId: r.pipelineId!, policy: r.policy })),
      numbers: rows.filter((r) => r.number).map((r) => ({ number: r.number!, policy: r.policy })),
    };
  }

  async replacePolicies(pipelines: PipelineRecordingPolicy[], numbers: NumberRecordingPolicy[], tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(`DELETE FROM recording_policies`);
    for (const p of pipelines) await db.rows(`INSERT INTO recording_policies (pipeline_id, policy) VALUES ($1, $2)`, [p.pipelineId, p.policy]);
    for (const n of numbers) await db.rows(`INSERT INTO recording_policies (number, policy) VALUES ($1, $2)`, [n.number, n.policy]);
  }

  async existingPipelineIds(ids: string[], tx: Tx): Promise<string[]> {
    if (!ids.length) return [];
    return (await this.tx.db(tx).rows<{ id: string }>(`SELECT id FROM pipelines WHERE id = ANY($1::uuid[])`, [ids])).map((r) => r.id);
  }

  // ---- calls ----

  callFacts(sipCallId: string, tx?: Tx): Promise<CallFacts | null> {
    return this.tx.db(tx).one<CallFacts>(
      `SELECT c.id, c.sip_call_id AS "sipCallId", c.direction, c.to_number AS "toNumber", c.deal_id AS "dealId", d.pipeline_id AS "pipelineId",
         COALESCE(c.answered_by, CASE WHEN c.direction = 'outbound' THEN c.user_id END) AS "repId",
         c.answered_at AS "answeredAt", c.ended_at AS "endedAt"
       FROM calls c LEFT JOIN deals d ON d.id = c.deal_id WHERE c.sip_call_id = $1`,
      [sipCallId],
    );
  }

  // ---- recordings ----

  bySipCallId(sipCallId: string, tx?: Tx, lock = false): Promise<RecordingRow | null> {
    return this.tx.db(tx).one<RecordingRow>(`SELECT ${COLUMNS} FROM recordings r WHERE r.sip_call_id = $1${lock ? ' FOR UPDATE' : ''}`, [sipCallId]);
  }

  byId(id: string, tx?: Tx): Promise<RecordingRow | null> {
    return this.tx.db(tx).one<RecordingRow>(`SELECT ${COLUMNS} FROM recordings r WHERE r.id = $1`, [id]);
  }

  /** The call's recording row, created in `status` if the call has none; locked either way. */
  async lockOrCreate(call: CallFacts, policy: RecordingPolicy, status: CallRecordingStatus, tx: Tx): Promise<{ row: RecordingRow; created: boolean }> {
    const db = this.tx.db(tx);
    const created = await db.one<RecordingRow>(
      `INSERT INTO recordings (call_id, sip_call_id, policy, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (call_id) DO NOTHING RETURNING ${COLUMNS.replace(/r\./g, '')}`,
      [call.id, call.sipCallId, policy, status],
    );
    if (created) return { row: created, created: true };
    return { row: (await db.one<RecordingRow>(`SELECT ${COLUMNS} FROM recordings r WHERE r.call_id = $1 FOR UPDATE`, [call.id]))!, created: false };
  }

  async setStatus(id: string, status: CallRecordingStatus, failure: RecordingRow['failure'], tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE recordings SET status = $2, failure = $3, updated_at = now() WHERE id = $1`, [id, status, failure]);
  }

  async markStored(
    id: string,
    f: { filePath: string; sizeBytes: number; sha256: string; channels: 1 | 2; repChannel: 0 | 1 | null; durationSec: number; startedAt: string; endedAt: string; pauses: RecordingPause[] },
    tx: Tx,
  ): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE recordings SET status = 'stored', failure = NULL, file_path = $2, size_bytes = $3, sha256 = $4, channels = $5, rep_channel = $6,
         duration_sec = $7, started_at = $8, ended_at = $9, pauses = $10::jsonb, stored_at = now(), updated_at = now() WHERE id = $1`,
      [id, f.filePath, f.sizeBytes, f.sha256, f.channels, f.repChannel, f.durationSec, f.startedAt, f.endedAt, JSON.stringify(f.pauses)],
    );
  }

  /** The recordings (any state) of the calls this actor may hear, on a deal, a contact's calls, or one call; a Head's with their listen counts. */
  visible(actor: Actor, q: { dealId?: string; contactId?: string; sipCallIds?: string[] }): Promise<RecordingRow[]> {
    return this.tx.db().rows<RecordingRow>(
      `SELECT ${COLUMNS}, CASE WHEN $5::boolean THEN (SELECT count(*)::int FROM recording_listens l WHERE l.recording_id = r.id) END AS "listenCount"
       FROM recordings r JOIN calls c ON c.id = r.call_id
       WHERE ${hearsSql(actor, '$1')}
         AND ($2::uuid IS NULL OR c.deal_id = $2) AND ($3::uuid IS NULL OR c.contact_id = $3) AND ($4::text[] IS NULL OR c.sip_call_id = ANY($4::text[]))
       ORDER BY c.offered_at DESC NULLS LAST, r.id LIMIT 500`,
      [actor.id, q.dealId ?? null, q.contactId ?? null, q.sipCallIds ?? null, actor.role === 'head'],
    );
  }

  /** The recording if this actor may hear it; null when they may not (or it does not exist: `exists` tells). */
  async hearable(actor: Actor, id: string): Promise<{ row: RecordingRow | null; exists: boolean }> {
    const row = await this.tx.db().one<RecordingRow & { may: boolean }>(
      `SELECT ${COLUMNS}, ${hearsSql(actor, '$2')} AS may FROM recordings r JOIN calls c ON c.id = r.call_id WHERE r.id = $1`,
      [id, actor.id],
    );
    if (!row) return { row: null, exists: false };
    const { may, ...rest } = row;
    return { row: may ? rest : null, exists: true };
  }

  /** An active user as an actor (a playback ticket names its user; they may have been deactivated since). */
  activeActor(userId: string): Promise<Actor | null> {
    return this.tx.db().one<Actor>(`SELECT id, role, name FROM users WHERE id = $1 AND active`, [userId]);
  }

  async logListen(recording: RecordingRow, userId: string): Promise<void> {
    await this.tx.db().rows(`INSERT INTO recording_listens (recording_id, call_id, user_id) VALUES ($1, $2, $3)`, [recording.id, recording.callId, userId]);
  }

  /** The listen log's lines the filters select (days in `timeZone`), newest first, and how many there are in all. */
  async listens(
    q: RecordingListenCsvQuery,
    timeZone: string,
    page: { limit: number; offset: number },
    withTotal = true,
  ): Promise<{ total: number; totalAtLeast: boolean; rows: RecordingListen[] }> {
    const db = this.tx.db();
    // only the filters given, each its own statement: a generic plan of "$1 IS NULL OR ..." cannot use the indexes
    const params: unknown[] = [];
    const add = (value: unknown) => `$${params.push(value)}`;
    const conditions: string[] = [];
    if (q.recordingId) conditions.push(`l.recording_id = ${add(q.recordingId)}`);
    if (q.callId) conditions.push(`l.call_id = ${add(q.callId)}`);
    if (q.userId) conditions.push(`l.user_id = ${add(q.userId)}`);
    if (q.from || q.to) {
      const zone = add(timeZone);
      if (q.from) conditions.push(`l.listened_at >= (${add(q.from)}::date::timestamp AT TIME ZONE ${zone}::text)`);
      if (q.to) conditions.push(`l.listened_at < ((${add(q.to)}::date + 1)::timestamp AT TIME ZONE ${zone}::text)`);
    }
    const where = conditions.length ? conditions.join(' AND ') : 'true';
    const filterParams = [...params];
    const rows = await db.rows<ListenRow>(
      `SELECT l.id::text AS id, l.recording_id AS "recordingId", l.call_id AS "callId", l.user_id AS "userId", u.name AS "userName", l.listened_at AS at,
         (r.id IS NOT NULL) AS "recordingKept", c.sip_call_id AS "sipCallId", c.direction,
         CASE WHEN c.direction = 'outbound' THEN COALESCE(c.to_number, c.to_raw) ELSE COALESCE(c.from_number, c.from_raw) END AS number,
         c.contact_id AS "contactId", COALESCE(ct.name, CASE WHEN c.direction = 'inbound' THEN c.from_name END) AS "contactName",
         rep.id AS "repId", rep.name AS "repName",
         CASE WHEN d.deleted_at IS NULL THEN d.id END AS "dealId", CASE WHEN d.deleted_at IS NULL THEN d.title END AS "dealTitle", c.offered_at AS "callAt"
       FROM recording_listens l JOIN users u ON u.id = l.user_id
       LEFT JOIN recordings r ON r.id = l.recording_id
       LEFT JOIN calls c ON c.id = l.call_id
       LEFT JOIN contacts ct ON ct.id = c.contact_id
       LEFT JOIN users rep ON rep.id = COALESCE(c.answered_by, CASE WHEN c.direction = 'outbound' THEN c.user_id END)
       LEFT JOIN deals d ON d.id = c.deal_id
       WHERE ${where}
       ORDER BY l.listened_at DESC, l.id DESC LIMIT ${add(page.limit)} OFFSET ${add(page.offset)}`,
      params,
    );
    // counted up to a cap: an exact count of a large log would read all of it for every page
    const counted = withTotal
      ? Number((await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM (SELECT 1 FROM recording_listens l WHERE ${where} LIMIT ${LISTEN_COUNT_CAP + 1}) x`, filterParams))!.n)
      : rows.length;
    return { total: Math.min(counted, LISTEN_COUNT_CAP), totalAtLeast: counted > LISTEN_COUNT_CAP, rows: rows.map(toListen) };
  }

  // ---- retention ----

  async ensureRetentionSchedule(nextRunAt: Date): Promise<void> {
    await this.tx.db().rows(`INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO NOTHING`, [RETENTION_KEY, JSON.stringify({ nextRunAt: nextRunAt.toISOString() })]);
  }

  /** The retention schedule, locked for this transaction; null while another instance holds it. */
  claimRetentionSchedule(tx: Tx): Promise<{ nextRunAt: string } | null> {
    return this.tx.db(tx).one<{ value: { nextRunAt: string } }>(`SELECT value FROM settings WHERE key = $1 FOR UPDATE SKIP LOCKED`, [RETENTION_KEY]).then((r) => r?.value ?? null);
  }

  async saveRetentionSchedule(nextRunAt: Date, tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`UPDATE settings SET value = $2::jsonb, updated_at = now() WHERE key = $1`, [RETENTION_KEY, JSON.stringify({ nextRunAt: nextRunAt.toISOString() })]);
  }

  /** Stored recordings that started before `before`, locked (others' locked ones skipped). */
  expired(before: Date, limit: number, tx: Tx): Promise<RecordingRow[]> {
    return this.tx.db(tx).rows<RecordingRow>(
      `SELECT ${COLUMNS} FROM recordings r WHERE r.status = 'stored' AND COALESCE(r.started_at, r.stored_at) < $1
       ORDER BY r.started_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [before, limit],
    );
  }

  async deleteRows(ids: string[], tx: Tx): Promise<void> {
    if (ids.length) await this.tx.db(tx).rows(`DELETE FROM recordings WHERE id = ANY($1::uuid[])`, [ids]);
  }
}

interface ListenRow {
  id: string;
  recordingId: string;
  callId: string | null;
  userId: string;
  userName: string;
  at: Date;
  recordingKept: boolean;
  sipCallId: string | null;
  direction: 'inbound' | 'outbound' | null;
  number: string | null;
  contactId: string | null;
  contactName: string | null;
  repId: string | null;
  repName: string | null;
  dealId: string | null;
  dealTitle: string | null;
  callAt: Date | null;
}

function toListen(r: ListenRow): RecordingListen {
  const { sipCallId, direction, number, contactId, contactName, repId, repName, dealId, dealTitle, callAt, at, ...listen } = r;
  return {
    ...listen,
    at: new Date(at).toISOString(),
    call:
      sipCallId === null
        ? null
        : { sipCallId, direction, number, contactId, contactName, repId, repName, dealId, dealTitle, at: callAt ? new Date(callAt).toISOString() : null },
  };
}
