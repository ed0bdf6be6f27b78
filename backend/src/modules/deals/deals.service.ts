import { Cluster } from '../../common/cluster/cluster';
import { Injectable, Logger } from '@nestjs/common';
import type {
  DealFilters,
  Board,
  BoardQuery,
  CreateDealRequest,
  Deal,
  DealEvent,
  DealExportQuery,
  DealListQuery,
  DealSource,
  DeclinedLeads,
  LeadDetails,
  MoveDealRequest,
  StageGroup,
  TagUsage,
  UpdateDealRequest,
} from '@callboard/contracts';
import { type Actor, isHead } from '../../common/access/access.decorators';
import { canSeeDeal, dealAudience, type DealVisibilityFacts, isInInbox } from '../../common/access/deal-visibility';
import { Transactions, type Tx } from '../../common/database/transactions';
import { WebhookWriterService } from '../webhooks/webhook-writer.service';
import type { SystemDealChange } from './deals.repository';
import { StageCache } from './stage-cache';
import { DomainEvents, type DealAudienceSnapshot } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ContactsService } from '../contacts/contacts.service';
import { PipelinesService } from '../pipelines/pipelines.service';
import { TeamSettingsService } from '../team-settings/team-settings.service';
import { UsersService } from '../users/users.service';
import { DealException } from './deals.exception';
import { decodeCursor, type DealExportRow, type DealFilter, type DealListFilter, type DealPatch, type DealRow, DealsRepository, toDeal } from './deals.repository';
import { LostReasonsService } from './lost-reasons.service';

const statusOf = (group: StageGroup) => (group === 'won' ? 'won' : group === 'lost' ? 'lost' : 'open');
const audienceOf = (row: { ownerId: string | null; stageGroup: string }): DealAudienceSnapshot => dealAudience(row);

/** What a change to a deal does; the same path for people and for the system. */
interface Change {
  patch: DealPatch;
  /** Extra words for the timeline, e.g. which call or rule did it. */
  reason?: Record<string, unknown>;
}

@Injectable()
export class DealsService {
  private readonly logger = new Logger(DealsService.name);

  constructor(
    private readonly repo: DealsRepository,
    private readonly pipelines: PipelinesService,
    private readonly contacts: ContactsService,
    private readonly users: UsersService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    private readonly lostReasons: LostReasonsService,
    private readonly team: TeamSettingsService,
    private readonly webhooks: WebhookWriterService,
    private readonly cluster: Cluster,
  ) {}

  async board(actor: Actor, query: BoardQuery): Promise<Board> {
    const owner = this.ownerFilterFor(actor, query.ownerId);
    const pipelineId = query.pipelineId ?? (await this.pipelines.defaultPipelineId());
    await this.pipelines.stagesOf(pipelineId);
    const columns = await this.repo.board(actor, pipelineId, owner, query.limit, filterOf(query));
    return { pipelineId, columns };
  }

  async list(actor: Actor, query: DealListQuery): Promise<{ items: Deal[]; nextCursor: string | null }> {
    const cursor = decodeCursor(query.cursor);
    if (query.cursor && !cursor) throw new DealException('VALIDATION_FAILED', 'The cursor is not valid');
    return this.repo.list(actor, { ...this.listFilter(actor, query), cursor, limit: query.limit });
  }

  /** Every deal of the list with these filters, as the list shows them to `actor` (the export). */
  async exportRows(actor: Actor, query: DealExportQuery): Promise<AsyncIterable<DealExportRow>> {
    return this.repo.exportRows(actor, this.listFilter(actor, query));
  }

  /** The list's query as the repository takes it; a Seller naming another rep is refused here. */
  private listFilter(actor: Actor, query: DealExportQuery): DealListFilter {
    return {
      pipelineId: query.pipelineId,
      stageId: query.stageId,
      contactId: query.contactId,
      owner: this.ownerFilterFor(actor, query.ownerId),
      text: query.q,
      filter: filterOf(query),
    };
  }

  /** Suggestions: the tags on the deals `actor` may see, most used first. */
  tagsInUse(actor: Actor): Promise<TagUsage[]> {
    return this.repo.tagsInUse(actor, 200);
  }

