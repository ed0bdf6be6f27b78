import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { Translator } from './translator.service';

/** Global: notifications, the digest, alerts and rules write for their readers. */
@Global()
@Module({
  imports: [UsersModule],
  providers: [Translator],
  exports: [Translator],
})
export class I18nModule {}
