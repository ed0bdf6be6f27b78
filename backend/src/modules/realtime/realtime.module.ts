import { Global, Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { DealsService } from '../deals/deals.service';
import { RealtimeGateway } from './realtime.gateway';
import { RealtimeListener } from './realtime.listener';
import { DealAudienceSource, RealtimeService } from './realtime.service';

@Global()
@Module({
  // the deal-carrying payloads are checked against the deal as it is now
  imports: [DealsModule],
  providers: [RealtimeGateway, RealtimeListener, RealtimeService, { provide: DealAudienceSource, useExisting: DealsService }],
  exports: [RealtimeService],
})
export class RealtimeModule {}
