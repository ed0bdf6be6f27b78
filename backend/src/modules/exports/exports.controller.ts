import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ExportFile } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { ExportsService } from './exports.service';

@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** deals|contacts|calls|tasks . csv|xlsx, with the list's own query parameters; every signed-in user, each sees what their lists show. */
  @Get(':file')
  @Authenticated()
  file(@CurrentUser() actor: Actor, @Param('file', new ZodPipe(ExportFile)) file: ExportFile, @Query() query: Record<string, unknown>): Promise<StreamableFile> {
    return this.exports.file(actor, file, query);
  }
}