  async get(actor: Actor, id: string): Promise<Deal> {
    return toDeal(await this.visibleOrThrow(actor, id));
  }

  async timeline(actor: Actor, id: string): Promise<DealEvent[]> {
    await this.visibleOrThrow(actor, id);
    return this.repo.events(id);
  }

  async create(actor: Actor, input: CreateDealRequest): Promise<Deal> {
    const ownerId = await this.assignableOwner(actor, input.ownerId === undefined ? actor.id : input.ownerId);
    const pending = new PendingEvents();
    const row = await this.tx.run(async (tx) => {
      const pipelineId = input.pipelineId ?? (await this.pipelines.defaultPipelineId(tx));
      const stage = input.stageId
        ? await this.stageOf(pipelineId, input.stageId, tx)
        : await this.pipelines.systemStage(pipelineId, 'new', 'active', tx);
      if (input.contactId) await this.contacts.get(actor, input.contactId, tx);
      const inserted = await this.insert(
        {
          title: input.title,
          amount: input.amount ?? '0',
          currency: input.currency,
          pipelineId,
          stageId: stage.id,
          stageGroup: stage.group,
          ownerId,
          contactId: input.contactId ?? null,
          source: 'manual',
          tags: input.tags ?? [],
        },
        actor.id,
        tx,
        pending,
      );
      // webhook deliveries commit with the deal they announce
      await this.webhooks.persistWithin(pending, tx);
      return inserted;
    });
    pending.publish(this.events);
    this.logger.log(`deal ${row.id} created by ${actor.id}`);
    return toDeal(row);
  }

  async update(actor: Actor, id: string, input: UpdateDealRequest): Promise<Deal> {
    if (input.ownerId !== undefined) await this.assignableOwner(actor, input.ownerId);
    return this.changeVisible(actor, id, async (deal, tx) => {
      if (input.contactId) await this.contacts.get(actor, input.contactId, tx);
      return { patch: { ...input } };
    });
  }

  async move(actor: Actor, id: string, input: MoveDealRequest): Promise<Deal> {
    return this.changeVisible(actor, id, async (deal, tx) => {
      const stage = await this.stageOf(deal.pipelineId, input.stageId, tx);
      const position = input.position ?? (await this.repo.topPosition(stage.id, tx));
      const patch: DealPatch = { position };
      let reason: Record<string, unknown> | undefined;
      if (stage.id !== deal.stageId) {
        patch.stageId = stage.id;
        patch.status = statusOf(stage.group);
        // A person closing a deal as lost says why, as the Head set it (rules move through changeAs).
        if (stage.group === 'lost' && deal.stageGroup !== 'lost') {
          patch.lostReason = await this.lostReasons.check(input.lostReason, tx);
          reason = { lostReason: patch.lostReason };
        }
      }
      // A Seller who moves an unowned inbox card where they could no longer see it (out of the inbox) has taken it.
      if (!isHead(actor) && deal.ownerId === null && !canSeeDeal(actor, { ownerId: null, stageGroup: stage.group })) patch.ownerId = actor.id;
      return { patch, reason };
    });
  }

  /** Heads only: a Seller closes a deal as lost instead, so its history stays for the reports. */
  async remove(actor: Actor, id: string): Promise<void> {
    if (!isHead(actor)) throw new DealException('FORBIDDEN', 'Only a Head can delete a deal; close it as lost instead');
    const before = await this.tx.run(async (tx) => {
      const deal = await this.visibleOrThrow(actor, id, tx, true);
      await this.repo.softDelete(id, tx);
      return deal;
    });
    this.logger.log(`deal ${id} deleted by ${actor.id}`);
    this.events.emit('deal.removed', { dealId: id, before: audienceOf(before) });
  }

  // ---- the Unsorted inbox's actions (issue 17 part 6; routes in modules/inbox) ----

