import { Injectable } from '@nestjs/common';
import type { ImportMapping } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import type { Tx } from '../../common/database/transactions';
import { PipelinesService } from '../pipelines/pipelines.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { type Decision, decide, duplicateKeys, type ParsedRow, type PlanContext, type SeenKeys } from './import-plan';
import { ImportsRepository } from './imports.repository';

/** What the plan needs from the rest of Callboard: the context once per import, the existing contacts per batch. */
@Injectable()
export class ImportContexts {
  constructor(
    private readonly repo: ImportsRepository,
    private readonly pipelines: PipelinesService,
    private readonly team: TeamSettingsService,
  ) {}

  async build(actor: Pick<Actor, 'id' | 'role'>, mapping: ImportMapping): Promise<PlanContext> {
    const settings = await this.team.get();
    const pipelineId = await this.pipelines.defaultPipelineId();
    const stages = await this.pipelines.stagesOf(pipelineId);
    return {
      actor: { id: actor.id, role: actor.role === 'head' ? 'head' : 'seller' },
      columns: mapping.columns,
      duplicates: mapping.duplicates,
      phoneRegion: settings.phoneRegion,
      currency: settings.currency,
      usersByEmail: await this.repo.activeUsersByEmail(),
      stagesByName: new Map(stages.map((s) => [s.name.trim().toLowerCase(), { id: s.id, group: s.group }])),
    };
  }

  /**
   * Decisions for rows in file order. `seen` (key -> row number of the file's earlier rows) grows
   * with each row read; pass a BatchKeys when the work may be rolled back.
   */
  async decideAll(ctx: PlanContext, parsed: (ParsedRow | { error: string })[], seen: SeenKeys, tx: Tx, rowNumbers?: number[]): Promise<Decision[]> {
    const ok = parsed.filter((p): p is ParsedRow => !('error' in p));
    const phones = [...new Set(ok.map((p) => p.phone).filter((x): x is string => !!x))];
    const emails = [...new Set(ok.map((p) => p.email).filter((x): x is string => !!x))];
    const [byPhone, byEmail] = [await this.repo.contactsByPhone(ctx.actor, phones, tx), await this.repo.contactsByEmail(ctx.actor, emails, tx)];
    return parsed.map((p, i) => {
      const d = 'error' in p
        ? decide(p, seen, { byPhone: null, byEmail: null }, ctx.duplicates)
        : decide(p, seen, { byPhone: p.phone ? (byPhone.get(p.phone) ?? null) : null, byEmail: p.email ? (byEmail.get(p.email) ?? null) : null }, ctx.duplicates);
      if (!('error' in p)) for (const key of duplicateKeys(p)) if (!seen.has(key)) seen.set(key, rowNumbers?.[i] ?? i + 2);
      return d;
    });
  }
}
