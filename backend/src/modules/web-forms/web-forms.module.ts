import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module';
import { DealsModule } from '../deals/deals.module';
import { I18nModule } from '../i18n/i18n.module';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { PublicFormsController } from './public-forms.controller';
import { WebFormLimits } from './web-form-limits';
import './web-forms-api.doc';
import { WebFormsController } from './web-forms.controller';
import { WebFormsRepository } from './web-forms.repository';
import { WebFormsService } from './web-forms.service';

@Module({
  imports: [DealsModule, ContactsModule, PipelinesModule, I18nModule],
  controllers: [WebFormsController, PublicFormsController],
  providers: [WebFormsRepository, WebFormsService, WebFormLimits],
  exports: [WebFormsService],
})
export class WebFormsModule {}
