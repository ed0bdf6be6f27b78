import { Controller, HttpCode, Post } from '@nestjs/common';
import { Internal } from '../../common/access/access.decorators';
import { DigestService } from './digest.service';

/** Service-token route: queue the daily digest now if it is due (operations, tests); the poller does the same. */
@Controller('internal/digest')
export class DigestController {
  constructor(private readonly digest: DigestService) {}

  @Post('tick')
  @HttpCode(200)
  @Internal()
  async tick(): Promise<{ queued: number }> {
    return { queued: await this.digest.tick() };
  }
}
