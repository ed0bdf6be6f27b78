import { Controller, Get } from '@nestjs/common';
import { Public } from '../../common/access/access.decorators';
import { Transactions } from '../../common/database/transactions';

@Controller('health')
export class HealthController {
  constructor(private readonly tx: Transactions) {}

  @Get()
  @Public()
  async health(): Promise<{ status: 'ok'; database: 'ok' }> {
    await this.tx.db().one('SELECT 1');
    return { status: 'ok', database: 'ok' };
  }
}
