import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import './imports-api.doc';
import { ImportContexts } from './import-contexts';
import { ImportRunner } from './import-runner';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

@Module({
  imports: [DealsModule, PipelinesModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportContexts, ImportRunner, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
