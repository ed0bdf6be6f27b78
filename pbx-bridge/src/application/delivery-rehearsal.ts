import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '../common/logger';
import { normaliseCallEvent } from '../domain/call-event-normaliser';
import { RawPbxEvent } from '../domain/raw-pbx-event';
import type { CrmSink } from '../ports/crm-sink.port';
import { DeadLetterFile } from './dead-letter-file';
import { EventJournal } from './event-journal';
import { OutboxDeliveryService } from './outbox-delivery.service';

export interface RehearsalResult {
  calls: number;
  /** Events the CRM accepted (applied and rolled back). */
  accepted: number;
  ms: number;
  /** Why it stopped early (the CRM unreachable, a refusal), or null. */
  stopped: string | null;
}

/** Events appended at a time: deliveries of about this size, as a busy minute makes them. */
const CHUNK_CALLS = 10;
/** A rehearsal never holds the start up longer than this. */
const DEADLINE_MS = 15_000;

/**
 * Before the bridge takes Kamailio's events: synthetic calls (a new caller's `offered`, then its
 * `missed`) go the whole way a real one goes here (parsed and normalised as Kamailio's JSON, the
 * fsync'd journal, the delivery loop, HTTP) to the CRM's rehearsal endpoint, which applies them in
 * full and rolls them back. The first real calls after a start then run code V8 has compiled, over
 * a warm connection (issue 12: they took ~300 ms each at 50 calls/s, the next ones ~30 ms). Its own
 * journal in a temporary folder under `dataDir`, removed after; nothing reaches the real journal.
 * Never fails the start: a CRM that cannot be reached ends it early.
 */
export async function rehearseDelivery(sink: CrmSink, dataDir: string, calls: number, pbxName: string): Promise<RehearsalResult> {
  const logger = new Logger('DeliveryRehearsal');
  const started = performance.now();
  const dir = await mkdtemp(join(dataDir, 'rehearsal-'));
  const journal = await EventJournal.open(dir);
  const deadLetters = await DeadLetterFile.open(dir, { maxBytes: 1024 * 1024, keep: 1 });
  let accepted = 0;
  let stopped: string | null = null;
  const counting: CrmSink = {
    deliver: async (events) => {
      const outcome = await sink.deliver(events);
      if (outcome.kind === 'answered') accepted += outcome.verdicts.filter((v) => v.status === 'accepted').length;
      else stopped ??= outcome.kind === 'retry' ? `CRM not reachable (${outcome.status ?? outcome.detail})` : `refused (HTTP ${outcome.status})`;
      return outcome;
    },
  };
  const delivery = new OutboxDeliveryService(journal, counting, deadLetters, null, {
    batchSize: 100,
    minBackoffMs: 200,
    maxBackoffMs: 1000,
    maxAttempts: 1,
    giveUpAfterMs: 0,
  });
  delivery.start();
  const deadline = Date.now() + DEADLINE_MS;
  const boot = `rehearsal-${randomUUID()}`;
  let seq = 0;
  try {
    for (let done = 0; done < calls && !stopped && Date.now() < deadline; done += CHUNK_CALLS) {
      const raws = Array.from({ length: Math.min(CHUNK_CALLS, calls - done) }, (_, i) => syntheticCall(boot, () => ++seq, done + i)).flat();
      const events = raws.flatMap((line) => {
        const raw = RawPbxEvent.safeParse(JSON.parse(line));
        const normalised = raw.success ? normaliseCallEvent(raw.data, pbxName) : null;
        return normalised?.ok ? [normalised.event] : [];
      });
      await journal.append(events);
      delivery.notify();
      while (journal.pendingCount > 0 && !stopped && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await delivery.stop();
    await journal.close();
    await deadLetters.close();
    await rm(dir, { recursive: true, force: true });
  }
  const result = { calls, accepted, ms: Math.round(performance.now() - started), stopped };
  if (stopped) logger.warn('delivery rehearsal ended early; the first calls may be slower', { ...result });
  else logger.info('delivery rehearsed', { ...result });
  return result;
}

/** One synthetic call as Kamailio's evapi sends it: offered, then missed (JSON lines). */
function syntheticCall(boot: string, nextSeq: () => number, n: number): string[] {
  const callId = `rehearsal-${randomUUID()}`;
  const ts = (Date.now() / 1000).toFixed(6);
  const from = `+3610${String(8_000_000 + n)}`;
  return [
    JSON.stringify({ boot, seq: nextSeq(), type: 'offered', callId, ts, direction: 'inbound', from, fromNameHex: '52656865617273616c', to: '+3612345678' }),
    JSON.stringify({ boot, seq: nextSeq(), type: 'missed', callId, ts, reason: 'no_answer' }),
  ];
}
