import { Controller, Get, Param } from '@nestjs/common';
import { type CallConversationResponse, Id } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { ConversationService } from './conversation.service';

@ApiKeyScope('calls')
@Controller('calls')
export class ConversationController {
  constructor(private readonly conversations: ConversationService) {}

  /** A call's conversation figures (null until its recording is analysed), for whoever may see the call. */
  @Get(':id/conversation')
  @Authenticated()
  ofCall(@CurrentUser() actor: Actor, @Param('id', new ZodPipe(Id)) id: string): Promise<CallConversationResponse> {
    return this.conversations.ofCall(actor, id);
  }
}
