import { Injectable } from '@nestjs/common';
import type { ImportJob, ImportMapping, ImportStatus } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { Transactions, type Tx } from '../../common/database/transactions';
import type { ExistingContact } from './import-plan';
import type { ImportEncoding, ImportFormat } from './import-file';

const JOB_COLUMNS = `j.id, j.file_name AS "fileName", j.file_path AS "filePath", j.format, j.encoding, j.status, j.headers,
  j.header_hash AS "headerHash", j.mapping, j.total_rows AS "totalRows", j.cursor,
  j.created_count AS created, j.updated_count AS updated, j.skipped_count AS skipped, j.rejected_count AS rejected,
  j.error, j.created_by AS "createdById", j.created_at AS "createdAt", j.finished_at AS "finishedAt",
  j.lease_owner AS "leaseOwner"`;

export interface JobRow {
  id: string;
  fileName: string;
  filePath: string;
  format: ImportFormat;
  encoding: ImportEncoding;
  status: ImportStatus;
  headers: string[];
  headerHash: string;
  mapping: ImportMapping | null;
  totalRows: number;
  /** The row number (header = 1) of the last row whose batch committed. */
  cursor: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  error: string | null;
  createdById: string;
  createdAt: Date;
  finishedAt: Date | null;
  leaseOwner: string | null;
}

