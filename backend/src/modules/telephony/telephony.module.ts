import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { UsersModule } from '../users/users.module';
import { CallReconciler } from './call-reconciler';
import { CallReconcilerController } from './call-reconciler.controller';
import { CallReconcilerRepository } from './call-reconciler.repository';
import { CallPathWarmUp } from './call-path-warm-up';
import { TelephonyController } from './telephony.controller';
import { TelephonyRepository } from './telephony.repository';
import { TelephonyService } from './telephony.service';

@Module({
  imports: [UsersModule, ContactsModule, DealsModule, CallsModule],
  controllers: [TelephonyController, CallReconcilerController],
  providers: [TelephonyRepository, TelephonyService, CallReconcilerRepository, CallReconciler, CallPathWarmUp],
})
export class TelephonyModule {}
