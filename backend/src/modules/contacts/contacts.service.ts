import { Injectable, Logger } from '@nestjs/common';
import type { Contact, ContactExportQuery, ContactListQuery, CreateContactRequest, UpdateContactRequest } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { pgCode, Transactions, type Tx } from '../../common/database/transactions';
import { ContactException } from './contacts.exception';
import { type ContactExportRow, type ContactSearch, ContactsRepository } from './contacts.repository';
import { normalizePhone } from '../../common/phone/phone';
import { TeamSettingsService } from '../team-settings/team-settings.service';

@Injectable()
export class ContactsService {
  private readonly logger = new Logger(ContactsService.name);

  constructor(
    private readonly repo: ContactsRepository,
    private readonly tx: Transactions,
    private readonly team: TeamSettingsService,
  ) {}

  /** A number as typed, in E.164; one without a country code is read in the team's phone region. */
  async normalize(number: string | null | undefined): Promise<string | null> {
    return (await this.normalizer())(number);
  }

  /** The team's region read once, for a path that must not wait on anything inside its transaction (the call path). */
  async normalizer(): Promise<(number: string | null | undefined) => string | null> {
    const region = await this.team.phoneRegion();
    return (number) => normalizePhone(number, region);
  }

  async list(actor: Actor, query: ContactListQuery): Promise<{ items: Contact[]; nextCursor: null }> {
    const items = await this.repo.search(actor, { ...(await this.searchOf(query)), limit: query.limit });
    return { items, nextCursor: null };
  }

  /** Every contact of the list with this search, as the list shows them to `actor` (the export). */
  async exportRows(actor: Actor, query: ContactExportQuery): Promise<AsyncIterable<ContactExportRow>> {
    return this.repo.exportRows(actor, await this.searchOf(query));
  }

  /** The list's search as the repository takes it: text, or a number read as E.164 (refused if it is none). */
  private async searchOf(query: ContactExportQuery): Promise<Omit<ContactSearch, 'limit'>> {
    const text = query.q?.trim() || undefined;
    const phoneText = query.phone?.trim() || undefined;
    const normalize = await this.normalizer();
    const phones = [phoneText, text].map(normalize).filter((p): p is string => !!p);
    if (phoneText && !phones.length) {
      throw new ContactException('INVALID_PHONE', `"${phoneText.slice(0, 40)}" is not a phone number`);
    }
    const digits = text?.replace(/\D/g, '') ?? '';
    return {
      q: phoneText ? undefined : text,
      phones,
      digits: !phoneText && digits.length >= 5 && /^[\d\s()+\-./]+$/.test(text!) ? digits : undefined,
    };
  }

  async get(actor: Actor, id: string, tx?: Tx): Promise<Contact> {
    const contact = await this.repo.findVisible(actor, id, tx);
    if (!contact) throw new ContactException('CONTACT_NOT_FOUND', 'No such contact');
    return contact;
  }

  /**
   * The contact, if this actor may edit it: a Head any; a Seller one they own or of a deal they
   * own. A contact a Seller sees only through an unowned inbox deal is read-only to them
   * (CONTACT_NOT_EDITABLE, 403) until they take the deal; one they cannot see is CONTACT_NOT_FOUND.
   */
  async getEditable(actor: Actor, id: string, tx?: Tx): Promise<Contact> {
    const contact = await this.get(actor, id, tx);
    if (!(await this.repo.editableBy(actor, id, tx))) {
      throw new ContactException('CONTACT_NOT_EDITABLE', 'This contact belongs to an unowned inbox deal: take the deal to edit it');
    }
    return contact;
  }

