import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CreateTaskRequest, type Task, type TaskBadge, TaskBadgesQuery, TaskListQuery, UpdateTaskRequest } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser, ApiKeyScope } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { TasksService } from './tasks.service';

@ApiKeyScope('tasks')
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(TaskListQuery)) q: TaskListQuery): Promise<Task[]> {
    return this.tasks.list(actor, q);
  }

  @Get('badges')
  @Authenticated()
  badges(@CurrentUser() actor: Actor, @Query(new ZodPipe(TaskBadgesQuery)) q: TaskBadgesQuery): Promise<TaskBadge[]> {
    return this.tasks.badges(actor, q);
  }

  @Post()
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateTaskRequest)) body: CreateTaskRequest): Promise<Task> {
    return this.tasks.create(actor, body);
  }

  @Get(':id')
  @Authenticated()
  get(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Task> {
    return this.tasks.get(actor, id);
  }

  @Patch(':id')
  @Authenticated()
  update(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string, @Body(new ZodPipe(UpdateTaskRequest)) body: UpdateTaskRequest): Promise<Task> {
    return this.tasks.update(actor, id, body);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Authenticated()
  complete(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Task> {
    return this.tasks.complete(actor, id);
  }

  /** Takes an unassigned task (an unclaimed call-back): the first wins, later ones get 409 TASK_ALREADY_CLAIMED. */
  @Post(':id/claim')
  @HttpCode(200)
  @Authenticated()
  claim(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Task> {
    return this.tasks.claim(actor, id);
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @Authenticated()
  reopen(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Task> {
    return this.tasks.reopen(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  remove(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.tasks.remove(actor, id);
  }
}
