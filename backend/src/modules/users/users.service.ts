import { Injectable, Logger } from '@nestjs/common';
import type { CreateUserRequest, Language, Presence, UpdateMyPreferencesRequest, UpdateUserRequest, User } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import type { Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { hashPassword } from '../../common/security/password';
import { UserException } from './users.exception';
import { toUser, UsersRepository, type UserRecord } from './users.repository';

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Heads see everyone, inactive too; Sellers see active colleagues (names on cards). */
  async list(actor: Actor): Promise<User[]> {
    return (await this.users.list(isHead(actor))).map(toUser);
  }

  async create(actor: Actor, input: CreateUserRequest): Promise<User> {
    if (await this.users.findByEmail(input.email)) {
      throw new UserException('EMAIL_TAKEN', 'A user with this email already exists');
    }
    const passwordHash = await hashPassword(input.password);
    try {
      const user = await this.users.create({ ...input, passwordHash });
      this.logger.log(`user ${user.id} created by ${actor.id} with role ${user.role}`);
      return toUser(user);
    } catch (err: any) {
      if (err?.code === '23505') throw new UserException('EMAIL_TAKEN', 'A user with this email already exists');
      throw err;
    }
  }

  async update(actor: Actor, id: string, input: UpdateUserRequest): Promise<User> {
    const existing = await this.users.findById(id);
    if (!existing) throw new UserException('USER_NOT_FOUND', 'No such user');
    if (id === actor.id && (input.active === false || (input.role && input.role !== existing.role))) {
      throw new UserException('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate yourself or change your own role');
    }
    let updated: UserRecord | null;
    try {
      updated = await this.users.update(id, { name: input.name, role: input.role, active: input.active, extension: input.extension });
    } catch (err: any) {
      if (err?.code === '23505') throw new UserException('CONFLICT', `Extension ${input.extension} belongs to another user`);
      throw err;
    }
    if (!updated) throw new UserException('USER_NOT_FOUND', 'No such user');
    // a new extension: the user's browsers reconnect and fetch phone credentials for it
    const extensionChanged = input.extension !== undefined && input.extension !== existing.extension;
    if (extensionChanged) this.logger.log(`user ${id}: extension ${existing.extension} -> ${input.extension}`);
    if (input.active !== undefined || input.role !== undefined || extensionChanged) {
      this.events.emit('user.access-changed', { userId: id });
    }
    if (input.active === false && existing.active) this.events.emit('user.deactivated', { userId: id });
    this.logger.log(`user ${id} updated by ${actor.id}`);
    return toUser(updated);
  }

  /** The signed-in user's own language; null follows the team's. */
  async setLanguage(actor: Actor, language: Language | null): Promise<User> {
    const updated = await this.users.update(actor.id, { language });
    if (!updated) throw new UserException('USER_NOT_FOUND', 'No such user');
    this.logger.log(`user ${actor.id} reads ${language ?? "the team's language"}`);
    return toUser(updated);
  }

  /** The signed-in user's own preferences (issue 16: open the deal on answer); only the fields given change. */
  async setPreferences(actor: Actor, input: UpdateMyPreferencesRequest): Promise<User> {
    const updated = await this.users.update(actor.id, { openDealOnAnswer: input.openDealOnAnswer });
    if (!updated) throw new UserException('USER_NOT_FOUND', 'No such user');
    this.logger.log(`user ${actor.id} preferences: ${JSON.stringify(input)}`);
    return toUser(updated);
  }

  /** The users' own languages by id (null: the team's); ids of no user are left out. */
  async languages(ids: readonly string[], tx?: Tx): Promise<Map<string, Language | null>> {
    if (!ids.length) return new Map();
    return new Map((await this.users.languages(ids, tx)).map((u) => [u.id, u.language]));
  }

  /** An active user by id, or null. Used by authentication on every request. */
  async findActive(id: string): Promise<UserRecord | null> {
    const user = await this.users.findById(id);
    return user && user.active ? user : null;
  }

  /** A user by id, active or not (without the password hash), or null. */
  async findById(id: string): Promise<User | null> {
    const user = await this.users.findById(id);
    return user ? toUser(user) : null;
  }

  /** Any user by id, inactive too, with the password hash (for the auth module). */
  findRecord(id: string): Promise<UserRecord | null> {
    return this.users.findById(id);
  }

  async setPasswordHash(id: string, passwordHash: string, tx?: Tx): Promise<void> {
    const updated = await this.users.update(id, { passwordHash }, tx);
    if (!updated) throw new UserException('USER_NOT_FOUND', 'No such user');
  }

  /** The install's first Head, from the one-time setup link (the caller holds the seed lock in `tx`). */
  async createFirstHead(input: { email: string; name: string; passwordHash: string }, tx: Tx): Promise<UserRecord> {
    const user = await this.users.create({ ...input, role: 'head' }, tx);
    this.logger.log(`first Head ${user.id} created from the setup link`);
    return user;
  }

  count(tx?: Tx): Promise<number> {
    return this.users.count(tx);
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findByEmail(email);
  }

  async findByExtension(extension: string): Promise<User | null> {
    const user = await this.users.findByExtension(extension);
    return user ? toUser(user) : null;
  }

  async setPresence(id: string, presence: Presence): Promise<User | null> {
    const user = await this.users.update(id, { presence });
    return user ? toUser(user) : null;
  }

  async markOnCall(userId: string, tx: Tx): Promise<User | null> {
    const user = await this.users.markOnCall(userId, tx);
    return user ? toUser(user) : null;
  }

  async releaseFromCall(userId: string, callId: string, tx: Tx): Promise<User | null> {
    const user = await this.users.releaseFromCall(userId, callId, tx);
    return user ? toUser(user) : null;
  }

  async listActive(): Promise<User[]> {
    return (await this.users.list(false)).map(toUser);
  }
}
