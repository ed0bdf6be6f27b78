import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ImportJob, ImportMapping, ImportPreview } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Actor } from '../../common/access/access.decorators';
import { csvStream } from '../../common/csv/csv-writer';
import { Transactions } from '../../common/database/transactions';
import { ENV, type Env, importsDir } from '../../config/env';
import { RealtimeService } from '../realtime/realtime.service';
import { inspectFile, readRows } from './import-file';
import { guessMapping, headerHash, parseRow, reasonOf } from './import-plan';
import { ImportContexts } from './import-contexts';
import { receiveUpload } from './import-upload';
import { ImportException } from './imports.exception';
import { type JobRow, ImportsRepository, toImportJob } from './imports.repository';
import { ImportRunner } from './import-runner';

/**
 * Imports (issue 17 part 1, ADR 0036): upload, map, preview, run, cancel, the rejected rows.
 * The run itself is ImportRunner's, a durable job any process may take over.
 */
@Injectable()
export class ImportsService {
  private readonly logger = new Logger(ImportsService.name);

  constructor(
    private readonly repo: ImportsRepository,
    private readonly tx: Transactions,
    private readonly contexts: ImportContexts,
    private readonly runner: ImportRunner,
    private readonly realtime: RealtimeService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** Stores the file, reads it once (encoding, columns, quotes, rows) and creates the import; a bad file leaves nothing behind. */
  async upload(actor: Actor, req: IncomingMessage): Promise<ImportJob> {
    const id = randomUUID();
    const file = await receiveUpload(req, importsDir(this.env), id, this.env.IMPORT_MAX_BYTES);
    try {
      const info = await inspectFile(file.path, file.fileName);
      const hash = headerHash(info.headers);
      const row = await this.repo.insertJob({ id, createdBy: actor.id, fileName: file.fileName, filePath: file.path, sizeBytes: file.size, headerHash: hash, ...info });
      this.logger.log(`import ${id} uploaded by ${actor.id}: ${info.format}, ${info.encoding}, ${info.totalRows} rows, ${info.headers.length} columns`);
      return this.withMapping(row);
    } catch (err) {
      await unlink(file.path).catch(() => undefined);
      throw err;
    }
  }

  async get(actor: Actor, id: string): Promise<ImportJob> {
    return this.withMapping(await this.visibleOrThrow(actor, id));
  }

  async list(actor: Actor): Promise<ImportJob[]> {
    return (await this.repo.listVisible(actor, 50)).map((r) => toImportJob(r));
  }

  /** What the first `limit` rows would do with this mapping, against the contacts in Callboard now. Writes nothing. */
  async preview(actor: Actor, id: string, mapping: ImportMapping, limit: number): Promise<ImportPreview> {
    const job = await this.visibleOrThrow(actor, id);
    if (job.status !== 'uploaded') throw new ImportException('IMPORT_STATE', 'This import has already started');
    checkWidth(job, mapping);
    const ctx = await this.contexts.build(actor, mapping);
    const rows: { row: number; cells: string[]; unreadable: string | null }[] = [];
    for await (const r of readRows(job.filePath, job.format, job.encoding)) {
      if (r.row === 1) continue;
      rows.push(r);
      if (rows.length >= limit) break;
    }
    const parsed = rows.map((r) => parseRow(r.cells, r.unreadable, ctx));
    const decisions = await this.tx.run((tx) => this.contexts.decideAll(ctx, parsed, new Map(), tx, rows.map((r) => r.row)));
    return {
      rows: rows.map((r, i) => ({ row: r.row, outcome: decisions[i]!.outcome, reason: reasonOf(decisions[i]!), cells: r.cells })),
    };
  }

  /** Saves the mapping (remembered for this header row) and queues the import; a runner takes it at once. */
  async run(actor: Actor, id: string, mapping: ImportMapping): Promise<ImportJob> {
    const row = await this.tx.run(async (tx) => {
      const job = await this.repo.findVisible(actor, id, tx, true);
      if (!job) throw notFound();
      if (job.status !== 'uploaded') throw new ImportException('IMPORT_STATE', 'This import has already started');
      if (job.createdById !== actor.id) throw new ImportException('IMPORT_STATE', 'Only the user who uploaded the file runs its import');
      checkWidth(job, mapping);
      await this.repo.queue(id, mapping, job.headerHash, actor.id, tx);
      return (await this.repo.find(id, tx))!;
    });
    this.logger.log(`import ${id} queued by ${actor.id}`);
    this.runner.kick();
    return toImportJob(row);
  }

  /** Stops the import after its current batch: what was committed stays, nothing more is written. */
  async cancel(actor: Actor, id: string): Promise<ImportJob> {
    const row = await this.tx.run(async (tx) => {
      const job = await this.repo.findVisible(actor, id, tx, true);
      if (!job) throw notFound();
      if (!['uploaded', 'queued', 'running'].includes(job.status)) throw new ImportException('IMPORT_STATE', `This import is already ${job.status}`);
      await this.repo.setStatus(id, 'cancelled', null, tx);
      return (await this.repo.find(id, tx))!;
    });
    await unlink(row.filePath).catch(() => undefined);
    this.logger.log(`import ${id} cancelled by ${actor.id} after ${row.cursor - 1} rows`);
    const job = toImportJob(row);
    this.runner.announce(job);
    return job;
  }

  /** The rejected rows with their reasons, as CSV through the one CSV writer (formulas neutralised). */
  async rejectsCsv(actor: Actor, id: string): Promise<{ name: string; body: Readable }> {
    const job = await this.visibleOrThrow(actor, id);
    const headers = job.headers;
    const columns = [
      { key: 'row', header: 'Row' },
      { key: 'reason', header: 'Reason' },
      ...headers.map((h, i) => ({ key: `c${i}`, header: h || `Column ${i + 1}` })),
    ];
    const repo = this.repo;
    async function* rows() {
      for await (const r of repo.rejects(job.id)) {
        const out: Record<string, unknown> = { row: r.row, reason: r.reason };
        r.cells.forEach((c, i) => (out[`c${i}`] = c));
        yield out;
      }
    }
    return { name: `rejected-${job.fileName.replace(/\.[^.]*$/, '')}`, body: csvStream(columns, rows()) };
  }

  private async withMapping(row: JobRow): Promise<ImportJob> {
    if (row.mapping) return toImportJob(row);
    const remembered = await this.repo.rememberedMapping(row.headerHash);
    if (remembered && remembered.columns.length === row.headers.length) return toImportJob(row, { mapping: remembered, remembered: true });
    return toImportJob(row, { mapping: { columns: guessMapping(row.headers), duplicates: 'skip' }, remembered: false });
  }

  private async visibleOrThrow(actor: Actor, id: string): Promise<JobRow> {
    const job = await this.repo.findVisible(actor, id);
    if (!job) throw notFound();
    return job;
  }
}

function notFound(): ImportException {
  return new ImportException('IMPORT_NOT_FOUND', 'No such import');
}

function checkWidth(job: JobRow, mapping: ImportMapping): void {
  if (mapping.columns.length !== job.headers.length) {
    throw new ImportException('VALIDATION_FAILED', `The mapping has ${mapping.columns.length} columns; the file has ${job.headers.length}`, [
      { path: ['columns'], message: 'one entry per column of the file' },
    ]);
  }
}
