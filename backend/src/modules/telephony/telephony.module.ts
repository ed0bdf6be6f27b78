import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { UsersModule } from '../users/users.module';
import { CallPathWarmUp } from './call-path-warm-up';
import { TelephonyController } from './telephony.controller';
import { TelephonyRepository } from './telephony.repository';
import { TelephonyService } from './telephony.service';

@Module({
  imports: [UsersModule, ContactsModule, DealsModule, CallsModule],
  controllers: [TelephonyController],
  providers: [TelephonyRepository, TelephonyService, CallPathWarmUp],
})
export class TelephonyModule {}