  /**
   * Accepts an inbox deal: owned by `ownerId` (a Seller: only themselves; a Head: any active user,
   * themselves when omitted) and moved to New, under the deal's row lock. A deal no longer in the
   * inbox answers INBOX_DEAL_GONE (someone took it first).
   */
  async acceptFromInbox(actor: Actor, id: string, ownerId: string | undefined): Promise<Deal> {
    const owner = await this.assignableOwner(actor, ownerId ?? actor.id);
    return this.changeVisible(actor, id, async (deal, tx) => {
      if (!isInInbox(deal)) throw new DealException('INBOX_DEAL_GONE', 'This deal is no longer in Unsorted: someone took it first');
      const stage = await this.pipelines.systemStage(deal.pipelineId, 'new', 'active', tx);
      return {
        patch: { ownerId: owner, stageId: stage.id, status: statusOf(stage.group), position: await this.repo.topPosition(stage.id, tx) },
        reason: { via: 'inbox_accept' },
      };
    });
  }

  /**
   * An inbox deal the caller may see, locked for the rest of `tx` (the inbox's decline and merge).
   * Not visible: DEAL_NOT_FOUND; visible but out of the inbox: INBOX_DEAL_GONE.
   */
  async lockInboxDeal(actor: Actor, id: string, tx: Tx): Promise<DealRow> {
    const deal = await this.visibleOrThrow(actor, id, tx, true);
    if (!isInInbox(deal)) throw new DealException('INBOX_DEAL_GONE', 'This deal is no longer in Unsorted: someone took it first');
    return deal;
  }

  /** A live deal the caller may see, locked for the rest of `tx`; null when there is none. */
  async lockVisible(actor: Actor, id: string, tx: Tx): Promise<DealRow | null> {
    return this.repo.findVisible(actor, id, tx, true);
  }

  /**
   * Takes a locked deal off every board and list, as declined spam or merged into `intoId`, with
   * its timeline entry; `deal.removed` goes to `pending`. Kept in the database (a declined lead can
   * be restored; a merged one names the deal that kept its calls).
   */
  async removeFromInbox(actorId: string, deal: DealRow, removal: { as: 'spam' } | { as: 'merged'; into: DealRow }, tx: Tx, pending: PendingEvents): Promise<void> {
    const into = removal.as === 'merged' ? removal.into : null;
    await this.repo.removeAs(deal.id, removal.as, into?.id ?? null, tx);
    await this.repo.addEvent(
      into
        ? { dealId: deal.id, type: 'merged', actorId, data: { direction: 'into', intoDealId: into.id, intoDealTitle: into.title } }
        : { dealId: deal.id, type: 'declined_spam', actorId, data: {} },
      tx,
    );
    pending.add('deal.removed', { dealId: deal.id, before: audienceOf(deal) });
  }

  /** The leads declined as spam: counts for everyone (the inbox shows them), the list for Heads. */
  async declinedLeads(actor: Actor, limit: number): Promise<DeclinedLeads> {
    const { total, last7Days, items } = await this.repo.declined(isHead(actor) ? limit : 0);
    return {
      total,
      last7Days,
      items: items.map(({ declinedAt, declinedById, declinedByName, ...row }) => ({ deal: toDeal(row as DealRow), declinedAt: declinedAt.toISOString(), declinedById, declinedByName })),
    };
  }

  /** Heads: a lead declined as spam goes back to the inbox (it never left its Unsorted stage). */
  async restoreDeclined(actor: Actor, id: string): Promise<Deal> {
    if (!isHead(actor)) throw new DealException('FORBIDDEN', 'Only a Head can restore a lead declined as spam');
    const pending = new PendingEvents();
    const row = await this.tx.run(async (tx) => {
      if (!(await this.repo.lockDeclined(id, tx))) throw new DealException('DEAL_NOT_FOUND', 'No lead declined as spam with this id');
      await this.repo.restoreDeclined(id, tx);
      await this.repo.addEvent({ dealId: id, type: 'restored', actorId: actor.id, data: {} }, tx);
      const after = (await this.repo.findById(id, tx))!;
      pending.add('deal.created', { deal: toDeal(after), audience: audienceOf(after) });
      return after;
    });
    pending.publish(this.events);
    this.logger.log(`deal ${id} restored from spam by ${actor.id}`);
    return toDeal(row);
  }

