import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  type DialCheckResult,
  DialPolicySettings,
  type DialPolicyUser,
  type DialPolicyView,
  type ReferCheckResult,
  SetInternationalRequest,
} from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, CurrentUser, Internal, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { DialPolicyService } from './dial-policy.service';

const DialCheckQuery = z.object({
  callId: z.string().min(1).max(255),
  extension: z.string().min(1).max(64),
  to: z.string().min(1).max(128),
});

const ReferCheckQuery = z.object({
  callId: z.string().min(1).max(255),
  token: z.string().min(1).max(128),
  // what the SIP server read in the Refer-To (ADR 0009): its user part, the Call-ID its Replaces
  // names, and that dialog's parties as "<caller ext>:<callee ext>" ('' when it knows none)
  user: z.string().min(1).max(64).optional(),
  replaces: z.string().min(1).max(255).optional(),
  consult: z.string().max(130).optional(),
});

@Controller()
export class DialPolicyController {
  constructor(private readonly policy: DialPolicyService) {}

  @Get('dial-policy')
  @Roles('head')
  view(): Promise<DialPolicyView> {
    return this.policy.view();
  }

  @Put('dial-policy')
  @Roles('head')
  save(@CurrentUser() actor: Actor, @Body(new ZodPipe(DialPolicySettings)) body: DialPolicySettings): Promise<DialPolicySettings> {
    return this.policy.saveSettings(actor, body);
  }

  @Put('dial-policy/users/:id')
  @Roles('head')
  setInternational(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(SetInternationalRequest)) body: SetInternationalRequest,
  ): Promise<DialPolicyUser> {
    return this.policy.setInternational(actor, id, body.internationalAllowed);
  }

  /** Asked by the SIP server before an outbound call reaches the trunk (fails closed there). */
  @Get('internal/dial-check')
  @Internal()
  dialCheck(@Query(new ZodPipe(DialCheckQuery)) q: z.infer<typeof DialCheckQuery>): Promise<DialCheckResult> {
    return this.policy.dialCheck(q.callId, q.extension, q.to);
  }

  /** Asked by the SIP server before it relays a REFER whose target carries a transfer token (blind or attended). */
  @Get('internal/refer-check')
  @Internal()
  referCheck(@Query(new ZodPipe(ReferCheckQuery)) q: z.infer<typeof ReferCheckQuery>): Promise<ReferCheckResult> {
    return this.policy.referCheck(q.callId, q.token, { user: q.user, replaces: q.replaces, consult: q.consult });
  }
}
