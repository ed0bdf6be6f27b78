import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  CreateStageRequest,
  DeleteStageRequest,
  type Pipeline,
  ReorderStagesRequest,
  type Stage,
  UpdateStageRequest,
} from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, Roles, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { PipelinesService } from './pipelines.service';

@Controller()
export class PipelinesController {
  constructor(private readonly pipelines: PipelinesService) {}

  @Get('pipelines')
  @ApiKeyScope('deals')
  @Authenticated()
  list(): Promise<Pipeline[]> {
    return this.pipelines.list();
  }

  @Post('pipelines/:id/stages')
  @Roles('head')
  createStage(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(CreateStageRequest)) body: CreateStageRequest,
  ): Promise<Stage> {
    return this.pipelines.createStage(actor, id, body);
  }

  @Post('pipelines/:id/stages/reorder')
  @HttpCode(200)
  @Roles('head')
  reorder(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(ReorderStagesRequest)) body: ReorderStagesRequest,
  ): Promise<Pipeline> {
    return this.pipelines.reorder(actor, id, body);
  }

  @Patch('stages/:id')
  @Roles('head')
  updateStage(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(UpdateStageRequest)) body: UpdateStageRequest,
  ): Promise<Stage> {
    return this.pipelines.updateStage(actor, id, body);
  }

  @Delete('stages/:id')
  @HttpCode(204)
  @Roles('head')
  deleteStage(
    @CurrentUser() actor: Actor,
    @Param('id', IdPipe) id: string,
    @Body(new ZodPipe(DeleteStageRequest)) body: DeleteStageRequest,
  ): Promise<void> {
    return this.pipelines.deleteStage(actor, id, body);
  }
}
