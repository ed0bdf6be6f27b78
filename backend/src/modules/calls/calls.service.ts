import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Call, CallEvent, CallEventResult, CallExportQuery, CallListQuery, User } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { isTransient, pgCode, rehearsing, Transactions, type Tx } from '../../common/database/transactions';
import { DomainEvents } from '../../common/events/domain-events';
import { PendingEvents } from '../../common/events/pending-events';
import { ENV, type Env } from '../../config/env';
import type { Words } from '../../i18n/catalogue';
import { AutomationOutboxService } from '../automation/automation-outbox.service';
import { WebhookOutboxService } from '../webhooks/webhook-outbox.service';
import { ContactsService } from '../contacts/contacts.service';
import { DealsService } from '../deals/deals.service';
import { Translator } from '../i18n/translator.service';
import { UsersService } from '../users/users.service';
import { actorOf, CallDealPolicy, type CallOutcomes } from './call-deal.policy';
import { decide } from './call-facts';
import { type CallExportRow, CallsRepository, type CallRecord } from './calls.repository';
import { Semaphore } from './semaphore';

/**
 * Records PBX call events. Each event, in one transaction: the call's row is locked (created on
 * its first event), the pure `decide` says what the event changes and which effects are due,
 * the CallDealPolicy applies them through the deals, contacts and users services, and the
 * automation outbox rows of the domain events are written, all before commit. Socket messages
 * and domain events go out after commit. Deadlocks and serialization failures are retried.
 */
