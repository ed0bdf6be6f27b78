import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { type AutomationCatalog, CreateRuleRequest, type Rule, type RuleRun, UpdateRuleRequest } from '@callboard/contracts';
import { z } from 'zod';
import { type Actor, CurrentUser, Roles } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { RulesService } from './rules.service';

const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

/** Rules are the Head's: list, read, create, edit, enable and disable, and see what each did. */
@Controller('automation')
export class AutomationController {
  constructor(private readonly rules: RulesService) {}

  @Get('catalog')
  @Roles('head')
  catalog(): AutomationCatalog {
    return this.rules.catalog();
  }

  @Get('rules')
  @Roles('head')
  list(): Promise<Rule[]> {
    return this.rules.list();
  }

  @Post('rules')
  @Roles('head')
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateRuleRequest)) body: CreateRuleRequest): Promise<Rule> {
    return this.rules.create(actor, body);
  }

  @Get('rules/:id')
  @Roles('head')
  get(@Param('id', IdPipe) id: string): Promise<Rule> {
    return this.rules.get(id);
  }

  @Patch('rules/:id')
  @Roles('head')
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(UpdateRuleRequest)) body: UpdateRuleRequest): Promise<Rule> {
    return this.rules.update(actor, id, body);
  }

  @Get('rules/:id/runs')
  @Roles('head')
  runs(@Param('id', IdPipe) id: string, @Query(new ZodPipe(RunsQuery)) q: z.infer<typeof RunsQuery>): Promise<RuleRun[]> {
    return this.rules.runs(id, q.limit);
  }
}

