import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallEvent } from '@callboard/contracts';
import type { CrmSink, DeliveryOutcome, StoredEvent } from '../ports/crm-sink.port';
import { rehearseDelivery } from './delivery-rehearsal';

/** A CRM stand-in that records what reached it; the real endpoint is covered by backend/test/warm-up.int-spec.ts. */
class RecordingSink implements CrmSink {
  batches: StoredEvent[][] = [];
  constructor(private readonly answer: (events: readonly StoredEvent[]) => DeliveryOutcome = (events) => ({ kind: 'answered', verdicts: events.map(() => ({ status: 'accepted' as const })) })) {}
  async deliver(events: readonly StoredEvent[]): Promise<DeliveryOutcome> {
    this.batches.push([...events]);
    return this.answer(events);
  }
}

describe('rehearseDelivery', () => {
  it('should send every synthetic call through the journal and delivery as valid events, offered before missed, and leave no files', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cb-rehearsal-'));
    const sink = new RecordingSink();
    const result = await rehearseDelivery(sink, dataDir, 25, 'kamailio');
    const events = sink.batches.flat();
    expect(result).toMatchObject({ calls: 25, accepted: 50, stopped: null });
    expect(events).toHaveLength(50);
    for (const e of events) expect(CallEvent.safeParse(e).success).toBe(true);
    const byCall = new Map<string, string[]>();
    for (const e of events as CallEvent[]) byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e.type]);
    expect(byCall.size).toBe(25);
    for (const types of byCall.values()) expect(types).toEqual(['offered', 'missed']);
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('should stop early, without throwing, when the CRM cannot be reached', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cb-rehearsal-'));
    const sink = new RecordingSink(() => ({ kind: 'retry', detail: 'ECONNREFUSED', server: false }));
    const started = Date.now();
    const result = await rehearseDelivery(sink, dataDir, 200, 'kamailio');
    expect(result.stopped).toMatch(/not reachable/);
    expect(result.accepted).toBe(0);
    expect(sink.batches.length).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(readdirSync(dataDir)).toEqual([]);
  });
});
