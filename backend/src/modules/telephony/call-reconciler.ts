import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { CallEvent } from '@callboard/contracts';
import { Transactions } from '../../common/database/transactions';
import { ENV, type Env } from '../../config/env';
import { CallsService } from '../calls/calls.service';
import { KamailioRpc } from '../../common/sip/kamailio-rpc';
import { RealtimeService } from '../realtime/realtime.service';
import { UsersService } from '../users/users.service';
import { CallReconcilerRepository } from './call-reconciler.repository';
import { liveCallIds, MissingSince } from './live-dialogs';

/** `releaseFromCall` excludes one call from "another call still up"; here there is none to exclude. */
const NO_CALL = '00000000-0000-0000-0000-000000000000';

/** What one sweep did. */
export interface ReconcileResult {
  /** false when the SIP server could not be asked (nothing was changed then). */
  checked: boolean;
  liveDialogs: number;
  /** Call-IDs ended (answered calls) or closed as missed (unanswered ones). */
  endedCalls: string[];
  releasedReps: string[];
}

/**
 * Presence and open calls reconciled against the SIP server's live dialogs (ADR 0015). Events
 * set presence, but no sequence of SIP messages may leave a rep on_call for good: every
 * CALL_RECONCILE_INTERVAL_MS (and on demand, e.g. when the bridge sees Kamailio restart) this
 * reads `dlg.list` over JSON-RPC; an open call with no live dialog is ended through the calls
 * service like any other event (reason "reconciled"), and a rep on_call with no open call is
 * released. Each is done only after CALL_RECONCILE_GRACE_MS of being missing, so an `ended`
 * event on its way wins. The SIP server unreachable: nothing is changed.
 */
@Injectable()
export class CallReconciler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CallReconciler.name);
  private readonly rpc: KamailioRpc | null;
  private readonly calls: MissingSince;
  private readonly reps: MissingSince;
  private interval: NodeJS.Timeout | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private running: Promise<ReconcileResult> | null = null;
  private again = false;
  private unreachable = false;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly repo: CallReconcilerRepository,
    private readonly callsService: CallsService,
    private readonly users: UsersService,
    private readonly realtime: RealtimeService,
    private readonly tx: Transactions,
  ) {
    this.rpc = env.SIP_RPC_URL && env.CALL_RECONCILE_INTERVAL_MS > 0 ? new KamailioRpc(env.SIP_RPC_URL) : null;
    this.calls = new MissingSince(env.CALL_RECONCILE_GRACE_MS);
    this.reps = new MissingSince(env.CALL_RECONCILE_GRACE_MS);
  }

  onApplicationBootstrap(): void {
    if (!this.rpc) return;
    this.interval = setInterval(() => void this.reconcile(), this.env.CALL_RECONCILE_INTERVAL_MS);
    this.interval.unref();
    void this.reconcile();
  }

  beforeApplicationShutdown(): void {
    if (this.interval) clearInterval(this.interval);
    if (this.recheck) clearTimeout(this.recheck);
    this.interval = this.recheck = null;
  }

  /** One sweep now (a sweep already running is followed by one more, never run twice at once). */
  reconcile(): Promise<ReconcileResult> {
    if (!this.rpc) return Promise.resolve({ checked: false, liveDialogs: 0, endedCalls: [], releasedReps: [] });
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.sweep(this.rpc).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.reconcile();
      }
    });
    return this.running;
  }

  private async sweep(rpc: KamailioRpc): Promise<ReconcileResult> {
    const result: ReconcileResult = { checked: false, liveDialogs: 0, endedCalls: [], releasedReps: [] };
    try {
      // the CRM's view first: a call set up after this read cannot be mistaken for a stale one
      const open = await this.repo.openCalls();
      let live: Set<string>;
      try {
        live = liveCallIds(await rpc.call('dlg.list'));
      } catch (err) {
        if (!this.unreachable) this.logger.warn(`SIP server not reachable for reconciling presence: ${(err as Error).message}`);
        this.unreachable = true;
        return result;
      }
      if (this.unreachable) this.logger.log('SIP server reachable again: reconciling presence');
      this.unreachable = false;
      result.checked = true;
      result.liveDialogs = live.size;

      const missing = open.filter((c) => !live.has(c.sipCallId));
      const due = new Set(this.calls.due(missing.map((c) => c.sipCallId), Date.now()));
      for (const call of missing.filter((c) => due.has(c.sipCallId))) {
        if (await this.endCall(call.sipCallId, call.answered)) result.endedCalls.push(call.sipCallId);
        this.calls.forget(call.sipCallId);
      }

      // after the calls: a rep whose call was just ended has been released by it
      const stuck = await this.repo.repsOnCallWithoutCall();
      for (const userId of this.reps.due(stuck, Date.now())) {
        if (await this.release(userId)) result.releasedReps.push(userId);
        this.reps.forget(userId);
      }
    } catch (err) {
      this.logger.error(`reconciling presence failed: ${(err as Error).message}`);
    } finally {
      this.scheduleRecheck();
    }
    return result;
  }

  /** Something waits out its grace period: look again then rather than a whole interval later. */
  private scheduleRecheck(): void {
    if (this.recheck || !this.interval || !(this.calls.pending || this.reps.pending)) return;
    if (this.env.CALL_RECONCILE_GRACE_MS >= this.env.CALL_RECONCILE_INTERVAL_MS) return;
    this.recheck = setTimeout(() => {
      this.recheck = null;
      void this.reconcile();
    }, this.env.CALL_RECONCILE_GRACE_MS + 50);
    this.recheck.unref();
  }

  /** An answered call ends (hang-up by the system); one never answered closes as missed. */
  private async endCall(callId: string, answered: boolean): Promise<boolean> {
    const origin = { pbx: 'crm', boot: 'reconciler', seq: 0 };
    const at = new Date().toISOString();
    const ended = { type: 'ended', callId, origin, at, hangupBy: 'system', reason: 'reconciled' } as const;
    const missed = { type: 'missed', callId, origin, at, reason: 'failed' } as const;
    const event: CallEvent = answered ? ended : missed;
    try {
      await this.callsService.apply(event);
      this.logger.warn(`call ${callId}: open in the CRM with no live dialog in the SIP server: ${answered ? 'ended' : 'closed as missed'} (reconciled)`);
      return true;
    } catch (err) {
      this.logger.error(`call ${callId}: could not be reconciled: ${(err as Error).message}`);
      return false;
    }
  }

  private async release(userId: string): Promise<boolean> {
    const user = await this.tx.run((tx) => this.users.releaseFromCall(userId, NO_CALL, tx));
    if (!user) return false;
    this.logger.warn(`user ${userId}: on_call with no open call and no live dialog: presence back to ${user.presence} (reconciled)`);
    this.realtime.presenceChanged(user);
    return true;
  }
}
