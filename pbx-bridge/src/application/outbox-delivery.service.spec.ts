import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BridgeAlertInput, CallEvent } from '@callboard/contracts';
import type { AlertSink } from '../ports/alert-sink.port';
import type { CrmSink, DeliveryOutcome, EventVerdict, StoredEvent } from '../ports/crm-sink.port';
import { AlertDispatcher } from './alert-dispatcher';
import { DEAD_LETTER_FILE, DeadLetterFile, type DeadLetter } from './dead-letter-file';
import { EventJournal } from './event-journal';
import { OutboxDeliveryService, type DeliveryOptions } from './outbox-delivery.service';

const ended = (seq: number, callId = `call-${seq}`): CallEvent => ({
  type: 'ended',
  callId,
  hangupBy: 'caller',
  at: '2024-01-01T00:00:00.000Z',
  origin: { pbx: 'kamailio', boot: 'b1', seq },
});
const seqOf = (e: StoredEvent) => (e as CallEvent).origin.seq;

/** A CRM that answers per event with `verdict`, or as a whole with `whole` when set. */
class FakeSink implements CrmSink {
  received: number[][] = [];
  whole: ((events: CallEvent[]) => DeliveryOutcome | null) | null = null;
  verdict: (event: CallEvent, attempt: number) => EventVerdict = () => ({ status: 'accepted' });
  private attempts = new Map<number, number>();
  async deliver(events: readonly StoredEvent[]): Promise<DeliveryOutcome> {
    const list = events as CallEvent[];
    this.received.push(list.map((e) => e.origin.seq));
    const whole = this.whole?.(list);
    if (whole) return whole;
    return {
      kind: 'answered',
      verdicts: list.map((e) => {
        const n = (this.attempts.get(e.origin.seq) ?? 0) + 1;
        this.attempts.set(e.origin.seq, n);
        return this.verdict(e, n);
      }),
    };
  }
  /** Every seq in the order the CRM accepted it. */
  get sent(): number[] {
    return this.received.flat();
  }
}

