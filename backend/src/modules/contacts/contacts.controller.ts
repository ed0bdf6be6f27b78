import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { type Contact, ContactListQuery, CreateContactRequest, UpdateContactRequest } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { ContactsService } from './contacts.service';

@ApiKeyScope('contacts')
@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(ContactListQuery)) query: ContactListQuery) {
    return this.contacts.list(actor, query);
  }

  @Post()
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateContactRequest)) body: CreateContactRequest): Promise<Contact> {
    return this.contacts.create(actor, body);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Contact> {
    return this.contacts.get(actor, id);
  }

  @Patch(':id')
  @Authenticated()
  update(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(UpdateContactRequest)) body: UpdateContactRequest,
  ): Promise<Contact> {
    return this.contacts.update(actor, id, body);
  }
}