  // ---- the system's own changes (telephony, rules, timers), inside the caller's transaction ----

  private stages?: StageCache;

  /** Stage names and groups for the system's path, dropped on every pipeline change (on any node). */
  private get stageCache(): StageCache {
    return (this.stages ??= new StageCache(this.pipelines, this.cluster));
  }

  /** Creates a deal as the system, e.g. "Call from +36..." in Unsorted. */
  async createAsSystem(
    input: { title: string; contactId: string | null; source: DealSource; stageKey: string; ownerId?: string | null; pipelineId?: string; leadDetails?: LeadDetails },
    tx: Tx,
    pending: PendingEvents,
    reason: Record<string, unknown> = {},
  ): Promise<DealRow> {
    const pipelineId = input.pipelineId ?? (await this.stageCache.defaultPipelineId(tx));
    const stage = await this.stageCache.systemStage(pipelineId, input.stageKey, input.stageKey === 'unsorted' ? 'inbox' : 'active', tx);
    return this.insert(
      {
        title: input.title,
        amount: '0',
        pipelineId,
        stageId: stage.id,
        stageGroup: stage.group,
        ownerId: input.ownerId ?? null,
        contactId: input.contactId,
        source: input.source,
        leadDetails: input.leadDetails,
      },
      null,
      tx,
      pending,
      reason,
    );
  }

  /**
   * A deal from an import row (issue 17), in the importer's transaction: the stage given (of the
   * default pipeline) or New, source `import`, the team's currency. `ownerId` was checked by the
   * import (a Seller's own id; any active user for a Head).
   */
  async createImported(
    input: { title: string; amount: string; stageId: string | null; ownerId: string; contactId: string; importId: string },
    actorId: string,
    tx: Tx,
    pending: PendingEvents,
  ): Promise<DealRow> {
    const pipelineId = await this.stageCache.defaultPipelineId(tx);
    const stage = input.stageId ? await this.stageOf(pipelineId, input.stageId, tx) : await this.stageCache.systemStage(pipelineId, 'new', 'active', tx);
    return this.insert(
      { title: input.title, amount: input.amount, pipelineId, stageId: stage.id, stageGroup: stage.group, ownerId: input.ownerId, contactId: input.contactId, source: 'import' },
      actorId,
      tx,
      pending,
      { importId: input.importId },
    );
  }

  /**
   * Changes a deal as the system. `moveToKey` moves it to a system stage (e.g. "new") only
   * when it is still in `onlyFromGroup` (so a call never drags a deal backwards). Two
   * statements, the locked change returning the row before and after, and the timeline; three
   * with `moveToKey` (an unlocked look for the pipeline first: a deal never changes pipeline).
   */
  async changeAsSystem(
    dealId: string,
    change: { ownerId?: string; missed?: boolean; lastContactAt?: Date; moveToKey?: string; onlyFromGroup?: StageGroup },
    tx: Tx,
    pending: PendingEvents,
    reason: Record<string, unknown> = {},
  ): Promise<DealRow | null> {
    let stageId: string | undefined;
    if (change.moveToKey) {
      const deal = await this.repo.findById(dealId, tx);
      if (!deal) return null;
      stageId = (await this.stageCache.systemStage(deal.pipelineId, change.moveToKey, 'active', tx)).id;
    }
    const { moveToKey: _key, onlyFromGroup, ...fields } = change;
    const [row] = await this.changeManyAsSystem([{ dealId, change: { ...fields, stageId, onlyFromGroup }, reason, pending }], tx);
    return row;
  }

