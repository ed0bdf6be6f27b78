import { Module } from '@nestjs/common';
import { DealsModule } from '../deals/deals.module';
import { OrdersModule } from '../orders/orders.module';
import { OffersController } from './offers.controller';
import { OffersRepository } from './offers.repository';
import { OffersService } from './offers.service';

@Module({
  imports: [DealsModule, OrdersModule],
  controllers: [OffersController],
  providers: [OffersRepository, OffersService],
})
export class OffersModule {}
