import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  type RoutingDecision,
  RoutingSettings,
  SetPresenceRequest,
  type TelephonyCredentials,
  type User,
} from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, Authenticated, CurrentUser, Internal, Roles } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { TelephonyService } from './telephony.service';

const RoutingQuery = z.object({
  callId: z.string().max(255).optional(),
  from: z.string().max(128).optional(),
  to: z.string().max(128).optional(),
});

@Controller()
export class TelephonyController {
  constructor(private readonly telephony: TelephonyService) {}

  @Get('telephony/credentials')
  @Authenticated()
  credentials(@CurrentUser() actor: Actor): Promise<TelephonyCredentials> {
    return this.telephony.credentials(actor);
  }

  @Put('telephony/presence')
  @Authenticated()
  setPresence(@CurrentUser() actor: Actor, @Body(new ZodPipe(SetPresenceRequest)) body: SetPresenceRequest): Promise<User> {
    return this.telephony.setPresence(actor, body.presence);
  }

  @Get('telephony/settings')
  @Roles('head')
  settings(): Promise<RoutingSettings> {
    return this.telephony.routingSettings();
  }

  @Put('telephony/settings')
  @Roles('head')
  saveSettings(@CurrentUser() actor: Actor, @Body(new ZodPipe(RoutingSettings)) body: RoutingSettings): Promise<RoutingSettings> {
    return this.telephony.saveRoutingSettings(actor, body);
  }

  /** Asked by the SIP server for each call to a sales number, with a strict timeout on its side. */
  @Get('internal/routing')
  @Internal()
  route(@Query(new ZodPipe(RoutingQuery)) query: z.infer<typeof RoutingQuery>): Promise<RoutingDecision> {
    return this.telephony.route(query.from);
  }
}