class FakeAlerts implements AlertSink {
  alerts: BridgeAlertInput[] = [];
  async send(alert: BridgeAlertInput) {
    this.alerts.push(alert);
    return 'sent' as const;
  }
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('OutboxDeliveryService', () => {
  let dir: string;
  let journal: EventJournal;
  let deadLetters: DeadLetterFile;
  let sink: FakeSink;
  let alertSink: FakeAlerts;
  let alerts: AlertDispatcher;
  let service: OutboxDeliveryService;

  async function startService(options: Partial<DeliveryOptions> = {}): Promise<void> {
    service = new OutboxDeliveryService(journal, sink, deadLetters, alerts, {
      batchSize: 100,
      minBackoffMs: 5,
      maxBackoffMs: 20,
      maxAttempts: 1000,
      giveUpAfterMs: 3_600_000,
      ...options,
    });
    service.start();
  }
  const letters = (): DeadLetter[] => {
    const text = readFileSync(join(dir, DEAD_LETTER_FILE), 'utf8');
    return text ? text.trim().split('\n').map((l) => JSON.parse(l) as DeadLetter) : [];
  };
  const pendingSeqs = () => [...journal.entries()].map((e) => e.parsed!.origin.seq);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'delivery-spec-'));
    journal = await EventJournal.open(dir);
    deadLetters = await DeadLetterFile.open(dir, { maxBytes: 1024 * 1024, keep: 2 });
    sink = new FakeSink();
    alertSink = new FakeAlerts();
    alerts = new AlertDispatcher(alertSink, { attempts: 3, retryMs: 5, maxQueued: 100 });
  });
  afterEach(async () => {
    await service.stop();
    await alerts.stop();
    await journal.close();
    await deadLetters.close();
  });

  it('should deliver in batches and empty the journal when the CRM accepts every event', async () => {
    await startService({ batchSize: 2 });
    await journal.append([ended(1), ended(2), ended(3)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    expect(sink.received).toEqual([[1, 2], [3]]);
    expect(letters()).toEqual([]);
  });

  it('should deliver the 98 good events in the first round, dead-letter the rejected one and retry the other later, in call order, while other calls flow', async () => {
    // seq 10 is refused for good; seq 20 (call "slow", its first event) fails once for a passing reason
    sink.verdict = (e, attempt) => {
      if (e.origin.seq === 10) return { status: 'rejected', reason: 'invalid: type: bad' };
      if (e.origin.seq === 20 && attempt === 1) return { status: 'retry', reason: 'deadlock: 40P01' };
      return { status: 'accepted' };
    };
    // long enough that the held event is still waiting when the next events arrive, even on a machine
    // busy with a whole test run (1.5 s was once not enough there)
    await startService({ minBackoffMs: 5000, maxBackoffMs: 5000 });
    const batch = Array.from({ length: 100 }, (_, i) => ended(i + 1, i + 1 === 20 ? 'slow' : `call-${i + 1}`));
    await journal.append(batch);
    service.notify();
    await until(() => journal.pendingCount === 1, 'the first round');
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]).toHaveLength(100);
    expect(pendingSeqs()).toEqual([20]);
    expect(letters()).toMatchObject([{ status: 'rejected', reason: 'invalid: type: bad', callId: 'call-10', type: 'ended', event: { origin: { seq: 10 } } }]);
    await alerts.idle();
    expect(alertSink.alerts).toEqual([
      { kind: 'call-event-dead-lettered', callId: 'call-10', eventType: 'ended', reason: 'rejected: invalid: type: bad' },
    ]);

    // a later event of the waiting call waits too; another call's event goes at once
    await journal.append([ended(201, 'slow'), ended(202, 'other')]);
    service.notify();
    await until(() => sink.sent.includes(202), 'the other call to be delivered');
    expect(sink.sent).not.toContain(201);
    expect(service.heldCount).toBe(1);

    await until(() => journal.pendingCount === 0, 'the held call to be delivered', 15_000);
    const sent = sink.sent;
    expect(sent.lastIndexOf(20)).toBeLessThan(sent.indexOf(201));
    expect(sent.indexOf(202)).toBeLessThan(sent.lastIndexOf(20));
    expect(letters()).toHaveLength(1);
  }, 30_000);

  it('should never send a dead-lettered event again after a restart', async () => {
    sink.verdict = (e) => (e.origin.seq === 2 ? { status: 'rejected', reason: 'invalid: x' } : { status: 'accepted' });
    await startService();
    await journal.append([ended(1), ended(2), ended(3)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    await service.stop();
    await journal.close();

    journal = await EventJournal.open(dir);
    expect(journal.pendingCount).toBe(0);
    sink.received = [];
    await startService();
    await journal.append([ended(4)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'the new event');
    expect(sink.received).toEqual([[4]]);
  });

  it('should dead-letter an event the CRM keeps asking to retry once it ran out of attempts, while the others are accepted', async () => {
    sink.verdict = (e) => (e.origin.seq === 2 ? { status: 'retry', reason: 'timeout' } : { status: 'accepted' });
    await startService({ maxAttempts: 3, giveUpAfterMs: 0 });
    await journal.append([ended(1), ended(2), ended(3)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    expect(sink.sent.filter((s) => s === 2)).toHaveLength(3);
    expect(letters()).toMatchObject([{ status: 'retry-exhausted', attempts: 3, callId: 'call-2' }]);
    expect(letters()[0]!.reason).toContain('timeout');
    await alerts.idle();
    expect(alertSink.alerts.map((a) => a.callId)).toEqual(['call-2']);
  });

  it('should give up nothing while the CRM accepts nothing (an outage is not a bad event)', async () => {
    sink.verdict = () => ({ status: 'retry', reason: 'database down' });
    await startService({ maxAttempts: 1, giveUpAfterMs: 0 });
    await journal.append([ended(1), ended(2)]);
    service.notify();
    await until(() => sink.received.length >= 15, 'a few rounds');
    expect(journal.pendingCount).toBe(2);
    expect(letters()).toEqual([]);
  });

  it('should retry the same events when the CRM cannot be reached, without counting it against them', async () => {
    let failures = 3;
    sink.whole = () => (failures-- > 0 ? { kind: 'retry', detail: 'ECONNREFUSED', server: false } : null);
    await startService({ maxAttempts: 1, giveUpAfterMs: 0 });
    await journal.append([ended(1), ended(2)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    expect(sink.received).toEqual([[1, 2], [1, 2], [1, 2], [1, 2]]);
    expect(letters()).toEqual([]);
  });

  it('should halve a batch the CRM fails with a 500 until the event behind it is found, and deliver every other event', async () => {
    const poison = 37;
    sink.whole = (events) =>
      events.some((e) => e.origin.seq === poison) ? { kind: 'retry', status: 500, detail: 'calls_deal_id_fkey', server: true } : null;
    await startService({ maxAttempts: 2, giveUpAfterMs: 0 });
    await journal.append(Array.from({ length: 100 }, (_, i) => ended(i + 1)));
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    const accepted = new Set(sink.received.filter((b) => !b.includes(poison)).flat());
    expect(accepted.size).toBe(99);
    expect(letters()).toMatchObject([{ status: 'retry-exhausted', callId: `call-${poison}` }]);
    expect(letters()[0]!.reason).toContain('http-500: calls_deal_id_fkey');
    expect(sink.received.length).toBeLessThan(30);
  });

  it('should dead-letter only the refused event when the CRM refuses a whole batch with a 4xx', async () => {
    sink.whole = (events) => (events.some((e) => e.origin.seq === 2) ? { kind: 'rejected', status: 400, detail: 'bad' } : null);
    await startService({ batchSize: 4 });
    await journal.append([ended(1), ended(2), ended(3), ended(4)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    expect(letters()).toMatchObject([{ status: 'rejected', reason: 'http-400: bad', event: { origin: { seq: 2 } } }]);
    expect(new Set(sink.received.filter((b) => !b.includes(2)).flat())).toEqual(new Set([1, 3, 4]));
  });

  it('should send an entry this version cannot read as stored and dead-letter it when the CRM rejects it', async () => {
    sink.deliver = async (events) => {
      sink.received.push(events.map((e) => (e as CallEvent).origin?.seq ?? -1));
      return {
        kind: 'answered',
        verdicts: events.map((e) => ((e as { type?: string }).type === 'exploded' ? { status: 'rejected', reason: 'invalid: type' } : { status: 'accepted' })),
      };
    };
    await startService();
    await journal.appendStored([{ ...ended(1), type: 'exploded' }, ended(2)]);
    service.notify();
    await until(() => journal.pendingCount === 0, 'an empty journal');
    expect(letters()).toMatchObject([{ status: 'rejected', callId: 'call-1', type: 'exploded' }]);
    expect(seqOf(letters()[0]!.event)).toBe(1);
  });
});
