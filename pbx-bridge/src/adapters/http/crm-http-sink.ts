import { z } from 'zod';
import type { CrmSink, DeliveryOutcome, EventVerdict, StoredEvent } from '../../ports/crm-sink.port';
import { BackendPool, type NodeVerdict } from './backend-pool';

/**
 * Refusals of the content: the batch is halved until the refused event is alone. Any other 4xx
 * (401 token, 404 wrong URL, 429 ...) says nothing about the events: retried as an outage, so a
 * misconfigured URL never dead-letters the journal.
 */
const CONTENT_4XX = new Set([400, 413, 422]);
/** The CRM (or a proxy in front) says it cannot serve now: nothing to do with the events sent. */
const UNAVAILABLE_5XX = new Set([502, 503, 504]);

// The per-event answer (INTERFACES A; the backend's CallEventResults in @callboard/contracts once
// that lands). Parsed loosely here on purpose: anything unexpected in one item means "retry it".
const CallEventResultsAnswer = z.object({
  results: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      status: z.enum(['accepted', 'rejected', 'retry']),
      reason: z.string().optional(),
    }),
  ),
});
/** The answer before per-event results: `{applied, rejected: [{index, message}]}` (rejected = invalid). */
const LegacyAnswer = z.object({
  rejected: z.array(z.object({ index: z.number().int().nonnegative(), message: z.string().optional() })),
});

/** The CRM's endpoints for call events: the real one, and the rehearsal (applied, then rolled back). */
export const CALL_EVENTS_PATH = '/api/internal/call-events';
export const REHEARSAL_PATH = '/api/internal/call-events/rehearsal';

/**
 * POST {node}/api/internal/call-events (or `path`) with the service token, to the pool's current
 * node; a node that cannot serve it passes the batch on to the next one at once (ADR 0038: the
 * CRM applies each event once, so a batch a dying node may have committed can be sent again).
 */
export class CrmHttpSink implements CrmSink {
  private readonly pool: BackendPool;

  constructor(
    backend: string | BackendPool,
    private readonly serviceToken: string,
    private readonly timeoutMs = 5000,
    private readonly path = CALL_EVENTS_PATH,
  ) {
    this.pool = typeof backend === 'string' ? new BackendPool([backend]) : backend;
  }

  deliver(events: readonly StoredEvent[]): Promise<DeliveryOutcome> {
    const body = JSON.stringify({ events });
    return this.pool.request((node) => this.post(node, body, events.length), nodeVerdictOf);
  }

  private async post(node: string, body: string, count: number): Promise<DeliveryOutcome> {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${node}${this.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.serviceToken}` },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await res.text();
    } catch (e) {
      return { kind: 'retry', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e), server: false };
    }
    if (res.status >= 200 && res.status < 300) return { kind: 'answered', verdicts: verdictsOf(text, count) };
    if (CONTENT_4XX.has(res.status)) {
      return { kind: 'rejected', status: res.status, detail: text.slice(0, 500) };
    }
    return {
      kind: 'retry',
      status: res.status,
      detail: text.slice(0, 200),
      server: res.status >= 500 && !UNAVAILABLE_5XX.has(res.status),
    };
  }
}

/**
 * A 4xx is about the request (or the token), the same on every node: no failover. No answer or
 * 502-504: the node cannot serve. Another 5xx may be the node or one event: tried elsewhere too.
 */
function nodeVerdictOf(outcome: DeliveryOutcome): NodeVerdict {
  if (outcome.kind !== 'retry' || (outcome.status !== undefined && outcome.status < 500)) return 'answered';
  return outcome.server ? 'failed' : 'down';
}

/** One verdict per event sent, from a 2xx body of either shape; no per-event answer at all = all accepted. */
export function verdictsOf(text: string, count: number): EventVerdict[] {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const hasKey = (key: string) => typeof body === 'object' && body !== null && key in body;
  if (hasKey('results')) {
    const parsed = CallEventResultsAnswer.safeParse(body);
    const verdicts: EventVerdict[] = Array.from({ length: count }, () => ({
      status: 'retry',
      reason: parsed.success ? 'no-result: the CRM sent no result for this event' : 'malformed-answer: unreadable results from the CRM',
    }));
    if (!parsed.success) return verdicts;
    for (const r of parsed.data.results) {
      if (r.index >= count) continue;
      verdicts[r.index] =
        r.status === 'accepted' ? { status: 'accepted' } : { status: r.status, reason: (r.reason ?? r.status).slice(0, 1000) };
    }
    return verdicts;
  }
  const verdicts: EventVerdict[] = Array.from({ length: count }, () => ({ status: 'accepted' }));
  const legacy = LegacyAnswer.safeParse(body);
  if (legacy.success) {
    for (const r of legacy.data.rejected) {
      if (r.index < count) verdicts[r.index] = { status: 'rejected', reason: `invalid: ${(r.message ?? '').slice(0, 1000)}` };
    }
  }
  return verdicts;
}
