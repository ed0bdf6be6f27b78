import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Language, TeamSettings, UpdateTeamSettingsRequest } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { BusinessZone } from '../../common/clock/business-zone';
import type { Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { isPhoneRegion } from '../../common/phone/phone';
import { Cluster } from '../../common/cluster/cluster';
import { ENV, type Env } from '../../config/env';
import { isKnownCurrency } from '../../i18n/currency';
import { TeamSettingsException } from './team-settings.exception';
import { type StoredTeamSettings, TeamSettingsRepository } from './team-settings.repository';

/** Days to a new deal's expected close date when no Head has chosen. */
export const DEFAULT_EXPECTED_CLOSE_DAYS = 30;

/**
 * The team's settings a Head chooses: its time zone (what "today" is for the Today list, the
 * digest, tiers, reports), the default days to a deal's expected close, its language (what a user
 * without their own reads; emails and notifications), its currency (new deals) and the region a
 * phone number typed without a country code is read in. Unset, the install's BUSINESS_TIMEZONE,
 * 30 days, TEAM_LANGUAGE, TEAM_CURRENCY and DEFAULT_PHONE_REGION.
 */
@Injectable()
export class TeamSettingsService extends BusinessZone {
  private readonly logger = new Logger(TeamSettingsService.name);
  // Read on every "today", every phone number and every text written for a reader; kept in memory
  // and dropped on update, on every node (`team.settings-changed` crosses nodes, ADR 0037).
  private cached?: Promise<TeamSettings>;

  constructor(
    private readonly repo: TeamSettingsRepository,
    private readonly events: DomainEvents,
    @Inject(ENV) private readonly env: Env,
    cluster: Cluster,
  ) {
    super();
    cluster.onAnyNode('team.settings-changed', () => (this.cached = undefined));
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

  async language(): Promise<Language> {
    return (await this.get()).language;
  }

  async currency(): Promise<string> {
    return (await this.get()).currency;
  }

  async phoneRegion(): Promise<string> {
    return (await this.get()).phoneRegion;
  }

  async update(actor: Actor, input: UpdateTeamSettingsRequest): Promise<TeamSettings> {
    if (!isHead(actor)) throw new TeamSettingsException('FORBIDDEN', 'Only a Head can change the team settings');
    if (input.timeZone !== undefined && !(await this.repo.knowsZone(input.timeZone))) {
      throw new TeamSettingsException('VALIDATION_FAILED', `Unknown time zone "${input.timeZone}": use an IANA name such as Europe/Budapest`);
    }
    if (input.currency !== undefined && !isKnownCurrency(input.currency)) {
      throw new TeamSettingsException('VALIDATION_FAILED', `Unknown currency "${input.currency}": use an ISO 4217 code such as EUR or HUF`, [
        { path: ['currency'], message: 'not a known ISO 4217 currency' },
      ]);
    }
    if (input.phoneRegion !== undefined && !isPhoneRegion(input.phoneRegion)) {
      throw new TeamSettingsException('VALIDATION_FAILED', `Unknown phone region "${input.phoneRegion}": use a two-letter country code such as HU`, [
        { path: ['phoneRegion'], message: 'not a country with known phone numbers' },
      ]);
    }
    const before = this.withDefaults(await this.repo.merge(input));
    this.cached = undefined;
    const next = await this.get();
    this.logger.log(
      `team settings set to ${next.timeZone}, ${next.expectedCloseDays} days, ${next.language}, ${next.currency}, ${next.phoneRegion} by ${actor.id}`,
    );
    this.events.emit('team.settings-changed', {});
    if (next.timeZone !== before.timeZone) this.events.emit('team.time-zone-changed', { timeZone: next.timeZone });
    return next;
  }

  /**
   * The first Head's setup chose the team's language, in the setup's transaction; `reload` after
   * its commit (a read in between would keep the old language).
   */
  async chooseLanguage(language: Language, tx: Tx): Promise<void> {
    await this.repo.merge({ language }, tx);
  }

  /** Drops the cached settings: the next read asks the database. */
  reload(): void {
    this.cached = undefined;
    this.events.emit('team.settings-changed', {});
  }

  private async load(): Promise<TeamSettings> {
    return this.withDefaults(await this.repo.stored());
  }

  private withDefaults(stored: StoredTeamSettings | null): TeamSettings {
    return {
      timeZone: stored?.timeZone ?? this.env.BUSINESS_TIMEZONE,
      expectedCloseDays: stored?.expectedCloseDays ?? DEFAULT_EXPECTED_CLOSE_DAYS,
      language: stored?.language ?? this.env.TEAM_LANGUAGE,
      currency: stored?.currency ?? this.env.TEAM_CURRENCY,
      phoneRegion: stored?.phoneRegion ?? this.env.DEFAULT_PHONE_REGION,
    };
  }
}
