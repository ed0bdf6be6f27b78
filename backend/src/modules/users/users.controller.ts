import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { CreateUserRequest, UpdateUserRequest, type User } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { UsersService } from './users.service';

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor): Promise<User[]> {
    return this.users.list(actor);
  }

  @Post()
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateUserRequest)) body: CreateUserRequest): Promise<User> {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @Roles('head')
  update(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(UpdateUserRequest)) body: UpdateUserRequest,
  ): Promise<User> {
    return this.users.update(actor, id, body);
  }
}