  async create(actor: Actor, input: CreateContactRequest): Promise<Contact> {
    const ownerId = this.ownerFor(actor, input.ownerId);
    const phones = await this.normalizeAll(input.phones ?? []);
    const id = await this.tx
      .run(async (tx) => {
        await this.ensurePhonesFree(null, phones, tx);
        const id = await this.repo.insert(
          { name: input.name, email: input.email ?? null, company: input.company ?? null, ownerId },
          tx,
        );
        await this.repo.replacePhones(id, phones, tx);
        return id;
      })
      .catch(rethrowPhoneTaken);
    this.logger.log(`contact ${id} created by ${actor.id}`);
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateContactRequest): Promise<Contact> {
    const phones = input.phones ? await this.normalizeAll(input.phones) : undefined;
    if (input.ownerId !== undefined && !isHead(actor)) {
      throw new ContactException('OWNER_NOT_ASSIGNABLE', 'Only a Head can change a contact\'s owner');
    }
    await this.tx
      .run(async (tx) => {
        await this.getEditable(actor, id, tx);
        if (phones) await this.ensurePhonesFree(id, phones, tx);
        await this.repo.update(id, { name: input.name, email: input.email, company: input.company, ownerId: input.ownerId }, tx);
        if (phones) await this.repo.replacePhones(id, phones, tx);
      })
      .catch(rethrowPhoneTaken);
    this.logger.log(`contact ${id} updated by ${actor.id}`);
    return this.get(actor, id);
  }

  private ownerFor(actor: Actor, requested: string | null | undefined): string | null {
    if (isHead(actor)) return requested === undefined ? actor.id : requested;
    if (requested !== undefined && requested !== actor.id) {
      throw new ContactException('OWNER_NOT_ASSIGNABLE', 'A Seller\'s contacts are their own');
    }
    return actor.id;
  }

  private async normalizeAll(phones: { number: string; label?: string }[]): Promise<{ e164: string; label: string }[]> {
    const normalize = await this.normalizer();
    return phones.map((p, index) => {
      const e164 = normalize(p.number);
      if (!e164) {
        throw new ContactException('INVALID_PHONE', `"${p.number.slice(0, 40)}" is not a phone number`, [
          { path: ['phones', index, 'number'], message: 'not a phone number' },
        ]);
      }
      return { e164, label: p.label || 'mobile' };
    });
  }

  /** The system's lookup for telephony: the contact with this number, or a new one (one per number, race-free). */
  findOrCreateByPhone(e164: string, name: string, tx: Tx): Promise<{ id: string; ownerId: string | null; created: boolean }> {
    return this.repo.findOrCreateByPhone(e164, name, tx);
  }

  /** A number belongs to one contact: a clear 409 naming the number, never the other contact (it may be invisible to the actor). */
  private async ensurePhonesFree(contactId: string | null, phones: { e164: string }[], tx: Tx): Promise<void> {
    const taken = await this.repo.phonesTakenByOthers(contactId, phones.map((p) => p.e164), tx);
    if (taken.length) throw phoneTaken(taken);
  }

  /** A web-form lead's contact: by number, else by email, else new (see the repository). */
  findOrCreateForLead(lead: { e164: string | null; email: string | null; name: string; company: string | null }, tx: Tx) {
    return this.repo.findOrCreateForLead(lead, tx);
  }

  findByPhone(e164: string, tx?: Tx) {
    return this.repo.findByPhone(e164, tx);
  }

  claimIfUnowned(contactId: string, ownerId: string, tx?: Tx): Promise<void> {
    return this.repo.claimIfUnowned(contactId, ownerId, tx);
  }
}

function phoneTaken(numbers: string[]): ContactException {
  return new ContactException('CONFLICT', `${numbers.length ? numbers.join(', ') : 'That number'} already belongs to another contact`, [
    { path: ['phones'], message: 'number already belongs to another contact' },
  ]);
}

/** Two saves of one number at once: the unique index stops the second; it gets the same clear answer. */
function rethrowPhoneTaken(err: unknown): never {
  const e = err as { constraint?: string; driverError?: { constraint?: string }; message?: string } | null;
  if (pgCode(err) === '23505' && /contact_phones_e164_key/.test(String(e?.constraint ?? e?.driverError?.constraint ?? e?.message))) {
    throw phoneTaken([]);
  }
  throw err;
}
