import { Injectable, Logger } from '@nestjs/common';
import type { ChangePasswordRequest, ResetPasswordResponse } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { UsersService } from '../users/users.service';
import { AuthService, type Origin } from './auth.service';
import { generatePassword, hashPassword, verifyPassword } from '../../common/security/password';

/** A user changes their own password; a Head resets someone's. Both end the user's other sessions. */
@Injectable()
export class PasswordsService {
  private readonly logger = new Logger(PasswordsService.name);

  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  async change(actor: Actor, input: ChangePasswordRequest, origin: Origin): Promise<void> {
    const user = await this.users.findActive(actor.id);
    if (!user) throw new AppException('UNAUTHENTICATED', 'Your account is not active');
    // A stolen token must not become a way to guess the password: the same throttle as sign-in.
    await this.auth.admit(origin.address, user.email);
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      this.logger.warn(`wrong current password for user ${user.id} from ${origin.address}`);
      throw new AppException('CURRENT_PASSWORD_WRONG', 'The current password is not right');
    }
    await this.auth.passed(origin.address, user.email);
    if (input.newPassword === input.currentPassword) {
      throw new AppException('PASSWORD_NOT_ALLOWED', 'The new password must differ from the current one');
    }
    if (input.newPassword.trim().toLowerCase() === user.email.toLowerCase()) {
      throw new AppException('PASSWORD_NOT_ALLOWED', 'The password must not be your email address');
    }
    await this.users.setPasswordHash(user.id, await hashPassword(input.newPassword));
    await this.auth.revokeAll(user.id, 'password_changed', actor.sessionId ?? null);
    this.logger.log(`user ${user.id} changed their password`);
  }

  /** A generated temporary password, returned once to the Head and never stored or logged in clear. */
  async reset(actor: Actor, userId: string): Promise<ResetPasswordResponse> {
    const user = await this.users.findRecord(userId);
    if (!user) throw new AppException('USER_NOT_FOUND', 'No such user');
    const temporaryPassword = generatePassword();
    await this.users.setPasswordHash(user.id, await hashPassword(temporaryPassword));
    await this.auth.revokeAll(user.id, 'password_reset', user.id === actor.id ? (actor.sessionId ?? null) : null);
    this.logger.log(`password of user ${user.id} reset by ${actor.id}`);
    return { temporaryPassword };
  }
}
