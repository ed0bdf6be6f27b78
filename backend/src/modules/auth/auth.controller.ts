import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import {
  ChangePasswordRequest,
  LoginRequest,
  type LoginResponse,
  type ResetPasswordResponse,
  SetupRequest,
  type SetupStatus,
  UpdateMyLanguageRequest,
  UpdateMyPreferencesRequest,
  type User,
} from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Public, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { AuthService, type Origin } from './auth.service';
import { PasswordsService } from './passwords.service';
import { SetupService } from './setup.service';

const originOf = (req: Request): Origin => ({
  address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.headers['user-agent'] ?? null,
});

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly passwords: PasswordsService,
    private readonly setup: SetupService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(@Body(new ZodPipe(LoginRequest)) body: LoginRequest, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(body, originOf(req));
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  logout(@CurrentUser() actor: Actor): Promise<void> {
    return this.auth.logout(actor);
  }

  @Get('me')
  @Authenticated()
  me(@CurrentUser() actor: Actor): Promise<User> {
    return this.auth.me(actor);
  }

  @Put('language')
  @Authenticated()
  setLanguage(@CurrentUser() actor: Actor, @Body(new ZodPipe(UpdateMyLanguageRequest)) body: UpdateMyLanguageRequest): Promise<User> {
    return this.auth.setLanguage(actor, body);
  }

  @Patch('preferences')
  @Authenticated()
  setPreferences(@CurrentUser() actor: Actor, @Body(new ZodPipe(UpdateMyPreferencesRequest)) body: UpdateMyPreferencesRequest): Promise<User> {
    return this.auth.setPreferences(actor, body);
  }

  @Post('password')
  @HttpCode(204)
  @Authenticated()
  changePassword(
    @CurrentUser() actor: Actor,
    @Body(new ZodPipe(ChangePasswordRequest)) body: ChangePasswordRequest,
    @Req() req: Request,
  ): Promise<void> {
    return this.passwords.change(actor, body, originOf(req));
  }

  @Get('setup')
  @Public()
  setupStatus(): Promise<SetupStatus> {
    return this.setup.status();
  }

  @Post('setup')
  @HttpCode(200)
  @Public()
  completeSetup(@Body(new ZodPipe(SetupRequest)) body: SetupRequest, @Req() req: Request): Promise<LoginResponse> {
    return this.setup.complete(body, originOf(req));
  }
}

/** A Head's reset of another user's password (under /users, where the Head manages people). */
@Controller('users')
export class PasswordResetController {
  constructor(private readonly passwords: PasswordsService) {}

  @Post(':id/reset-password')
  @HttpCode(200)
  @Roles('head')
  reset(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<ResetPasswordResponse> {
    return this.passwords.reset(actor, id);
  }
}