export function toImportJob(row: JobRow, remembered: { mapping: ImportMapping | null; remembered: boolean } | null = null): ImportJob {
  return {
    id: row.id,
    fileName: row.fileName,
    format: row.format,
    encoding: row.encoding,
    status: row.status,
    headers: row.headers,
    mapping: row.mapping ?? remembered?.mapping ?? null,
    mappingRemembered: !row.mapping && !!remembered?.remembered,
    totalRows: row.totalRows,
    rowsDone: Math.max(0, row.cursor - 1),
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    rejected: row.rejected,
    error: row.error,
    createdById: row.createdById,
    createdAt: new Date(row.createdAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
  };
}

export interface NewContact {
  id: string;
  name: string;
  email: string | null;
  company: string | null;
  ownerId: string;
  phone: string | null;
}

export interface Reject {
  row: number;
  reason: string;
  cells: string[];
}

@Injectable()
export class ImportsRepository {
  constructor(private readonly tx: Transactions) {}

  async insertJob(
    input: { id: string; createdBy: string; fileName: string; filePath: string; format: ImportFormat; encoding: ImportEncoding; sizeBytes: number; headers: string[]; headerHash: string; totalRows: number },
  ): Promise<JobRow> {
    await this.tx.db().rows(
      `INSERT INTO import_jobs (id, created_by, file_name, file_path, format, encoding, size_bytes, headers, header_hash, status, total_rows, cursor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'uploaded', $10, 1)`,
      [input.id, input.createdBy, input.fileName, input.filePath, input.format, input.encoding, input.sizeBytes, JSON.stringify(input.headers), input.headerHash, input.totalRows],
    );
    return (await this.find(input.id))!;
  }

  find(id: string, tx?: Tx, lock = false): Promise<JobRow | null> {
    return this.tx.db(tx).one<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs j WHERE j.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  }

  /** The importer's own import, or any for a Head. */
  findVisible(actor: Actor, id: string, tx?: Tx, lock = false): Promise<JobRow | null> {
    return this.tx
      .db(tx)
      .one<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs j WHERE j.id = $1 AND ($2::text = 'head' OR j.created_by = $3)${lock ? ' FOR UPDATE' : ''}`, [id, actor.role, actor.id]);
  }

  listVisible(actor: Actor, limit: number): Promise<JobRow[]> {
    return this.tx
      .db()
      .rows<JobRow>(`SELECT ${JOB_COLUMNS} FROM import_jobs j WHERE ($1::text = 'head' OR j.created_by = $2) ORDER BY j.created_at DESC, j.id DESC LIMIT $3`, [actor.role, actor.id, limit]);
  }

  async rememberedMapping(headerHash: string): Promise<ImportMapping | null> {
    const row = await this.tx.db().one<{ mapping: ImportMapping }>(`SELECT mapping FROM import_mappings WHERE header_hash = $1`, [headerHash]);
    return row?.mapping ?? null;
  }

  async queue(id: string, mapping: ImportMapping, headerHash: string, userId: string, tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(`UPDATE import_jobs SET mapping = $2, status = 'queued' WHERE id = $1`, [id, JSON.stringify(mapping)]);
    await db.rows(
      `INSERT INTO import_mappings (header_hash, mapping, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (header_hash) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [headerHash, JSON.stringify(mapping), userId],
    );
  }

  async setStatus(id: string, status: ImportStatus, error: string | null, tx?: Tx): Promise<void> {
    await this.tx.db(tx).rows(
      `UPDATE import_jobs SET status = $2::text, error = $3::text, lease_owner = NULL, lease_until = NULL,
         finished_at = CASE WHEN $2::text IN ('done', 'cancelled', 'failed') THEN now() ELSE finished_at END
       WHERE id = $1`,
      [id, status, error],
    );
  }

  /**
   * Takes the oldest runnable import whose lease ran out (or that no one held) for this process,
   * skipping rows another process is claiming at the same moment: one process runs each import.
   */
  claim(owner: string, leaseMs: number): Promise<JobRow | null> {
    return this.tx.db().one<JobRow>(
      `WITH next AS (
         SELECT id FROM import_jobs
         WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
         ORDER BY created_at, id FOR UPDATE SKIP LOCKED LIMIT 1)
       UPDATE import_jobs j SET status = 'running', lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond',
         started_at = COALESCE(j.started_at, now())
       FROM next WHERE j.id = next.id
       RETURNING ${JOB_COLUMNS}`,
      [owner, leaseMs],
    );
  }

  /**
   * The run's end (done or failed), only while `owner` still holds the import: a process that lost
   * its lease (another node took the import over) or whose import was cancelled changes nothing.
   * Returns whether it did.
   */
  async finish(id: string, owner: string, status: 'done' | 'failed', error: string | null): Promise<boolean> {
    const rows = await this.tx.db().rows(
      `UPDATE import_jobs SET status = $3::text, error = $4::text, lease_owner = NULL, lease_until = NULL, finished_at = now()
       WHERE id = $1 AND lease_owner = $2 AND status = 'running' RETURNING id`,
      [id, owner, status, error],
    );
    return rows.length > 0;
  }

  /** Gives the lease back (a graceful stop): another process may take the import over at once. */
  async release(id: string, owner: string): Promise<void> {
    await this.tx.db().rows(`UPDATE import_jobs SET lease_until = NULL, lease_owner = NULL WHERE id = $1 AND lease_owner = $2 AND status = 'running'`, [id, owner]);
  }

  /** A batch is done: its cursor and counts, committed with its rows; the lease is extended. */
  async advance(id: string, step: { cursor: number; created: number; updated: number; skipped: number; rejected: number }, leaseMs: number, tx: Tx): Promise<JobRow> {
    return (await this.tx.db(tx).one<JobRow>(
      `UPDATE import_jobs j SET cursor = $2, created_count = created_count + $3, updated_count = updated_count + $4,
         skipped_count = skipped_count + $5, rejected_count = rejected_count + $6, lease_until = now() + $7 * interval '1 millisecond'
       WHERE j.id = $1 RETURNING ${JOB_COLUMNS}`,
      [id, step.cursor, step.created, step.updated, step.skipped, step.rejected, leaseMs],
    ))!;
  }

  /**
   * Plans made for each batch's own lists: a plan cached for "some list" (a generic plan) may
   * scan every contact for each batch once the table has grown.
   */
  async planPerBatch(tx: Tx): Promise<void> {
    await this.tx.db(tx).rows(`SET LOCAL plan_cache_mode = force_custom_plan`);
  }

  /** Contacts holding these numbers (the system's lookup: every contact, whoever owns it). */
  async contactsByPhone(actor: { id: string; role: string }, e164s: string[], tx: Tx): Promise<Map<string, ExistingContact>> {
    if (!e164s.length) return new Map();
    const rows = await this.tx.db(tx).rows<{ key: string; id: string; editable: boolean }>(
      // one index probe per number (a plain = ANY() may scan every phone, comparing each with the whole list)
      `SELECT p.e164 AS key, c.id, ${editable('$2', '$3')} AS editable
       FROM unnest($1::varchar[]) AS k(e164) JOIN contact_phones p ON p.e164 = k.e164 JOIN contacts c ON c.id = p.contact_id`,
      [e164s, actor.role, actor.id],
    );
    return new Map(rows.map((r) => [r.key, { id: r.id, editable: r.editable }]));
  }

  /** Contacts with these e-mails, lower-cased; the oldest where several share one. */
  async contactsByEmail(actor: { id: string; role: string }, emails: string[], tx: Tx): Promise<Map<string, ExistingContact>> {
    if (!emails.length) return new Map();
    const rows = await this.tx.db(tx).rows<{ key: string; id: string; editable: boolean }>(
      `SELECT k.email AS key, c.id, ${editable('$2', '$3')} AS editable
       FROM unnest($1::text[]) AS k(email)
       JOIN LATERAL (SELECT x.id, x.owner_id FROM contacts x WHERE lower(x.email) = k.email ORDER BY x.created_at, x.id LIMIT 1) c ON true`,
      [emails, actor.role, actor.id],
    );
    return new Map(rows.map((r) => [r.key, { id: r.id, editable: r.editable }]));
  }

  async insertContacts(rows: NewContact[], tx: Tx): Promise<void> {
    if (!rows.length) return;
    const db = this.tx.db(tx);
    await db.rows(
      `INSERT INTO contacts (id, name, email, company, owner_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[])`,
      [rows.map((r) => r.id), rows.map((r) => r.name), rows.map((r) => r.email), rows.map((r) => r.company), rows.map((r) => r.ownerId)],
    );
    const phones = rows.filter((r) => r.phone);
    if (phones.length) {
      await db.rows(
        `INSERT INTO contact_phones (contact_id, e164, label, sort_order) SELECT c, p, 'mobile', 0 FROM unnest($1::uuid[], $2::text[]) AS t(c, p)`,
        [phones.map((r) => r.id), phones.map((r) => r.phone)],
      );
    }
  }

  /** Fills in what the row has (name, company, e-mail; a new phone is added); the owner stays. */
  async updateContact(id: string, row: { name: string; email: string | null; company: string | null; phone: string | null }, tx: Tx): Promise<void> {
    const db = this.tx.db(tx);
    await db.rows(
      `UPDATE contacts SET name = $2::text, email = COALESCE($3::text, email), company = COALESCE($4::text, company), updated_at = now() WHERE id = $1`,
      [id, row.name, row.email, row.company],
    );
    if (row.phone) {
      await db.rows(
        `INSERT INTO contact_phones (contact_id, e164, label, sort_order)
         SELECT $1::uuid, $2::varchar, 'mobile', COALESCE((SELECT max(sort_order) + 1 FROM contact_phones WHERE contact_id = $1::uuid), 0)
         WHERE NOT EXISTS (SELECT 1 FROM contact_phones WHERE e164 = $2::varchar)`,
        [id, row.phone],
      );
    }
  }

  async insertRejects(jobId: string, rejects: Reject[], tx: Tx): Promise<void> {
    if (!rejects.length) return;
    await this.tx.db(tx).rows(
      `INSERT INTO import_rejects (job_id, row_number, reason, cells)
       SELECT $1, r, reason, cells::jsonb FROM unnest($2::int[], $3::text[], $4::text[]) AS t(r, reason, cells)`,
      [jobId, rejects.map((r) => r.row), rejects.map((r) => r.reason.slice(0, 300)), rejects.map((r) => JSON.stringify(r.cells))],
    );
  }

  /** The rejected rows in file order, a page at a time (the file is streamed). */
  async *rejects(jobId: string): AsyncGenerator<Reject> {
    let after = 0;
    for (;;) {
      const page = await this.tx
        .db()
        .rows<Reject>(`SELECT row_number AS row, reason, cells FROM import_rejects WHERE job_id = $1 AND row_number > $2 ORDER BY row_number LIMIT 1000`, [jobId, after]);
      yield* page;
      if (page.length < 1000) return;
      after = page[page.length - 1]!.row;
    }
  }

  async roleOf(userId: string): Promise<'head' | 'seller'> {
    const row = await this.tx.db().one<{ role: string }>(`SELECT role FROM users WHERE id = $1`, [userId]);
    return row?.role === 'head' ? 'head' : 'seller';
  }

  async activeUsersByEmail(): Promise<Map<string, string>> {
    const rows = await this.tx.db().rows<{ email: string; id: string }>(`SELECT lower(email) AS email, id FROM users WHERE active`);
    return new Map(rows.map((r) => [r.email, r.id]));
  }
}

/** Whether the importer may update the contact: a Head any; a Seller one they own or of a deal they own (as ContactsRepository). */
function editable(role: string, actorId: string): string {
  return `(${role}::text = 'head' OR c.owner_id = ${actorId}::uuid OR EXISTS (
    SELECT 1 FROM deals d WHERE d.contact_id = c.id AND d.deleted_at IS NULL AND d.owner_id = ${actorId}::uuid))`;
}
