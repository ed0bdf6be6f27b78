import { Injectable, Logger } from '@nestjs/common';
import type { MissedCallSettings, UpdateMissedCallSettingsRequest } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { UsersService } from '../users/users.service';
import { TaskException } from './tasks.exception';
import { MissedCallSettingsRepository } from './missed-call-settings.repository';

/** A Head's choice of who gets the call-back of a missed call from a caller nobody owns. */
@Injectable()
export class MissedCallSettingsService {
  private readonly logger = new Logger(MissedCallSettingsService.name);

  constructor(
    private readonly repo: MissedCallSettingsRepository,
    private readonly users: UsersService,
  ) {}

  async get(): Promise<MissedCallSettings> {
    const user = await this.repo.defaultAssignee();
    // a deactivated default assignee counts as none: the call-backs go to every Seller instead
    return user?.active ? { defaultAssigneeId: user.id, defaultAssigneeName: user.name } : { defaultAssigneeId: null, defaultAssigneeName: null };
  }

  async update(actor: Actor, input: UpdateMissedCallSettingsRequest): Promise<MissedCallSettings> {
    if (input.defaultAssigneeId !== null && !(await this.users.findActive(input.defaultAssigneeId))) {
      throw new TaskException('OWNER_NOT_ASSIGNABLE', 'The default assignee must be an active user');
    }
    await this.repo.setDefaultAssignee(input.defaultAssigneeId);
    this.logger.log(`missed calls' default assignee set to ${input.defaultAssigneeId ?? 'nobody (unclaimed)'} by ${actor.id}`);
    return this.get();
  }
}
