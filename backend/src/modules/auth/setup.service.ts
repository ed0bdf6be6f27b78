import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LoginResponse, SetupRequest, SetupStatus } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { InstallDefaultsService } from '../install-defaults/install-defaults.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { UsersService } from '../users/users.service';
import { AuthService, type Origin } from './auth.service';
import { generateLinkToken, hashLinkToken, hashPassword } from '../../common/security/password';
import { SetupTokensRepository } from './sessions.repository';

/** The lock the seed and the setup take, so an empty install gets exactly one first user. */
export const SEED_LOCK = 424242;

/**
 * An install with no user at all (SEED=none) starts with a one-time setup link that creates the
 * first Head; a second use, or one after it expired, is refused. The first Head may choose the
 * team's language there: the default stages and rules still as installed are renamed into it.
 */
@Injectable()
export class SetupService {
  private readonly logger = new Logger(SetupService.name);

  constructor(
    private readonly tx: Transactions,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly tokens: SetupTokensRepository,
    private readonly team: TeamSettingsService,
    private readonly defaults: InstallDefaultsService,
    private readonly events: DomainEvents,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** A fresh setup path ("/setup#<token>") when there is no user yet, else null. Older unused links stop working. */
  issueIfNoUsers(): Promise<string | null> {
    return this.tx.run(async (tx) => {
      await this.tx.db(tx).rows(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
      if ((await this.users.count(tx)) > 0) return null;
      const { token, hash } = generateLinkToken();
      await this.tokens.replace(hash, this.env.SETUP_TOKEN_TTL_HOURS, tx);
      return `/setup#${token}`;
    });
  }

  async status(): Promise<SetupStatus> {
    return { needed: (await this.users.count()) === 0 };
  }

  async complete(input: SetupRequest, origin: Origin): Promise<LoginResponse> {
    const passwordHash = await hashPassword(input.password);
    const pending = new PendingEvents();
    const head = await this.tx.run(async (tx) => {
      await this.tx.db(tx).rows(`SELECT pg_advisory_xact_lock($1)`, [SEED_LOCK]);
      const fresh = (await this.users.count(tx)) === 0;
      if (!fresh || !(await this.tokens.consume(hashLinkToken(input.token), tx))) {
        throw new AppException(
          'SETUP_TOKEN_INVALID',
          fresh ? 'This setup link is not valid or has expired; restart Callboard for a new one' : 'Callboard is already set up; sign in instead',
        );
      }
      const head = await this.users.createFirstHead({ email: input.email, name: input.name, passwordHash }, tx);
      if (input.language) {
        await this.team.chooseLanguage(input.language, tx);
        await this.defaults.translateInto(input.language, tx, pending);
      }
      return head;
    });
    if (input.language) this.team.reload();
    pending.publish(this.events);
    this.logger.log(`setup link used from ${origin.address}: first Head ${head.id}${input.language ? `, team language ${input.language}` : ''}`);
    return this.auth.signIn(head, origin);
  }
}
