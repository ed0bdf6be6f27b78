import { Global, Module } from '@nestjs/common';
import { ApiKeyVerifier } from '../../common/access/api-key-verifier';
import './api-keys-api.doc';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';

/** Global for its verifier only: the access guard checks API keys with it. */
@Global()
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeysService, { provide: ApiKeyVerifier, useExisting: ApiKeysService }],
  exports: [ApiKeyVerifier],
})
export class ApiKeysModule {}