  /**
   * A change decided by another module (automation rules, closing as lost): by a user, or by the
   * system when `actorId` is null. `stageId` must be a stage of the deal's own pipeline.
   */
  async changeAs(
    actorId: string | null,
    dealId: string,
    change: { stageId?: string; ownerId?: string | null; lostReason?: string | null; qualification?: string | null; missed?: boolean },
    tx: Tx,
    pending: PendingEvents,
    reason: Record<string, unknown> = {},
  ): Promise<DealRow | null> {
    if (actorId === null) return (await this.changeManyAsSystem([{ dealId, change, reason, pending }], tx))[0];
    const deal = await this.repo.findById(dealId, tx, true);
    if (!deal) return null;
    const { stageId, ...fields } = change;
    const patch: DealPatch = { ...fields };
    if (stageId && stageId !== deal.stageId) {
      const stage = await this.stageOf(deal.pipelineId, stageId, tx);
      patch.stageId = stage.id;
      patch.status = statusOf(stage.group);
      patch.position = await this.repo.topPosition(stage.id, tx);
    }
    return this.apply(actorId, deal, { patch, reason }, tx, pending);
  }

  /**
   * The system's lean change path (rules, telephony), for one deal or many at once in the
   * caller's transaction: one statement locks the deals and changes them, returning each row
   * before and after; one statement writes every timeline row. Stage names and groups come from
   * a cache dropped on `pipeline.changed`. A deal appears at most once per call; deleted deals
   * give null. Each change's `deal.changed` goes to its own `pending`.
   */
  async changeManyAsSystem(
    items: {
      dealId: string;
      change: { stageId?: string; onlyFromGroup?: StageGroup; ownerId?: string | null; lostReason?: string | null; qualification?: string | null; missed?: boolean; lastContactAt?: Date };
      reason?: Record<string, unknown>;
      pending: PendingEvents;
    }[],
    tx: Tx,
  ): Promise<(DealRow | null)[]> {
    if (new Set(items.map((i) => i.dealId)).size !== items.length) throw new Error('changeManyAsSystem: a deal appears twice');
    const ranks = new Map<string, number>();
    const changes: SystemDealChange[] = [];
    for (const { dealId, change } of items) {
      const c: SystemDealChange = { id: dealId, ...change };
      if (change.stageId) {
        const stage = await this.stageCache.stage(change.stageId, tx);
        c.status = statusOf(stage.group);
        c.rank = (ranks.get(stage.id) ?? 0) + 1;
        ranks.set(stage.id, c.rank);
      }
      changes.push(c);
    }
    const results = new Map((await this.repo.applySystemChanges(changes, tx)).map((r) => [r.after.id, r]));
    const timeline: { dealId: string; type: DealEvent['type']; actorId: null; data: Record<string, unknown> }[] = [];
    const out: (DealRow | null)[] = [];
    for (const { dealId, change, reason = {}, pending } of items) {
      const r = results.get(dealId);
      out.push(r?.after ?? null);
      if (!r) continue;
      const { before, after } = r;
      if (change.stageId && after.pipelineId !== (await this.stageCache.stage(change.stageId, tx)).pipelineId) {
        throw new DealException('STAGE_NOT_IN_PIPELINE', 'That stage belongs to another pipeline');
      }
      if (after.stageId !== before.stageId) {
        const name = (id: string) => this.stageCache.name(id, tx);
        const data = { fromStageId: before.stageId, toStageId: after.stageId, fromStageName: await name(before.stageId), toStageName: await name(after.stageId), ...reason };
        timeline.push({ dealId, type: 'moved', actorId: null, data });
      }
      if (after.ownerId !== before.ownerId) {
        const data = { fromOwnerId: before.ownerId, toOwnerId: after.ownerId, fromOwnerName: before.ownerName, toOwnerName: after.ownerName, ...reason };
        timeline.push({ dealId, type: 'reassigned', actorId: null, data });
        if (after.ownerId && after.contactId) await this.contacts.claimIfUnowned(after.contactId, after.ownerId, tx);
      }
      const edits: Record<string, { from: unknown; to: unknown }> = {};
      for (const field of ['qualification', 'lostReason'] as const) {
        if (change[field] !== undefined && !sameValue(before[field], change[field])) edits[field] = { from: before[field], to: change[field] };
      }
      if (Object.keys(edits).length) timeline.push({ dealId, type: 'edited', actorId: null, data: { changes: edits, ...reason } });
      pending.add('deal.changed', {
        deal: toDeal(after),
        before: audienceOf(before),
        audience: audienceOf(after),
        fromStageId: after.stageId !== before.stageId ? before.stageId : null,
      });
    }
    await this.repo.addEvents(timeline, tx);
    return out;
  }

