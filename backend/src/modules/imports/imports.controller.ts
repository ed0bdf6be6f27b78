import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, StreamableFile } from '@nestjs/common';
import { type ImportJob, ImportMapping, type ImportPreview, ImportPreviewQuery } from '@callboard/contracts';
import type { IncomingMessage } from 'node:http';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { csvFile } from '../../common/csv/csv-file';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { ImportsService } from './imports.service';

@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  /** multipart/form-data, the file in the field `file`; streamed to disk, 413 over IMPORT_MAX_BYTES. */
  @Post()
  @Authenticated()
  upload(@CurrentUser() actor: Actor, @Req() req: IncomingMessage): Promise<ImportJob> {
    return this.imports.upload(actor, req);
  }

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor): Promise<ImportJob[]> {
    return this.imports.list(actor);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<ImportJob> {
    return this.imports.get(actor, id);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @Authenticated()
  preview(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(ImportMapping)) mapping: ImportMapping,
    @Query(new ZodPipe(ImportPreviewQuery)) q: ImportPreviewQuery,
  ): Promise<ImportPreview> {
    return this.imports.preview(actor, id, mapping, q.limit);
  }

  @Post(':id/run')
  @HttpCode(200)
  @Authenticated()
  run(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(ImportMapping)) mapping: ImportMapping): Promise<ImportJob> {
    return this.imports.run(actor, id, mapping);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Authenticated()
  cancel(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<ImportJob> {
    return this.imports.cancel(actor, id);
  }

  /** The rejected rows, each with its row number and reason, as CSV. */
  @Get(':id/rejects.csv')
  @Authenticated()
  async rejects(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<StreamableFile> {
    const file = await this.imports.rejectsCsv(actor, id);
    return csvFile(file.name, file.body);
  }
}
