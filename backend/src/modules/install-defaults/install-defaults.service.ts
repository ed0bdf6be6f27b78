import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Language } from '@callboard/contracts';
import { Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { pipelineNameIn, ruleWordsIn, stageNameIn } from '../../i18n/default-words';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { InstallDefaultsRepository } from './install-defaults.repository';

/**
 * A new install's default pipeline, stages and automation rules in the team's language: at first
 * start (no user yet) in TEAM_LANGUAGE, and in the language the first Head's setup chooses. Only
 * rows still exactly as installed are renamed (in any language): a Head's own name is never touched.
 * Lost reasons are stable keys the web app puts into words, so there is nothing to rename there.
 */
@Injectable()
export class InstallDefaultsService implements OnModuleInit {
  private readonly logger = new Logger(InstallDefaultsService.name);

  constructor(
    private readonly repo: InstallDefaultsRepository,
    private readonly tx: Transactions,
    private readonly team: TeamSettingsService,
    private readonly events: DomainEvents,
  ) {}

  /** First start: while nobody has used the install, its defaults follow TEAM_LANGUAGE (before the rules are loaded). */
  async onModuleInit(): Promise<void> {
    const language = await this.team.language();
    const pending = new PendingEvents();
    const renamed = await this.tx.run(async (tx) => ((await this.repo.anyUser(tx)) ? 0 : this.translateInto(language, tx, pending)));
    pending.publish(this.events);
    if (renamed) this.logger.log(`first start: ${renamed} default name(s) written in ${language}`);
  }

  /**
   * Renames the defaults still as installed into `language`, in the caller's transaction; the
   * pipeline's change is published after commit (boards and the rules reload). Returns how many rows changed.
   */
  async translateInto(language: Language, tx: Tx, pending: PendingEvents): Promise<number> {
    let renamed = 0;
    const pipeline = await this.repo.defaultPipeline(tx);
    if (pipeline) {
      const name = pipelineNameIn(pipeline.name, language);
      if (name && (await this.repo.renamePipeline(pipeline.id, pipeline.name, name, tx))) renamed++;
      for (const stage of await this.repo.systemStages(pipeline.id, tx)) {
        const to = stageNameIn(stage, language);
        if (to && (await this.repo.renameStage(stage.id, stage.name, to, tx))) renamed++;
      }
    }
    for (const rule of await this.repo.systemRules(tx)) {
      const to = ruleWordsIn(rule, language);
      if (to && (await this.repo.rewordRule(rule, to, tx))) renamed++;
    }
    if (renamed && pipeline) pending.add('pipeline.changed', { pipelineId: pipeline.id });
    return renamed;
  }
}