  /**
   * Gives an unowned deal to `userId` under the deal's row lock (a Seller claiming a missed call's
   * call-back, or calling the number back); an owned deal is left as it is. The deal as it now is,
   * or null when it is gone.
   */
  async takeIfUnowned(dealId: string, userId: string, tx: Tx, pending: PendingEvents, reason: Record<string, unknown> = {}): Promise<DealRow | null> {
    const deal = await this.repo.findById(dealId, tx, true);
    if (!deal || deal.ownerId !== null) return deal;
    return this.apply(userId, deal, { patch: { ownerId: userId }, reason }, tx, pending);
  }

  findVisible(actor: Actor, id: string): Promise<DealRow | null> {
    return this.repo.findById(id).then((d) => (d && this.canSee(actor, d) ? d : null));
  }

  openDealsOfContact(contactId: string, tx?: Tx) {
    return this.repo.openDealsOfContact(contactId, tx);
  }

  /** `lock`: FOR UPDATE in `tx` (the calls path locks the deal before it touches any user row). */
  /** Locks a live deal for the rest of `tx` (one statement); null when there is none. */
  lockLive(id: string, tx: Tx) {
    return this.repo.lockLive(id, tx);
  }

  findById(id: string, tx?: Tx, lock = false) {
    return this.repo.findById(id, tx, lock);
  }

  addTimelineEvent(dealId: string, type: DealEvent['type'], actorId: string | null, data: Record<string, unknown>, tx?: Tx) {
    return this.repo.addEvent({ dealId, type, actorId, data }, tx);
  }

  /** Who may see a deal: delegates to the one definition (common/access/deal-visibility). */
  canSee(actor: Actor, deal: DealVisibilityFacts): boolean {
    return canSeeDeal(actor, deal);
  }

  // ---- internals ----

  private async changeVisible(
    actor: Actor,
    id: string,
    decide: (deal: DealRow, tx: Tx) => Promise<Change>,
  ): Promise<Deal> {
    const pending = new PendingEvents();
    const row = await this.tx.run(async (tx) => {
      const deal = await this.visibleOrThrow(actor, id, tx, true);
      const after = await this.apply(actor.id, deal, await decide(deal, tx), tx, pending);
      await this.webhooks.persistWithin(pending, tx);
      return after;
    });
    pending.publish(this.events);
    return toDeal(row);
  }

  /** Writes a change, records it on the timeline, and queues the realtime events. */
  private async apply(actorId: string | null, before: DealRow, change: Change, tx: Tx, pending: PendingEvents): Promise<DealRow> {
    const { patch } = change;
    const edits: Record<string, { from: unknown; to: unknown }> = {};
    for (const field of ['title', 'amount', 'currency', 'contactId', 'qualification', 'lostReason', 'tags', 'expectedCloseOn'] as const) {
      const to = patch[field];
      if (to !== undefined && !sameValue(before[field], to)) edits[field] = { from: before[field], to };
    }
    await this.repo.update(before.id, patch, tx);
    const after = (await this.repo.findById(before.id, tx))!;
    const reason = change.reason ?? {};
    if (after.stageId !== before.stageId) {
      const stages = await this.pipelines.stagesOf(before.pipelineId, tx);
      const name = (id: string) => stages.find((s) => s.id === id)?.name ?? null;
      await this.repo.addEvent(
        {
          dealId: before.id,
          type: 'moved',
          actorId,
          data: {
            fromStageId: before.stageId,
            toStageId: after.stageId,
            fromStageName: name(before.stageId),
            toStageName: name(after.stageId),
            ...reason,
          },
        },
        tx,
      );
    }
    if (after.ownerId !== before.ownerId) {
      await this.repo.addEvent(
        {
          dealId: before.id,
          type: 'reassigned',
          actorId,
          data: {
            fromOwnerId: before.ownerId,
            toOwnerId: after.ownerId,
            fromOwnerName: before.ownerName,
            toOwnerName: after.ownerName,
            ...reason,
          },
        },
        tx,
      );
      if (after.ownerId && after.contactId) await this.contacts.claimIfUnowned(after.contactId, after.ownerId, tx);
    }
    if (Object.keys(edits).length) {
      await this.repo.addEvent({ dealId: before.id, type: 'edited', actorId, data: { changes: edits, ...reason } }, tx);
    }
    pending.add('deal.changed', {
      deal: toDeal(after),
      before: audienceOf(before),
      audience: audienceOf(after),
      fromStageId: after.stageId !== before.stageId ? before.stageId : null,
    });
    return after;
  }

