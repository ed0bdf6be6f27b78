import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { EXPORT_QUERIES, type ExportFile, type ExportKind } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { BusinessZone } from '../../common/clock/business-zone';
import { Clock } from '../../common/clock/clock';
import { csvFile } from '../../common/csv/csv-file';
import { csvStream } from '../../common/csv/csv-writer';
import { xlsxFile } from '../../common/xlsx/xlsx-file';
import { xlsxStream } from '../../common/xlsx/xlsx-writer';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { CallsService } from '../calls/calls.service';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { TasksService } from '../tasks/tasks.service';
import { EXPORT_COLUMNS, exportRecord } from './export-columns';

const SHEET_NAMES: Record<ExportKind, string> = { deals: 'Deals', contacts: 'Contacts', calls: 'Calls', tasks: 'Tasks' };

/**
 * The data export (docs/api/exports.md): a list's rows with the list's own filters and visibility
 * (each module's `exportRows` runs its list's statement without the page, through a cursor),
 * written as it is read by the one CSV writer or the one XLSX writer.
 */
@Injectable()
export class ExportsService {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly calls: CallsService,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly zone: BusinessZone,
  ) {}

  /**
   * The file, once the query is valid and allowed (a refusal is a plain 400/403/404 before any
   * byte is sent); its rows are read while it is sent. Named `<kind>-<today in the team's zone>`.
   */
  async file(actor: Actor, file: ExportFile, rawQuery: unknown): Promise<StreamableFile> {
    const rows = await this.rows(actor, file.kind, rawQuery);
    const columns = EXPORT_COLUMNS[file.kind];
    const [today, timeZone] = await Promise.all([this.clock.today(), this.zone.timeZone()]);
    const records = mapRows(rows, (row) => exportRecord(columns, row));
    const name = `${file.kind}-${today.date}`;
    this.logger.log(`export ${file.kind}.${file.format} for ${actor.id}`);
    if (file.format === 'csv') return csvFile(name, csvStream(columns, records));
    return xlsxFile(name, xlsxStream(columns, records, { sheetName: SHEET_NAMES[file.kind], timeZone }));
  }

  private async rows(actor: Actor, kind: ExportKind, rawQuery: unknown): Promise<AsyncIterable<object>> {
    switch (kind) {
      case 'deals':
        return this.deals.exportRows(actor, new ZodPipe(EXPORT_QUERIES.deals).transform(rawQuery));
      case 'contacts':
        return this.contacts.exportRows(actor, new ZodPipe(EXPORT_QUERIES.contacts).transform(rawQuery));
      case 'calls':
        return this.calls.exportRows(actor, new ZodPipe(EXPORT_QUERIES.calls).transform(rawQuery));
      case 'tasks':
        return this.tasks.exportRows(actor, new ZodPipe(EXPORT_QUERIES.tasks).transform(rawQuery));
    }
  }
}

async function* mapRows<T, U>(rows: AsyncIterable<T>, f: (row: T) => U): AsyncGenerator<U> {
  for await (const row of rows) yield f(row);
}

