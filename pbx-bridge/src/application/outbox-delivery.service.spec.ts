import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@callboard/contracts';
import type { CrmSink, DeliveryOutcome } from '../ports/crm-sink.port';
import { EventJournal } from './event-journal';
import { OutboxDeliveryService } from './outbox-delivery.service';

const ended = (seq: number): CallEvent => ({
  type: 'ended',
  callId: `call-${seq}`,
  hangupBy: 'caller',
  at: '2024-01-01T00:00:00.000Z',
  origin: { pbx: 'kamailio', boot: 'b1', seq },
});

class FakeSink implements CrmSink {
  received: CallEvent[][] = [];
  outcomes: ((events: CallEvent[]) => DeliveryOutcome)[] = [];
  fallback: (events: CallEvent[]) => DeliveryOutcome = () => ({ kind: 'delivered' });
  async deliver(events: CallEvent[]): Promise<DeliveryOutcome> {
    this.received.push(events);
    return (this.outcomes.shift() ?? this.fallback)(events);
  }
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('OutboxDeliveryService', () => {
  let journal: EventJournal;
  let sink: FakeSink;
  let service: OutboxDeliveryService;

  beforeEach(async () => {
    journal = await EventJournal.open(mkdtempSync(join(tmpdir(), 'delivery-spec-')));
    sink = new FakeSink();
    service = new OutboxDeliveryService(journal, sink, { batchSize: 2, minBackoffMs: 5, maxBackoffMs: 20 });
    service.start();
  });
  afterEach(async () => {
    await service.stop();
    await journal.close();
  });

  it('should deliver in batches and empty the journal when the CRM accepts', async () => {
    await journal.append([ended(1), ended(2), ended(3)]);
    service.notify();
    await until(() => journal.pendingCount === 0);
    expect(sink.received.map((b) => b.map((e) => e.origin.seq))).toEqual([[1, 2], [3]]);
  });

  it('should retry the same batch when the CRM fails, until it accepts', async () => {
    sink.outcomes = [() => ({ kind: 'retry', status: 503, detail: '' }), () => ({ kind: 'retry', detail: 'ECONNREFUSED' })];
    await journal.append([ended(1)]);
    service.notify();
    await until(() => journal.pendingCount === 0);
    expect(sink.received).toHaveLength(3);
    expect(sink.received.every((b) => b[0]!.origin.seq === 1)).toBe(true);
  });

  it('should drop only the refused event when the CRM rejects a batch with a 4xx', async () => {
    sink.fallback = (events) =>
      events.some((e) => e.origin.seq === 2) ? { kind: 'rejected', status: 400, detail: 'bad' } : { kind: 'delivered' };
    await journal.append([ended(1), ended(2)]);
    service.notify();
    await until(() => journal.pendingCount === 0);
    const deliveredAlone = sink.received.filter((b) => b.length === 1).map((b) => b[0]!.origin.seq);
    expect(deliveredAlone).toEqual([1, 2]);
  });
});
