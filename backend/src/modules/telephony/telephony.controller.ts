import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import {
  type RoutingDecision,
  RoutingSettings,
  SetPresenceRequest,
  type TelephonyCredentials,
  type TransferRoutingDecision,
  type User,
} from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, Authenticated, CurrentUser, Internal, Roles } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { TransfersService } from '../calls/transfers.service';
import { TelephonyService } from './telephony.service';

const RoutingQuery = z.object({
  callId: z.string().max(255).optional(),
  from: z.string().max(128).optional(),
  to: z.string().max(128).optional(),
  /** The X-Callboard-Transfer token of a carrier INVITE that follows a REFER (ADR 0005). */
  transfer: z.string().max(128).optional(),
});

@Controller()
export class TelephonyController {
  constructor(
    private readonly telephony: TelephonyService,
    private readonly transfers: TransfersService,
  ) {}

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
  route(@Query(new ZodPipe(RoutingQuery)) query: z.infer<typeof RoutingQuery>): Promise<RoutingDecision | TransferRoutingDecision> {
    if (query.transfer !== undefined) return this.transfers.route(query.transfer, query.callId);
    return this.telephony.route(query.from);
  }
}
