import { Inject, Injectable, Logger } from '@nestjs/common';
import type { TeamSettings, UpdateTeamSettingsRequest } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { BusinessZone } from '../../common/clock/business-zone';
import { DomainEvents } from '../../common/events/domain-events';
import { ENV, type Env } from '../../config/env';
import { TeamSettingsException } from './team-settings.exception';
import { type StoredTeamSettings, TeamSettingsRepository } from './team-settings.repository';

/** Days to a new deal's expected close date when no Head has chosen. */
export const DEFAULT_EXPECTED_CLOSE_DAYS = 30;

/**
 * The team's settings a Head chooses: its time zone (what "today" is for the Today list, the
 * digest, tiers, reports) and the default days to a deal's expected close. Unset, the install's
 * BUSINESS_TIMEZONE and 30 days.
 */
@Injectable()
export class TeamSettingsService extends BusinessZone {
  private readonly logger = new Logger(TeamSettingsService.name);
  // Read on every "today"; kept in memory and dropped on update. One backend process per
  // install (single node): a second node would keep its old copy until it restarts.
  private cached?: Promise<TeamSettings>;

  constructor(
    private readonly repo: TeamSettingsRepository,
    private readonly events: DomainEvents,
    @Inject(ENV) private readonly env: Env,
  ) {
    super();
  }

  get(): Promise<TeamSettings> {
    // a failed read is not kept: the next call asks again
    return (this.cached ??= this.load().catch((err: unknown) => {
      this.cached = undefined;
      throw err;
    }));
  }

  async timeZone(): Promise<string> {
    return (await this.get()).timeZone;
  }

  async expectedCloseDays(): Promise<number> {
    return (await this.get()).expectedCloseDays;
  }

  async update(actor: Actor, input: UpdateTeamSettingsRequest): Promise<TeamSettings> {
    if (!isHead(actor)) throw new TeamSettingsException('FORBIDDEN', 'Only a Head can change the team settings');
    if (input.timeZone !== undefined && !(await this.repo.knowsZone(input.timeZone))) {
      throw new TeamSettingsException('VALIDATION_FAILED', `Unknown time zone "${input.timeZone}": use an IANA name such as Europe/Budapest`);
    }
    const before = this.withDefaults(await this.repo.merge(input));
    this.cached = undefined;
    const next = await this.get();
    this.logger.log(`team settings set to ${next.timeZone}, ${next.expectedCloseDays} days by ${actor.id}`);
    if (next.timeZone !== before.timeZone) this.events.emit('team.time-zone-changed', { timeZone: next.timeZone });
    return next;
  }

  private async load(): Promise<TeamSettings> {
    return this.withDefaults(await this.repo.stored());
  }

  private withDefaults(stored: StoredTeamSettings | null): TeamSettings {
    return {
      timeZone: stored?.timeZone ?? this.env.BUSINESS_TIMEZONE,
      expectedCloseDays: stored?.expectedCloseDays ?? DEFAULT_EXPECTED_CLOSE_DAYS,
    };
  }
}
