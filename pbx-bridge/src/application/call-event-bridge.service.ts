import type { CallEvent } from '@callboard/contracts';
import { Logger } from '../common/logger';
import type { PbxEventSource } from '../ports/pbx-event-source.port';
import type { AlertDispatcher } from './alert-dispatcher';
import type { DeadLetterFile } from './dead-letter-file';
import type { EventJournal } from './event-journal';
import type { OutboxDeliveryService } from './outbox-delivery.service';

/** PBX -> journal (durable) -> CRM. */
export class CallEventBridgeService {
  private readonly logger = new Logger(CallEventBridgeService.name);

  constructor(
    private readonly source: PbxEventSource,
    private readonly journal: EventJournal,
    private readonly delivery: OutboxDeliveryService,
    private readonly deadLetters: DeadLetterFile,
    private readonly alerts: AlertDispatcher,
  ) {}

  async start(): Promise<void> {
    this.delivery.start();
    await this.source.start((events) => this.accept(events));
    this.logger.info('bridge started', { undelivered: this.journal.pendingCount });
  }

  async stop(): Promise<void> {
    await this.source.stop();
    await this.delivery.stop();
    await this.alerts.stop();
    await this.journal.close();
    await this.deadLetters.close();
    this.logger.info('bridge stopped');
  }

  private async accept(events: CallEvent[]): Promise<void> {
    await this.journal.append(events);
    this.delivery.notify();
  }
}