  private async insert(
    input: {
      title: string;
      amount: string;
      /** Unset: the team's currency. */
      currency?: string;
      pipelineId: string;
      stageId: string;
      stageGroup: StageGroup;
      ownerId: string | null;
      contactId: string | null;
      source: DealSource;
      tags?: string[];
      leadDetails?: LeadDetails;
    },
    actorId: string | null,
    tx: Tx,
    pending: PendingEvents,
    reason: Record<string, unknown> = {},
  ): Promise<DealRow> {
    const { stageGroup, ...fields } = input;
    // every new deal, by hand or from a call, is expected to close the team's number of days after
    // the day it was created, and is in the team's currency unless its creator chose another
    const { timeZone, expectedCloseDays: days, currency } = await this.team.get();
    const row = await this.repo.insertWithEvent(
      { ...fields, currency: fields.currency ?? currency, tags: fields.tags ?? [], status: statusOf(stageGroup), expectedClose: { timeZone, days } },
      { actorId, data: { source: input.source, ...(fields.tags?.length ? { tags: fields.tags } : {}), ...reason } },
      tx,
    );
    pending.add('deal.created', { deal: toDeal(row), audience: audienceOf(row) });
    return row;
  }

  private async visibleOrThrow(actor: Actor, id: string, tx?: Tx, lock = false): Promise<DealRow> {
    const deal = await this.repo.findVisible(actor, id, tx, lock);
    if (!deal) throw new DealException('DEAL_NOT_FOUND', 'No such deal');
    return deal;
  }

  private async stageOf(pipelineId: string, stageId: string, tx: Tx) {
    const stage = await this.pipelines.getStage(stageId, tx);
    if (stage.pipelineId !== pipelineId) {
      throw new DealException('STAGE_NOT_IN_PIPELINE', 'That stage belongs to another pipeline');
    }
    return stage;
  }

  /** Sellers assign only to themselves; Heads to any active user, or to nobody. */
  private async assignableOwner(actor: Actor, ownerId: string | null): Promise<string | null> {
    if (!isHead(actor)) {
      if (ownerId !== actor.id) throw new DealException('OWNER_NOT_ASSIGNABLE', 'A Seller can assign deals only to themselves');
      return ownerId;
    }
    if (ownerId === null) return null;
    if (!(await this.users.findActive(ownerId))) {
      throw new DealException('OWNER_NOT_ASSIGNABLE', 'The owner must be an active user');
    }
    return ownerId;
  }

  private ownerFilterFor(actor: Actor, ownerId: string | undefined): string | undefined {
    if (ownerId === undefined || isHead(actor)) return ownerId;
    if (ownerId === actor.id || ownerId === 'none') return ownerId;
    throw new DealException('FORBIDDEN', 'A Seller sees only their own deals and the inbox');
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (typeof a === 'string' && typeof b === 'string' && /^\d+(\.\d+)?$/.test(a) && /^\d+(\.\d+)?$/.test(b)) {
    return Number(a) === Number(b) && a.replace(/\.?0+$/, '') === b.replace(/\.?0+$/, '');
  }
  return a === b;
}

/** The board's and the list's filters, as the repository takes them. */
function filterOf(q: DealFilters): DealFilter {
  return { source: q.source, minAmount: q.minAmount, maxAmount: q.maxAmount, noNextTask: q.noNextTask, tag: q.tag };
}
