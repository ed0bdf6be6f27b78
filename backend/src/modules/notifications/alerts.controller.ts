import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { BridgeAlert, type BridgeAlertAnswer } from '@callboard/contracts';
import { Internal } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { AlertsService } from './alerts.service';

/** Where the pbx-bridge raises alerts a Head must see (a call event it had to set aside). */
@Controller('internal/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Post()
  @HttpCode(200)
  @Internal()
  raise(@Body(new ZodPipe(BridgeAlert)) alert: BridgeAlert): Promise<BridgeAlertAnswer> {
    return this.alerts.raise(alert);
  }
}
