import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import './inbox-api.doc';
import { InboxController } from './inbox.controller';
import { InboxRepository } from './inbox.repository';
import { InboxService } from './inbox.service';

@Module({
  imports: [DealsModule],
  controllers: [InboxController],
  providers: [InboxRepository, InboxService],
  exports: [InboxService],
})
export class InboxModule {}
