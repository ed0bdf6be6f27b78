import { Module } from '@nestjs/common';
import './dial-policy-api.doc';
import { CallsModule } from '../calls/calls.module';
import { DialPolicyController } from './dial-policy.controller';
import { DialPolicyRepository } from './dial-policy.repository';
import { DialPolicyService } from './dial-policy.service';

@Module({
  imports: [CallsModule],
  controllers: [DialPolicyController],
  providers: [DialPolicyRepository, DialPolicyService],
  exports: [DialPolicyService],
})
export class DialPolicyModule {}
