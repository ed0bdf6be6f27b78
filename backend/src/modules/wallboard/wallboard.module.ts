import { Global, Module } from '@nestjs/common';
import { WallboardVerifier } from '../../common/access/wallboard-verifier';
import './wallboard-api.doc';
import { WallboardController } from './wallboard.controller';
import { WallboardRepository } from './wallboard.repository';
import { WallboardService } from './wallboard.service';

/** Global for its verifier only: the access guard and the socket gateway check wallboard tokens with it. */
@Global()
@Module({
  controllers: [WallboardController],
  providers: [WallboardRepository, WallboardService, { provide: WallboardVerifier, useExisting: WallboardService }],
  exports: [WallboardVerifier],
})
export class WallboardModule {}
