import { Controller, Get } from '@nestjs/common';
import type { Health } from '@callboard/contracts';
import { Public } from '../../common/access/access.decorators';
import { Cluster } from '../../common/cluster/cluster';
import { Transactions } from '../../common/database/transactions';
import { SipProbe } from './sip-probe';

@Controller('health')
export class HealthController {
  constructor(
    private readonly tx: Transactions,
    private readonly sip: SipProbe,
    private readonly cluster: Cluster,
  ) {}

  @Get()
  @Public()
  async health(): Promise<Health> {
    const [, ws, redis] = await Promise.all([this.tx.db().one('SELECT 1'), this.sip.ws(), this.cluster.redisHealth()]);
    // Redis away does not take the node out of the proxy: it still serves requests, its sockets hear only its own events
    return { status: 'ok', database: 'ok', sip: { ws }, node: this.cluster.nodeName, redis };
  }
}
