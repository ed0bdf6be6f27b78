import { Controller, Get } from '@nestjs/common';
import type { SecurityBlocks } from '@callboard/contracts';
import { Roles } from '../../common/access/access.decorators';
import { LoginThrottleRepository } from './login-throttle.repository';
import { SecurityRepository } from './security.repository';

@Controller('security')
export class SecurityController {
  constructor(
    private readonly throttle: LoginThrottleRepository,
    private readonly security: SecurityRepository,
  ) {}

  /** What is blocked now: sign-ins (this app) and SIP registrations (Kamailio). */
  @Get('blocks')
  @Roles('head')
  async blocks(): Promise<SecurityBlocks> {
    const [login, sip] = await Promise.all([this.throttle.activeBlocks(), this.security.activeSipBlocks()]);
    return { login, sip };
  }
}
