import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { SipProbe } from './sip-probe';

@Module({
  controllers: [HealthController],
  providers: [SipProbe],
})
export class HealthModule {}
