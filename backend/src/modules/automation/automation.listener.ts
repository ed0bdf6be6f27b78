import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Cluster } from '../../common/cluster/cluster';
import { DomainEvents, type DomainEventMap } from '../../common/events/domain-events';
import { AutomationEngine } from './automation.engine';
import { RULE_SOURCES, type RuleSource } from './event-intake';
import { OutboxWorker } from './outbox.worker';
import { RulesService } from './rules.service';

/**
 * Hands the domain events rules and timers care about to the durable queue (OutboxWorker).
 * Events a rule caused are already in the outbox, written in the rule's own transaction.
 */
@Injectable()
export class AutomationListener implements OnModuleInit {
  private readonly logger = new Logger(AutomationListener.name);

  constructor(
    private readonly events: DomainEvents,
    private readonly engine: AutomationEngine,
    private readonly worker: OutboxWorker,
    private readonly rules: RulesService,
    private readonly cluster: Cluster,
  ) {}

  onModuleInit(): void {
    for (const event of RULE_SOURCES) {
      this.events.on(event, (payload) => {
        if (this.engine.isPersisted(payload as object)) return this.worker.kick();
        return this.accept(event, payload as never);
      });
    }
    // Stage limits and names live in stages: a pipeline edit (on any node) may change both.
    this.cluster.onAnyNode('pipeline.changed', () => this.rules.reload());
  }

  /** Persists an event for the engine; resolves when it is in the outbox (before the caller acknowledges it). */
  async accept<K extends RuleSource>(event: K, payload: DomainEventMap[K]): Promise<void> {
    try {
      await this.worker.accept(event, payload, this.engine.chainOf(payload as object));
    } catch (err) {
      this.logger.error(`automation: could not queue ${event}`, err instanceof Error ? err.stack : err);
      throw err;
    }
  }

  /** Resolves when no event is being accepted or handled (tests and the tick route wait on it). */
  idle(): Promise<void> {
    return this.worker.idle();
  }
}
