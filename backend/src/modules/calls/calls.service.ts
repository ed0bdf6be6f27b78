import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Call, CallEvent, CallEventResult, CallListQuery, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { isTransient, pgCode, Transactions } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import { AutomationOutboxService } from '../automation/automation-outbox.service';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { UsersService } from '../users/users.service';
import { actorOf, CallDealPolicy, type CallOutcomes } from './call-deal.policy';
import { decide } from './call-facts';
import { CallsRepository, type CallRecord } from './calls.repository';
import { Semaphore } from './semaphore';

/**
 * Records PBX call events. Each event, in one transaction: the call's row is locked (created on
 * its first event), the pure `decide` says what the event changes and which effects are due,
 * the CallDealPolicy applies them through the deals, contacts and users services, and the
 * automation outbox rows of the domain events are written, all before commit. Socket messages
 * and domain events go out after commit. Deadlocks and serialization failures are retried.
 */
@Injectable()
export class CallsService {
  private readonly logger = new Logger(CallsService.name);
  /** Events applied at once in this process: fewer than the pool's connections (others need some too). */
  private readonly inFlight: Semaphore;

  constructor(
    private readonly calls: CallsRepository,
    private readonly deals: DealsService,
    private readonly contacts: ContactsService,
    private readonly users: UsersService,
    private readonly policy: CallDealPolicy,
    private readonly automation: AutomationOutboxService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    @Inject(ENV) private readonly env: Env,
  ) {
    this.inFlight = new Semaphore(Math.max(1, env.DATABASE_POOL_MAX - 2));
  }

  /**
   * Applies a delivered batch and answers per event. The events of one call go in one
   * transaction, in the order given (one lock, one save, one commit); if that fails they are
   * applied one by one so each gets its own answer, and once one must be retried the call's
   * later events wait too (answered `retry`). Different calls run in parallel, bounded by the
   * process-wide limit.
   */
  async applyBatch(items: { index: number; event: CallEvent }[]): Promise<Map<number, CallEventResult>> {
    const results = new Map<number, CallEventResult>();
    const byCall = new Map<string, { index: number; event: CallEvent }[]>();
    for (const item of items) byCall.set(item.event.callId, [...(byCall.get(item.event.callId) ?? []), item]);
    await Promise.all(
      [...byCall.values()].map((events) =>
        this.inFlight.run(async () => {
          if (events.length > 1) {
            const failure = await this.applyCall(events.map((e) => e.event)).then(
              () => null,
              (err: unknown) => err ?? new Error('failed'),
            );
            if (!failure) {
              for (const { index, event } of events) results.set(index, { index, callId: event.callId, status: 'accepted' });
              return;
            }
            // A failure that is not about the events (timeout, deadlock, no connection): the first
            // is answered `retry`, the rest wait behind it. Otherwise find the culprit one by one.
            if (!isPermanent(failure)) {
              const [first, ...rest] = events;
              results.set(first.index, this.failed(first.index, first.event, failure));
              for (const { index, event } of rest) {
                results.set(index, { index, callId: event.callId, status: 'retry', reason: `waiting: an earlier event of this call (#${first.index}) is to be retried` });
              }
              return;
            }
            this.logger.warn(`call ${events[0].event.callId}: ${events.length} events together failed (PostgreSQL ${pgCode(failure)}); one by one`);
          }
          let held: string | null = null;
          for (const { index, event } of events) {
            const callId = event.callId;
            if (held) {
              results.set(index, { index, callId, status: 'retry', reason: `waiting: an earlier event of this call (${held}) is to be retried` });
              continue;
            }
            results.set(index, await this.applyOne(index, event));
            if (results.get(index)!.status === 'retry') held = `#${index}`;
          }
        }),
      ),
    );
    return results;
  }

  private async applyOne(index: number, event: CallEvent): Promise<CallEventResult> {
    try {
      await this.apply(event);
      return { index, callId: event.callId, status: 'accepted' };
    } catch (err) {
      return this.failed(index, event, err);
    }
  }

