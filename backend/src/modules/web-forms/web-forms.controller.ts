import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { SaveWebFormRequest, type WebForm } from '@callboard/contracts';
import { type Actor, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { WebFormsService } from './web-forms.service';

/** The Head's web forms (the public side is PublicFormsController). */
@Controller('web-forms')
export class WebFormsController {
  constructor(private readonly forms: WebFormsService) {}

  @Get()
  @Roles('head')
  list(@CurrentUser() actor: Actor): Promise<WebForm[]> {
    return this.forms.list(actor);
  }

  @Post()
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(SaveWebFormRequest)) body: SaveWebFormRequest): Promise<WebForm> {
    return this.forms.create(actor, body);
  }

  @Put(':id')
  @Roles('head')
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(SaveWebFormRequest)) body: SaveWebFormRequest): Promise<WebForm> {
    return this.forms.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('head')
  remove(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.forms.remove(actor, id);
  }
}
