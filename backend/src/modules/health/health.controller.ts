import { Controller, Get } from '@nestjs/common';
import type { Health } from '@callboard/contracts';
import { Public } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';
import { SipProbe } from './sip-probe';

@Controller('health')
export class HealthController {
  constructor(
    private readonly tx: Transactions,
    private readonly sip: SipProbe,
  ) {}

  @Get()
  @Public()
  async health(): Promise<Health> {
    const [, ws] = await Promise.all([this.tx.db().one('SELECT 1'), this.sip.ws()]);
    return { status: 'ok', database: 'ok', sip: { ws } };
  }
}
