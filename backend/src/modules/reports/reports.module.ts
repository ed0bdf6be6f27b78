import './reports-api.doc';
import { Module } from '@nestjs/common';
import { CallReportsRepository } from './call-reports.repository';
import { ConversationReportsRepository } from './conversation-reports.repository';
import { DealReportsRepository } from './deal-reports.repository';
import { ReportRecordsRepository } from './report-records.repository';
import { ReportSettingsRepository } from './report-settings.repository';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';
import { ReportSummariesService } from './report-summaries.service';
import { SummaryReportsRepository } from './summary-reports.repository';

@Module({
  controllers: [ReportsController],
  providers: [DealReportsRepository, CallReportsRepository, ConversationReportsRepository, ReportRecordsRepository, ReportSettingsRepository, SummaryReportsRepository, ReportSummariesService, ReportsService],
})
export class ReportsModule {}
