import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { type ApiKeyInfo, CreateApiKeyRequest, type CreatedApiKey } from '@callboard/contracts';
import { type Actor, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { ApiKeysService } from './api-keys.service';

/** Heads manage API keys; no `@ApiKeyScope`: a key never reaches these routes. */
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateApiKeyRequest)) body: CreateApiKeyRequest): Promise<CreatedApiKey> {
    return this.keys.create(actor, body);
  }

  @Get()
  @Roles('head')
  list(@CurrentUser() actor: Actor): Promise<ApiKeyInfo[]> {
    return this.keys.list(actor);
  }

  @Delete(':id')
  @Roles('head')
  @HttpCode(204)
  revoke(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
