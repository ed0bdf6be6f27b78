import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type CreatedWallboardToken, CreateWallboardTokenRequest, type WallboardFigures, type WallboardTokenInfo } from '@callboard/contracts';
import { type Actor, CurrentUser, CurrentWallboard, Roles, type Wallboard, WallboardToken } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { WallboardService } from './wallboard.service';

@Controller('wallboard')
export class WallboardController {
  constructor(private readonly wallboards: WallboardService) {}

  /** Today's figures for the TV: opened only by a wallboard token. */
  @Get()
  @WallboardToken()
  figures(@CurrentWallboard() wallboard: Wallboard): Promise<WallboardFigures> {
    return this.wallboards.figures(wallboard);
  }

  @Post('tokens')
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateWallboardTokenRequest)) body: CreateWallboardTokenRequest): Promise<CreatedWallboardToken> {
    return this.wallboards.create(actor, body);
  }

  @Get('tokens')
  @Roles('head')
  list(@CurrentUser() actor: Actor): Promise<WallboardTokenInfo[]> {
    return this.wallboards.list(actor);
  }

  @Delete('tokens/:id')
  @Roles('head')
  @HttpCode(204)
  revoke(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.wallboards.revoke(actor, id);
  }
}