/** A call's events with what they need from outside the transaction. */
interface Prepared {
  callId: string;
  events: CallEvent[];
  userOf: (e: CallEvent) => User | null;
  /** A number to E.164 in the team's phone region (read before the transaction). */
  normalize: (number: string | null | undefined) => string | null;
  /** The team's words, for the titles the system writes (read before the transaction). */
  words: Words;
}


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
    private readonly webhooks: WebhookOutboxService,
    private readonly tx: Transactions,
    private readonly events: DomainEvents,
    private readonly translator: Translator,
    @Inject(ENV) private readonly env: Env,
  ) {
    this.inFlight = new Semaphore(Math.max(1, env.DATABASE_POOL_MAX - 2));
  }

  /**
   * Applies a delivered batch and answers per event. Its calls go in slices of up to
   * CALL_GROUP_COMMIT (16), each slice in one transaction (one commit); a slice that fails is applied
   * call by call: the events of one call together, else one by one so each gets its own answer, and
   * once one must be retried the call's later events wait too (answered `retry`). Slices run in
   * parallel, bounded by the process-wide limit.
   */
  async applyBatch(items: { index: number; event: CallEvent }[]): Promise<Map<number, CallEventResult>> {
    const results = new Map<number, CallEventResult>();
    const byCall = new Map<string, { index: number; event: CallEvent }[]>();
    for (const item of items) byCall.set(item.event.callId, [...(byCall.get(item.event.callId) ?? []), item]);
    // One call's events: as before (together, else one by one). Slices of several calls: together
    // in one transaction first; if that fails, each call on its own as above.
    const oneCall = async (events: { index: number; event: CallEvent }[]): Promise<void> => {
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
    };
    const calls = [...byCall.values()];
    const slices: (typeof calls)[] = [];
    // Calls of one delivered batch go in one transaction, CALL_GROUP_COMMIT at most: one commit (one
    // WAL flush) for all of them instead of one each; see docs/performance.md.
    const perSlice = this.env.CALL_GROUP_COMMIT;
    for (let i = 0; i < calls.length; i += perSlice) slices.push(calls.slice(i, i + perSlice));
    await Promise.all(
      slices.map((slice) =>
        this.inFlight.run(async () => {
          if (slice.length > 1) {
            const together = await this.applyCalls(slice.map((events) => events.map((e) => e.event))).then(
              () => true,
              (err: unknown) => {
                this.logger.warn(`${slice.length} calls together failed (PostgreSQL ${pgCode(err) ?? 'none'}); each on its own`);
                return false;
              },
            );
            if (together) {
              for (const events of slice) for (const { index, event } of events) results.set(index, { index, callId: event.callId, status: 'accepted' });
              return;
            }
          }
          for (const events of slice) await oneCall(events);
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

  /**
   * A batch applied in full (calls, deals, contacts, tasks, rules) and then rolled back: nothing is
   * kept or published. The boot warm-up and the bridge's (POST /api/internal/call-events/rehearsal)
   * run the code of a real delivery through it before the first caller.
   */
  async rehearseBatch(items: { index: number; event: CallEvent }[]): Promise<Map<number, CallEventResult>> {
    return (await this.tx.rolledBack(() => this.applyBatch(items))) ?? new Map();
  }

  list(actor: Actor, query: CallListQuery): Promise<Call[]> {
    return this.calls.list(actor, query);
  }

  /** Every call of the history with these filters, as the history shows them to `actor` (the export). */
  async exportRows(actor: Actor, query: CallExportQuery): Promise<AsyncIterable<CallExportRow>> {
    return this.calls.exportRows(actor, query);
  }

  /** One event (the bridge's batches go through applyBatch; the reconciler ends calls here). */
  apply(event: CallEvent): Promise<void> {
    return this.applyCall([event]);
  }

  /** Events of ONE call, in order, in one transaction. */
  private async applyCall(incoming: CallEvent[]): Promise<void> {
    await this.applyCalls([incoming]);
  }

  /**
   * Several calls' events in ONE transaction (each call's in order, calls in Call-ID order): one
   * commit for all of them. A failure rolls all of them back (the caller then tries them apart).
   */
  private async applyCalls(groups: CallEvent[][]): Promise<void> {
    // Call-ID order: two transactions holding some of the same calls lock them in the same order
    const sorted = [...groups].sort((a, b) => (a[0].callId < b[0].callId ? -1 : a[0].callId > b[0].callId ? 1 : 0));
    const prepared = await Promise.all(sorted.map((incoming) => this.prepare(incoming)));
    const label = prepared.length === 1 ? `call ${prepared[0].callId}` : `${prepared.length} calls (${prepared[0].callId}, ...)`;
    const rehearsal = rehearsing();
    let outcome: CallOutcomes;
    try {
      outcome = await this.tx.run(
        async (tx) => {
          // built per try: a retried transaction starts from nothing
          const out: CallOutcomes = { pending: new PendingEvents(), notices: [] };
          for (const call of prepared) await this.applyWithin(call, tx, out);
          // the rules' outbox rows commit with the change they announce (a crash cannot split them)
          const rows = await this.automation.persistWithin(out.pending, tx);
          // and so do the webhooks' deliveries (deal.created of a new caller, call.*)
          await this.webhooks.persistWithin(out.pending, tx);
          // a rehearsal (warm-up) runs the rules on them here, as the drainer would after commit
          if (rehearsal) await this.automation.rehearseWithin(rows, tx);
          return out;
        },
        { retry: true, label },
      );
    } catch (err) {
      // a rehearsal's transaction did all its work and was rolled back: nothing to publish
      if (rehearsal && Transactions.isRolledBack(err)) return;
      throw err;
    }
    const { pending, notices } = outcome;
    // Test hook (refused outside NODE_ENV=test): die where a crash used to lose the rule's event.
    if (this.env.TEST_CRASH_POINT === 'call-committed' && pending.entries().length > 0) {
      this.logger.warn(`${label}: TEST_CRASH_POINT call-committed: killing the process after commit`);
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined);
    }
    pending.publish(this.events);
    for (const notice of notices) {
      try {
        await notice();
      } catch (err) {
        this.logger.error(`${label}: a realtime message failed`, err instanceof Error ? err.stack : err);
      }
    }
  }

  /** What a call's events need from outside the transaction: its users and a vetted deal id. */
  private async prepare(incoming: CallEvent[]): Promise<Prepared> {
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
    return { callId, events, userOf, normalize: await this.contacts.normalizer(), words: await this.translator.teamWords() };
  }

  private async applyWithin({ callId, events, userOf, normalize, words }: Prepared, tx: Tx, out: CallOutcomes): Promise<void> {
    const call = await this.calls.lockOrCreate(callId, tx, events[0]?.type === 'offered');
    const changes: Partial<CallRecord> = {};
    for (const event of events) {
      const decision = decide(call, event, userOf(event), normalize);
      Object.assign(call, decision.changes);
      Object.assign(changes, decision.changes, await this.policy.apply(call, decision.effects, tx, out, words));
    }
    await this.calls.save(call.id, changes, tx);
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
