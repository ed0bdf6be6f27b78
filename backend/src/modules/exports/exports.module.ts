import './exports-api.doc';
import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { TasksModule } from '../tasks/tasks.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [DealsModule, ContactsModule, CallsModule, TasksModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
