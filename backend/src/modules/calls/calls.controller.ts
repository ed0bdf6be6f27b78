import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { type Call, CallListQuery, TransferCallRequest, type TransferCallResponse } from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, Authenticated, CurrentUser, NoApiKey, ApiKeyScope } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { CallsService } from './calls.service';
import { TransfersService } from './transfers.service';

const SipCallId = z.string().min(1).max(255);

@ApiKeyScope('calls')
@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly transfers: TransfersService,
  ) {}

  /** Call history: a Head's all; a Seller's calls on deals they may see and the calls they handled (answered or placed). */
  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(CallListQuery)) query: CallListQuery): Promise<Call[]> {
    return this.calls.list(actor, query);
  }

  /** Blind or attended transfer of a live call (by its SIP Call-ID) to another rep: the Refer-To to send. */
  @Post(':callId/transfer')
  @NoApiKey()
  @HttpCode(201)
  @Authenticated()
  transfer(
    @CurrentUser() actor: Actor,
    @Param('callId', new ZodPipe(SipCallId)) callId: string,
    @Body(new ZodPipe(TransferCallRequest)) body: TransferCallRequest,
  ): Promise<TransferCallResponse> {
    return this.transfers.request(actor, callId, body.toUserId, body.consult);
  }
}
