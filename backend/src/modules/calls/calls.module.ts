import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { UsersModule } from '../users/users.module';
import { CallEventsController } from './call-events.controller';
import { CallsController } from './calls.controller';
import { CallsRepository } from './calls.repository';
import { CallsService } from './calls.service';
import { TransfersRepository } from './transfers.repository';
import { TransfersService } from './transfers.service';

@Module({
  imports: [DealsModule, ContactsModule, UsersModule],
  controllers: [CallEventsController, CallsController],
  providers: [CallsRepository, CallsService, TransfersRepository, TransfersService],
  exports: [CallsService, TransfersService],
})
export class CallsModule {}
