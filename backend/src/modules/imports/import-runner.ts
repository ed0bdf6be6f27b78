import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { ImportJob } from '@callboard/contracts';
import { randomUUID } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { HEADS_ROOM, userRoom } from '../../common/access/deal-visibility';
import { pgCode, Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { DealsService } from '../deals/deals.service';
import { RealtimeService } from '../realtime/realtime.service';
import { readRows, type SheetRow } from './import-file';
import { BatchKeys, duplicateKeys, parseRow, type ParsedRow, type PlanContext } from './import-plan';
import { ImportContexts } from './import-contexts';
import { type JobRow, type NewContact, type Reject, ImportsRepository, toImportJob } from './imports.repository';

/** Why a run stopped before the end of the file. */
type Stop = 'cancelled' | 'lost-lease' | 'shutdown';

/**
 * Runs imports as durable jobs (ADR 0036). A process claims a runnable import with a lease
 * (`FOR UPDATE SKIP LOCKED`: one process per import), reads the file from the row after the
 * cursor, and commits each batch of rows in one transaction together with the cursor and the
 * counts: after a crash the next claim resumes right after the last committed batch, and no row
 * is imported twice. Progress goes to the importer and the Heads after each commit.
 */
@Injectable()
export class ImportRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportRunner.name);
  /** This process, as the lease names it. */
  private readonly owner = `${hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private again = false;
  private stopping = false;

  constructor(
    private readonly repo: ImportsRepository,
    private readonly contexts: ImportContexts,
    private readonly deals: DealsService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    private readonly realtime: RealtimeService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.env.IMPORT_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.busy;
  }

  /** Looks for an import to run now (a new one was queued), or after the current one. */
  kick(): void {
    if (this.stopping) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = this.drain()
      .catch((err) => this.logger.error(`import runner: ${(err as Error).message}`))
      .finally(() => {
        this.busy = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** The import's state to its importer and the Heads. */
  announce(job: ImportJob): void {
    this.realtime.toRooms([HEADS_ROOM, userRoom(job.createdById)], 'import.progress', job);
  }

  private async drain(): Promise<void> {
    while (!this.stopping) {
      const job = await this.repo.claim(this.owner, this.env.IMPORT_LEASE_MS);
      if (!job) return;
      await this.runJob(job);
    }
  }

  private async runJob(job: JobRow): Promise<void> {
    this.logger.log(`import ${job.id}: running from row ${job.cursor + 1} (${this.owner})`);
    this.announce(toImportJob(job));
    let stop: Stop | null = null;
    try {
      const ctx = await this.contexts.build({ id: job.createdById, role: await this.repo.roleOf(job.createdById) }, job.mapping!);
      const seen = new Map<string, number>();
      let batch: SheetRow[] = [];
      for await (const r of readRows(job.filePath, job.format, job.encoding)) {
        if (r.row === 1) continue;
        if (r.row <= job.cursor) {
          // committed before: only what it tells about duplicates later in the file
          const parsed = parseRow(r.cells, r.unreadable, ctx);
          if (!('error' in parsed)) for (const key of duplicateKeys(parsed)) if (!seen.has(key)) seen.set(key, r.row);
          continue;
        }
        batch.push(r);
        if (batch.length >= this.env.IMPORT_BATCH_ROWS) {
          stop = await this.commit(job, ctx, batch, seen);
          batch = [];
          if (stop) break;
          if (this.env.IMPORT_BATCH_PAUSE_MS) await new Promise((resolve) => setTimeout(resolve, this.env.IMPORT_BATCH_PAUSE_MS));
          if (this.stopping) stop = 'shutdown';
          if (stop) break;
        }
      }
      if (!stop && batch.length) stop = await this.commit(job, ctx, batch, seen);
      if (!stop) {
        if (await this.repo.finish(job.id, this.owner, 'done', null)) this.logger.log(`import ${job.id}: done`);
        else this.logger.warn(`import ${job.id}: read to the end, but no longer this process's (cancelled or taken over)`);
      }
    } catch (err) {
      this.logger.error(`import ${job.id} failed: ${(err as Error).message}`, (err as Error).stack);
      const message = (err as { code?: string }).code === 'IMPORT_FILE_INVALID' ? (err as Error).message : 'The import stopped on an unexpected error; the rows before it were imported';
      // another node that took the import over meanwhile keeps it running
      if (!(await this.repo.finish(job.id, this.owner, 'failed', message.slice(0, 500)))) this.logger.warn(`import ${job.id}: no longer this process's; left to its holder`);
    }
    if (stop === 'shutdown') await this.repo.release(job.id, this.owner);
    const after = await this.repo.find(job.id);
    if (after && ['done', 'cancelled', 'failed'].includes(after.status)) await unlink(after.filePath).catch(() => undefined);
    if (after) this.announce(toImportJob(after));
  }

  /**
   * One batch in one transaction: the job row is locked first (a cancel waits for it, and is seen
   * by the next batch), then the rows' contacts, deals and rejects, then the cursor and the counts.
   */
  private async commit(job: JobRow, ctx: PlanContext, rows: SheetRow[], seen: Map<string, number>): Promise<Stop | null> {
    for (let attempt = 1; ; attempt++) {
      const pending = new PendingEvents();
      const local = new BatchKeys(seen);
      try {
        const result = await this.tx.run((tx) => this.commitOnce(job, ctx, rows, local, tx, pending), { retry: true, label: `import ${job.id}` });
        if (result.stop) return result.stop;
        local.commit();
        pending.publish(this.events);
        this.announce(toImportJob(result.job!));
        return null;
      } catch (err) {
        // a number saved elsewhere between the look-up and the insert: the batch again sees it as a duplicate
        if (pgCode(err) === '23505' && attempt < 3) continue;
        throw err;
      }
    }
  }

  private async commitOnce(
    job: JobRow,
    ctx: PlanContext,
    rows: SheetRow[],
    seen: BatchKeys,
    tx: Tx,
    pending: PendingEvents,
  ): Promise<{ stop: Stop | null; job: JobRow | null }> {
    const now = await this.repo.find(job.id, tx, true);
    if (!now || now.status === 'cancelled') return { stop: 'cancelled', job: null };
    if (now.leaseOwner !== this.owner || now.status !== 'running') return { stop: 'lost-lease', job: null };
    await this.repo.planPerBatch(tx);
    const parsed = rows.map((r) => parseRow(r.cells, r.unreadable, ctx));
    const decisions = await this.contexts.decideAll(ctx, parsed, seen, tx, rows.map((r) => r.row));
    const contacts: NewContact[] = [];
    const deals: { contactId: string; ownerId: string; deal: NonNullable<ParsedRow['deal']> }[] = [];
    const rejects: Reject[] = [];
    let updated = 0;
    let skipped = 0;
    for (let i = 0; i < rows.length; i++) {
      const d = decisions[i]!;
      if (d.outcome === 'error') rejects.push({ row: rows[i]!.row, reason: d.reason, cells: rows[i]!.cells });
      else if (d.outcome === 'skip') skipped++;
      else if (d.outcome === 'create') {
        const id = randomUUID();
        const p = d.parsed;
        contacts.push({ id, name: p.name, email: p.email, company: p.company, ownerId: p.ownerId, phone: p.phone });
        if (p.deal) deals.push({ contactId: id, ownerId: p.ownerId, deal: p.deal });
      } else {
        updated++;
        await this.repo.updateContact(d.contactId, d.parsed, tx);
        if (d.parsed.deal) deals.push({ contactId: d.contactId, ownerId: d.parsed.ownerId, deal: d.parsed.deal });
      }
    }
    await this.repo.insertContacts(contacts, tx);
    for (const x of deals) {
      await this.deals.createImported({ title: x.deal.title, amount: x.deal.amount, stageId: x.deal.stageId, ownerId: x.ownerId, contactId: x.contactId, importId: job.id }, job.createdById, tx, pending);
    }
    await this.repo.insertRejects(job.id, rejects, tx);
    const after = await this.repo.advance(job.id, { cursor: rows[rows.length - 1]!.row, created: contacts.length, updated, skipped, rejected: rejects.length }, this.env.IMPORT_LEASE_MS, tx);
    return { stop: null, job: after };
  }
}