  private failed(index: number, event: CallEvent, err: unknown): CallEventResult {
    const callId = event.callId;
    const code = pgCode(err);
    const message = (err instanceof Error ? err.message : String(err)).replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 300);
    const permanent = isPermanent(err);
    this.logger.error(
      `call ${callId}: ${event.type} ${permanent ? 'rejected' : 'to be retried'} (PostgreSQL ${code ?? 'none'}): ${message}`,
      permanent && err instanceof Error ? err.stack : undefined,
    );
    return permanent
      ? { index, callId, status: 'rejected', reason: `failed: ${code} ${message}`.slice(0, 500) }
      : { index, callId, status: 'retry', reason: `${isTransient(err) ? 'transient' : 'error'}: ${code ?? ''} ${message}`.slice(0, 500) };
  }

  list(actor: Actor, query: CallListQuery): Promise<Call[]> {
    return this.calls.list(actor, query);
  }

  /** One event (the bridge's batches go through applyBatch; the reconciler ends calls here). */
  apply(event: CallEvent): Promise<void> {
    return this.applyCall([event]);
  }

  /** Events of ONE call, in order, in one transaction. */
  private async applyCall(incoming: CallEvent[]): Promise<void> {
    const callId = incoming[0].callId;
    if (incoming.some((e) => e.callId !== callId)) throw new Error('applyCall: events of different calls');
    // Resolved before the transaction: nothing inside it may wait for a second pool connection.
    const users = new Map<string, User | null>();
    const extensionOf = (e: CallEvent) => ('extension' in e ? (e.extension ?? null) : null);
    for (const e of incoming) {
      const extension = extensionOf(e);
      if (extension && !users.has(extension)) users.set(extension, await this.users.findByExtension(extension));
    }
    const userOf = (e: CallEvent) => users.get(extensionOf(e) ?? '') ?? null;
    const events: CallEvent[] = [];
    for (const e of incoming) events.push(await this.vetNamedDeal(e, userOf(e)));
    const { pending, notices } = await this.tx.run(
      async (tx) => {
        // built per try: a retried transaction starts from nothing
        const out: CallOutcomes = { pending: new PendingEvents(), notices: [] };
        const call = await this.calls.lockOrCreate(callId, tx);
        const changes: Partial<CallRecord> = {};
        for (const event of events) {
          const decision = decide(call, event, userOf(event), (n) => this.contacts.normalize(n));
          Object.assign(call, decision.changes);
          Object.assign(changes, decision.changes, await this.policy.apply(call, decision.effects, tx, out));
        }
        await this.calls.save(call.id, changes, tx);
        // the rules' outbox rows commit with the change they announce (a crash cannot split them)
        await this.automation.persistWithin(out.pending, tx);
        return out;
      },
      { retry: true, label: `call ${callId}` },
    );
    // Test hook (refused outside NODE_ENV=test): die where a crash used to lose the rule's event.
    if (this.env.TEST_CRASH_POINT === 'call-committed' && pending.entries().length > 0) {
      this.logger.warn(`call ${callId}: TEST_CRASH_POINT call-committed: killing the process after commit`);
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    }
    pending.publish(this.events);
    for (const notice of notices) {
      try {
        await notice();
      } catch (err) {
        this.logger.error(`call ${callId}: a realtime message failed`, err instanceof Error ? err.stack : err);
      }
    }
  }

  /**
   * `X-Callboard-Deal` comes from a phone: never trusted. The deal must exist, not be deleted,
   * and be visible to the user whose extension placed the (outbound) call; otherwise the call is
   * recorded without it and the attempt is logged. Checked before any write.
   */
  private async vetNamedDeal(event: CallEvent, user: User | null): Promise<CallEvent> {
    if (event.type !== 'offered' || !event.dealId) return event;
    const refuse = (reason: string): CallEvent => {
      this.logger.warn(
        `call ${event.callId}: X-Callboard-Deal ${event.dealId} from extension ${event.extension ?? '?'} (user ${user?.id ?? 'unknown'}) ignored: ${reason}`,
      );
      return { ...event, dealId: null };
    };
    if (event.direction !== 'outbound') return refuse('only an outbound call may name its deal');
    if (!user) return refuse('no user has that extension');
    const deal = await this.deals.findById(event.dealId);
    if (!deal) return refuse('no such deal');
    if (!this.deals.canSee(actorOf(user), deal)) return refuse('the caller may not see that deal');
    return event;
  }
}

/**
 * Bad data or a broken constraint will fail the same way every time (a unique violation may be a
 * race lost, so it is tried again); anything else may pass later.
 */
function isPermanent(err: unknown): boolean {
  const code = pgCode(err);
  return !!code && /^(22|23|42)/.test(code) && code !== '23505' && !isTransient(err);
}
