import { Injectable, Logger } from '@nestjs/common';
import type { CreateTaskRequest, Task, TaskBadge, TaskBadgesQuery, TaskExportQuery, TaskListQuery, TaskType, UpdateTaskRequest } from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { dealAudience } from '../../common/access/deal-visibility';
import { Clock } from '../../common/clock/clock';
import { rehearsing, Transactions, type Tx } from '../../common/database/transactions';
import { type DealAudienceSnapshot, DomainEvents, type TaskAudienceSnapshot } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { UsersService } from '../users/users.service';
import { WebhookWriterService } from '../webhooks/webhook-writer.service';
import { MissedCallSettingsRepository } from './missed-call-settings.repository';
import { TaskException } from './tasks.exception';
import { type TaskExportRow, TasksRepository } from './tasks.repository';

@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly repo: TasksRepository,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    private readonly missedCalls: MissedCallSettingsRepository,
    private readonly webhooks: WebhookWriterService,
  ) {}

  async list(actor: Actor, q: TaskListQuery): Promise<Task[]> {
    await this.checkListQuery(actor, q);
    const { start, end } = await this.clock.today();
    return this.repo.list(actor, q, this.clock.now(), start, end);
  }

  /** Every task of the list with these filters, as the list shows them to `actor` (the export). */
  async exportRows(actor: Actor, q: TaskExportQuery): Promise<AsyncIterable<TaskExportRow>> {
    await this.checkListQuery(actor, q);
    const { start, end } = await this.clock.today();
    return this.repo.exportRows(actor, q, this.clock.now(), start, end);
  }

  /** A Seller lists only their own tasks, and a deal's only when they see the deal. */
  private async checkListQuery(actor: Actor, q: TaskExportQuery): Promise<void> {
    if (q.assigneeId && !isHead(actor) && q.assigneeId !== actor.id) {
      throw new TaskException('FORBIDDEN', "A Seller sees only their own tasks");
    }
    if (q.dealId) await this.dealOrThrow(actor, q.dealId);
  }

  async badges(actor: Actor, q: TaskBadgesQuery): Promise<TaskBadge[]> {
    const { start, end } = await this.clock.today();
    return this.repo.badges(actor, q.pipelineId ?? null, this.clock.now(), start, end);
  }

  async get(actor: Actor, id: string): Promise<Task> {
    return this.visibleOrThrow(actor, id);
  }

  async create(actor: Actor, input: CreateTaskRequest): Promise<Task> {
    const assigneeId = await this.assignable(actor, input.assigneeId === undefined ? actor.id : input.assigneeId);
    let contactId = input.contactId ?? null;
    if (input.dealId) {
      const deal = await this.dealOrThrow(actor, input.dealId);
      contactId = contactId ?? deal.contactId;
    }
    if (input.contactId) await this.contacts.get(actor, input.contactId);
    const pending = new PendingEvents();
    const id = await this.tx.run((tx) =>
      this.insert(
        { title: input.title, type: input.type, dueAt: input.dueAt ? new Date(input.dueAt) : null, assigneeId, dealId: input.dealId ?? null, contactId },
        actor.id,
        tx,
        pending,
      ),
    );
    pending.publish(this.events);
    this.logger.log(`task ${id} created by ${actor.id}`);
    return this.visibleOrThrow(actor, id);
  }

  async update(actor: Actor, id: string, input: UpdateTaskRequest): Promise<Task> {
    if (input.assigneeId !== undefined) await this.assignable(actor, input.assigneeId);
    const pending = new PendingEvents();
    await this.tx.run(async (tx) => {
      const task = await this.visibleOrThrow(actor, id, tx, true);
      const before = await this.audienceOf(task, tx);
      const dueAt = input.dueAt === undefined ? undefined : input.dueAt === null ? null : new Date(input.dueAt);
      await this.repo.update(id, { title: input.title, type: input.type, dueAt, assigneeId: input.assigneeId }, tx);
      const rescheduled = dueAt !== undefined && (dueAt?.toISOString() ?? null) !== task.dueAt;
      if (task.dealId && rescheduled) {
        await this.repo.addDealEvent(task.dealId, actor.id, { taskId: id, title: task.title, action: 'rescheduled', from: task.dueAt, to: dueAt?.toISOString() ?? null }, tx);
      }
      if (rescheduled) pending.add('task.rescheduled', { taskId: id });
      await this.queueChanged(id, before, tx, pending);
    });
    pending.publish(this.events);
    return this.visibleOrThrow(actor, id);
  }

  complete(actor: Actor, id: string): Promise<Task> {
    return this.setStatus(actor, id, 'done');
  }

  reopen(actor: Actor, id: string): Promise<Task> {
    return this.setStatus(actor, id, 'open');
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const pending = new PendingEvents();
    await this.tx.run(async (tx) => {
      const task = await this.visibleOrThrow(actor, id, tx, true);
      const before = await this.audienceOf(task, tx);
      await this.repo.remove(id, tx);
      if (task.dealId) await this.repo.addDealEvent(task.dealId, actor.id, { taskId: id, title: task.title, action: 'deleted' }, tx);
      pending.add('task.removed', { taskId: id, dealId: task.dealId, before });
    });
    pending.publish(this.events);
    this.logger.log(`task ${id} deleted by ${actor.id}`);
  }

  /** A task the system creates (rules), inside the caller's transaction. */
  async createAsSystem(
    input: { title: string; type: TaskType; dueAt: Date | null; assigneeId: string | null; dealId: string | null; contactId: string | null },
    tx: Tx,
    pending: PendingEvents,
    reason: { ruleId: string; ruleName: string },
  ): Promise<string> {
    return this.insert(input, null, tx, pending, reason);
  }

  /** A task a person asked for as part of other work (a call's wrap-up), inside the caller's transaction. */
  createWithin(
    input: { title: string; type: TaskType; dueAt: Date | null; assigneeId: string | null; dealId: string | null; contactId: string | null },
    actorId: string,
    tx: Tx,
    pending: PendingEvents,
  ): Promise<string> {
    return this.insert(input, actorId, tx, pending);
  }

  /**
   * Takes an unassigned task. The first claim wins; a later one (also one racing it) gets
   * TASK_ALREADY_CLAIMED and changes nothing. Claiming a missed call's call-back also takes its
   * deal while nobody owns it. Locks: the deal, then the task (the calls path's order).
   */
  async claim(actor: Actor, id: string): Promise<Task> {
    const pending = new PendingEvents();
    const claimed = await this.tx.run(async (tx) => {
      const task = await this.claimableOrThrow(actor, id, tx);
      if (task.assigneeId === actor.id) return false; // the winner clicking twice
      const before = await this.audienceOf(task, tx);
      if (task.dealId) {
        const deal = await this.deals.takeIfUnowned(task.dealId, actor.id, tx, pending, { taskId: id });
        if (deal && deal.ownerId !== actor.id && !isHead(actor)) throw alreadyClaimed();
      }
      if (!(await this.repo.claim(id, actor.id, tx))) throw alreadyClaimed();
      if (task.dealId) await this.repo.addDealEvent(task.dealId, actor.id, { taskId: id, title: task.title, action: 'claimed', assigneeId: actor.id }, tx);
      await this.queueChanged(id, before, tx, pending);
      return true;
    });
    pending.publish(this.events);
    if (claimed) this.logger.log(`task ${id} claimed by ${actor.id}`);
    return this.visibleOrThrow(actor, id);
  }

  /**
   * The call-back task of a missed inbound call, in the calls path's transaction (after it locked
   * the call and the deal); once per call, null when it exists already. It goes to the deal's
   * owner; for a deal nobody owns, to the default assignee a Head set (while active), else to
   * nobody: an unclaimed call-back that every Seller sees until one claims it or calls back.
   */
  async createMissedCallBack(
    input: { callId: string; dealId: string; contactId: string | null; title: string; dueAt: Date },
    tx: Tx,
    pending: PendingEvents,
    /** The deal as the caller just wrote it in `tx` (saves reading it again); read when not given. */
    known?: { ownerId: string | null },
  ): Promise<string | null> {
    const deal = known ?? (await this.deals.findById(input.dealId, tx));
    const fallback = deal?.ownerId ? null : await this.missedCalls.defaultAssignee(tx);
    const assigneeId = deal?.ownerId ?? (fallback?.active ? fallback.id : null);
    const id = await this.repo.insertCallBack({ ...input, assigneeId }, tx);
    if (!id) return null;
    await this.repo.addDealEvent(
      input.dealId,
      null,
      { taskId: id, title: input.title, taskType: 'call_back', action: 'created', dueAt: input.dueAt.toISOString(), assigneeId },
      tx,
    );
    pending.add('task.created', { taskId: id, dealId: input.dealId, type: 'call_back', ruleId: null });
    await this.queueChanged(id, null, tx, pending);
    if (!rehearsing()) this.logger.log(`task ${id}: call-back of missed call ${input.callId} ${assigneeId ? `for ${assigneeId}` : 'unclaimed'}`);
    return id;
  }

  /**
   * An answer outranked a losing branch's miss: the call's open call-back goes (in the calls path's
   * transaction), and off every list that showed it (`task.removed`, also to every Seller when it
   * was unclaimed).
   */
  async removeMissedCallBack(callId: string, tx: Tx, pending: PendingEvents): Promise<void> {
    const gone = await this.repo.removeOpenCallBack(callId, tx);
    if (!gone) return;
    // unassigned, it was on every Seller's list (the deal may have been taken in this same transaction): tell the inbox too
    const before: TaskAudienceSnapshot = gone.assigneeId ? { assigneeId: gone.assigneeId, deal: null } : { assigneeId: null, deal: { ownerId: null, inInbox: true } };
    if (gone.dealId) await this.repo.addDealEvent(gone.dealId, null, { taskId: gone.id, title: gone.title, action: 'deleted', reason: 'answered' }, tx);
    pending.add('task.removed', { taskId: gone.id, dealId: gone.dealId, before });
  }

  /**
   * `userId` called the number of a deal back (or answered its next call): the deal's unclaimed
   * call-backs become theirs, and the deal too while nobody owns it. A deal someone else owns
   * keeps its call-backs. In the calls path's transaction; locks the deal, then the tasks.
   */
  async claimCallBacksOf(dealId: string, userId: string, tx: Tx, pending: PendingEvents, reason: Record<string, unknown> = {}): Promise<number> {
    return this.claimCallBacks(dealId, userId, tx, pending, reason);
  }

  /**
   * The deal got an owner outside a claim (see CallBacksListener): its unclaimed call-backs go to
   * them. `before` is the deal as it was, for the rooms that had the call-backs on their lists.
   */
  async giveCallBacksToOwner(dealId: string, ownerId: string, before: DealAudienceSnapshot): Promise<void> {
    // most deals that get an owner have no call-back waiting: no transaction for them
    if (!(await this.repo.unclaimedCallBacksOf(dealId)).length) return;
    const pending = new PendingEvents();
    await this.tx.run((tx) => this.claimCallBacks(dealId, ownerId, tx, pending, { dealTaken: true }, before));
    pending.publish(this.events);
  }

  private async claimCallBacks(
    dealId: string,
    userId: string,
    tx: Tx,
    pending: PendingEvents,
    reason: Record<string, unknown>,
    dealBefore?: DealAudienceSnapshot,
  ): Promise<number> {
    const open = await this.repo.unclaimedCallBacksOf(dealId, tx);
    if (!open.length) return 0;
    const before: TaskAudienceSnapshot = dealBefore ? { assigneeId: null, deal: dealBefore } : await this.audienceOf({ assigneeId: null, dealId }, tx);
    const deal = await this.deals.takeIfUnowned(dealId, userId, tx, pending, reason);
    if (deal?.ownerId !== userId) return 0;
    let claimed = 0;
    for (const task of open) {
      if (!(await this.repo.claim(task.id, userId, tx))) continue;
      await this.repo.addDealEvent(dealId, userId, { taskId: task.id, title: task.title, action: 'claimed', assigneeId: userId, ...reason }, tx);
      await this.queueChanged(task.id, before, tx, pending);
      claimed++;
    }
    if (claimed) this.logger.log(`deal ${dealId}: ${claimed} call-back(s) given to ${userId}`);
    return claimed;
  }

  // ---- internals ----

  private async insert(
    input: { title: string; type: TaskType; dueAt: Date | null; assigneeId: string | null; dealId: string | null; contactId: string | null },
    actorId: string | null,
    tx: Tx,
    pending: PendingEvents,
    reason?: { ruleId: string; ruleName: string },
  ): Promise<string> {
    const id = await this.repo.insert({ ...input, createdBy: actorId }, tx);
    if (input.dealId) {
      await this.repo.addDealEvent(
        input.dealId,
        actorId,
        { taskId: id, title: input.title, taskType: input.type, action: 'created', dueAt: input.dueAt?.toISOString() ?? null, assigneeId: input.assigneeId, ...reason },
        tx,
      );
    }
    pending.add('task.created', { taskId: id, dealId: input.dealId, type: input.type, ruleId: reason?.ruleId ?? null });
    await this.queueChanged(id, null, tx, pending);
    return id;
  }

  private async setStatus(actor: Actor, id: string, status: 'open' | 'done'): Promise<Task> {
    const pending = new PendingEvents();
    await this.tx.run(async (tx) => {
      const task = await this.visibleOrThrow(actor, id, tx, true);
      if (task.status === status) return; // idempotent: completing twice completes once
      await this.repo.setStatus(id, status, this.clock.now(), tx);
      if (task.dealId) {
        await this.repo.addDealEvent(task.dealId, actor.id, { taskId: id, title: task.title, action: status === 'done' ? 'completed' : 'reopened' }, tx);
      }
      if (status === 'done') pending.add('task.completed', { taskId: id, dealId: task.dealId, type: task.type });
      else pending.add('task.rescheduled', { taskId: id });
      await this.queueChanged(id, await this.audienceOf(task, tx), tx, pending);
    });
    pending.publish(this.events);
    this.logger.log(`task ${id} ${status === 'done' ? 'completed' : 'reopened'} by ${actor.id}`);
    return this.visibleOrThrow(actor, id);
  }

  /** Queues `task.changed` with the task as it now is, for the live lists of those who may see it. */
  private async queueChanged(id: string, before: TaskAudienceSnapshot | null, tx: Tx, pending: PendingEvents): Promise<void> {
    const task = await this.repo.findById(id, this.clock.now(), tx);
    if (task) pending.add('task.changed', { task, audience: await this.audienceOf(task, tx), before });
    // webhook deliveries (task.created, task.completed) commit with the task they announce
    await this.webhooks.persistWithin(pending, tx);
  }

  /** Its assignee sees a task; an unassigned one is seen by whoever sees its deal (the Heads always). */
  private async audienceOf(task: { assigneeId: string | null; dealId: string | null }, tx: Tx): Promise<TaskAudienceSnapshot> {
    if (task.assigneeId || !task.dealId) return { assigneeId: task.assigneeId, deal: null };
    const deal = await this.deals.findById(task.dealId, tx);
    return { assigneeId: null, deal: deal && dealAudience(deal) };
  }

  private async visibleOrThrow(actor: Actor, id: string, tx?: Tx, lock = false): Promise<Task> {
    const task = await this.repo.findVisible(actor, id, this.clock.now(), tx, lock);
    if (!task) throw new TaskException('TASK_NOT_FOUND', 'No such task');
    return task;
  }

  private async dealOrThrow(actor: Actor, dealId: string) {
    const deal = await this.deals.findVisible(actor, dealId);
    if (!deal) throw new TaskException('DEAL_NOT_FOUND', 'No such deal');
    return deal;
  }

  /** An open task the actor may claim; a missed call's call-back someone else took is a 409, not a 404. */
  private async claimableOrThrow(actor: Actor, id: string, tx: Tx): Promise<Task> {
    const task = await this.repo.findVisible(actor, id, this.clock.now(), tx);
    if (task) {
      if (task.status !== 'open') throw alreadyClaimed('This task is already done');
      if (task.assigneeId && task.assigneeId !== actor.id) throw alreadyClaimed();
      return task;
    }
    // every Seller saw it on their list: a latecomer hears that it is taken rather than that it never was
    const any = await this.repo.findById(id, this.clock.now(), tx);
    if (any?.type === 'call_back' && any.callId) throw alreadyClaimed();
    throw new TaskException('TASK_NOT_FOUND', 'No such task');
  }

  /** Sellers give tasks only to themselves; Heads to any active user, or to nobody. */
  private async assignable(actor: Actor, assigneeId: string | null): Promise<string | null> {
    if (!isHead(actor)) {
      if (assigneeId !== actor.id) throw new TaskException('OWNER_NOT_ASSIGNABLE', 'A Seller can assign tasks only to themselves');
      return assigneeId;
    }
    if (assigneeId !== null && !(await this.users.findActive(assigneeId))) {
      throw new TaskException('OWNER_NOT_ASSIGNABLE', 'The assignee must be an active user');
    }
    return assigneeId;
  }
}

const alreadyClaimed = (message = 'A colleague has already claimed this task') => new TaskException('TASK_ALREADY_CLAIMED', message);
