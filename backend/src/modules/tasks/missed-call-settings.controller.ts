import { Body, Controller, Get, Put } from '@nestjs/common';
import { type MissedCallSettings, UpdateMissedCallSettingsRequest } from '@callboard/contracts';
import { type Actor, CurrentUser, Roles } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { MissedCallSettingsService } from './missed-call-settings.service';

@Controller('settings/missed-calls')
export class MissedCallSettingsController {
  constructor(private readonly settings: MissedCallSettingsService) {}

  @Get()
  @Roles('head')
  get(): Promise<MissedCallSettings> {
    return this.settings.get();
  }

  @Put()
  @Roles('head')
  update(@CurrentUser() actor: Actor, @Body(new ZodPipe(UpdateMissedCallSettingsRequest)) body: UpdateMissedCallSettingsRequest): Promise<MissedCallSettings> {
    return this.settings.update(actor, body);
  }
}
