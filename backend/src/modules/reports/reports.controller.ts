import { Controller, Get, Param, Query, type StreamableFile } from '@nestjs/common';
import { ReportName, ReportQuery, type ReportRecords, ReportRecordsQuery } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { csvFile } from '../../common/csv/csv-file';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { ReportsService } from './reports.service';

/** Every report for Heads and Sellers (a Seller's are their own numbers); see docs/reports.md. */
@ApiKeyScope('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':name')
  @Authenticated()
  report(@CurrentUser() actor: Actor, @Param('name', new ZodPipe(ReportName)) name: ReportName, @Query(new ZodPipe(ReportQuery)) q: ReportQuery) {
    return this.reports.report(actor, name, q);
  }

  @Get(':name/csv')
  @Authenticated()
  async csv(@CurrentUser() actor: Actor, @Param('name', new ZodPipe(ReportName)) name: ReportName, @Query(new ZodPipe(ReportQuery)) q: ReportQuery): Promise<StreamableFile> {
    return csvFile(`${name}-${q.from}-${q.to}`, await this.reports.reportCsv(actor, name, q));
  }

  @Get(':name/records/csv')
  @Authenticated()
  async recordsCsv(
    @CurrentUser() actor: Actor,
    @Param('name', new ZodPipe(ReportName)) name: ReportName,
    @Query(new ZodPipe(ReportRecordsQuery)) q: ReportRecordsQuery,
  ): Promise<StreamableFile> {
    return csvFile(`${name}-${q.cell}-${q.from}-${q.to}`, await this.reports.recordsCsv(actor, name, q));
  }

  @Get(':name/records')
  @Authenticated()
  records(
    @CurrentUser() actor: Actor,
    @Param('name', new ZodPipe(ReportName)) name: ReportName,
    @Query(new ZodPipe(ReportRecordsQuery)) q: ReportRecordsQuery,
  ): Promise<ReportRecords> {
    return this.reports.recordsOf(actor, name, q);
  }
}
