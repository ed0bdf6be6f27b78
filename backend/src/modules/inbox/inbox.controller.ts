import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { AcceptInboxDealRequest, type Deal, type DeclinedLeads, DeclinedLeadsQuery, MergeInboxDealRequest, type MergeInboxDealResult } from '@callboard/contracts';
import { type Actor, ApiKeyScope, Authenticated, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { InboxService } from './inbox.service';

/** An integration with a key that may write deals may act on the inbox too (ADR 0033). */
@ApiKeyScope('deals')
@Controller()
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Post('deals/:id/accept')
  @HttpCode(200)
  @Authenticated()
  accept(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(AcceptInboxDealRequest)) body: AcceptInboxDealRequest): Promise<Deal> {
    return this.inbox.accept(actor, id, body);
  }

  @Post('deals/:id/decline-spam')
  @HttpCode(204)
  @Authenticated()
  declineAsSpam(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.inbox.declineAsSpam(actor, id);
  }

  @Post('deals/:id/merge')
  @HttpCode(200)
  @Authenticated()
  merge(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(MergeInboxDealRequest)) body: MergeInboxDealRequest): Promise<MergeInboxDealResult> {
    return this.inbox.merge(actor, id, body.intoDealId);
  }

  /** The count for everyone (the inbox shows it); the leads themselves for Heads. */
  @Get('inbox/declined')
  @Authenticated()
  declined(@CurrentUser() actor: Actor, @Query(new ZodPipe(DeclinedLeadsQuery)) q: DeclinedLeadsQuery): Promise<DeclinedLeads> {
    return this.inbox.declined(actor, q.limit);
  }

  @Post('inbox/declined/:id/restore')
  @HttpCode(200)
  @Roles('head')
  restore(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Deal> {
    return this.inbox.restore(actor, id);
  }
}
