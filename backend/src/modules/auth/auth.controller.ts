import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { LoginRequest, type LoginResponse, type User } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Public } from '../../common/access/access.decorators';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  login(@Body(new ZodPipe(LoginRequest)) body: LoginRequest, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(body, req.ip ?? 'unknown');
  }

  @Get('me')
  @Authenticated()
  me(@CurrentUser() actor: Actor): Promise<User> {
    return this.auth.me(actor);
  }
}
