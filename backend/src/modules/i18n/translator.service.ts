import { Injectable } from '@nestjs/common';
import type { Language } from '@callboard/contracts';
import type { Tx } from '../../common/database/transactions';
import { type MessageId, type MessageValues, translate, Words } from '../../i18n/catalogue';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { UsersService } from '../users/users.service';

/**
 * Writes the backend's words for a reader (src/i18n holds the catalogues). A reader's language is
 * their own, else the team's: this is the one place that rule lives.
 */
@Injectable()
export class Translator {
  constructor(
    private readonly team: TeamSettingsService,
    private readonly users: UsersService,
  ) {}

  t(language: Language, id: MessageId, values?: MessageValues): string {
    return translate(language, id, values);
  }

  /** The user's language: their own, else the team's (also for an id of no user). */
  async languageOf(userId: string, tx?: Tx): Promise<Language> {
    return (await this.languagesOf([userId], tx)).get(userId)!;
  }

  /** Each user's language, by id: their own, else the team's. */
  async languagesOf(userIds: readonly string[], tx?: Tx): Promise<Map<string, Language>> {
    const [own, team] = await Promise.all([this.users.languages(userIds, tx), this.team.language()]);
    return new Map(userIds.map((id) => [id, own.get(id) ?? team]));
  }

  /** Texts in `language` with the team's time zone. */
  async words(language: Language): Promise<Words> {
    return new Words(language, await this.team.timeZone());
  }

  /** Texts in the team's language (what everyone shares: a deal's timeline, an address that is no user). */
  async teamWords(): Promise<Words> {
    return this.words(await this.team.language());
  }

  /** Each user's texts, by id. */
  async wordsOf(userIds: readonly string[], tx?: Tx): Promise<Map<string, Words>> {
    const [languages, timeZone] = await Promise.all([this.languagesOf(userIds, tx), this.team.timeZone()]);
    const byLanguage = new Map<Language, Words>();
    for (const language of new Set(languages.values())) byLanguage.set(language, new Words(language, timeZone));
    return new Map(userIds.map((id) => [id, byLanguage.get(languages.get(id)!)!]));
  }
}
