import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TokenVerifier } from '../../common/access/token-verifier';
import { ENV, type Env } from '../../config/env';
import { InstallDefaultsModule } from '../install-defaults/install-defaults.module';
import { UsersModule } from '../users/users.module';
import { AuthController, PasswordResetController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { PasswordsService } from './passwords.service';
import { SecurityController } from './security.controller';
import { SecurityRepository } from './security.repository';
import { SessionsRepository, SetupTokensRepository } from './sessions.repository';
import { SetupService } from './setup.service';

@Global()
@Module({
  imports: [
    UsersModule,
    InstallDefaultsModule,
    JwtModule.registerAsync({
      inject: [ENV],
      useFactory: (env: Env) => ({ secret: env.JWT_SECRET, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, PasswordResetController, SecurityController],
  providers: [
    AuthService,
    PasswordsService,
    SetupService,
    SessionsRepository,
    SetupTokensRepository,
    LoginThrottleRepository,
    SecurityRepository,
    { provide: TokenVerifier, useExisting: AuthService },
  ],
  exports: [TokenVerifier, SetupService, AuthService],
})
export class AuthModule {}
