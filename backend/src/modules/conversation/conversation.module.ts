import './conversation-api.doc';
import { Module } from '@nestjs/common';
import { ConversationController } from './conversation.controller';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

/** Conversation figures from a call's recording (issue 16). The recordings module calls `analyseRecording`. */
@Module({
  controllers: [ConversationController],
  providers: [ConversationRepository, ConversationService],
  exports: [ConversationService],
})
export class ConversationModule {}
