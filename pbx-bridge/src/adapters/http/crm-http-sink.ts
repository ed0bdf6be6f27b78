import type { CallEvent, CallEventBatch } from '@callboard/contracts';
import type { CrmSink, DeliveryOutcome } from '../../ports/crm-sink.port';

const RETRYABLE_4XX = new Set([401, 408, 429]);

/** POST {backendUrl}/api/internal/call-events with the service token. */
export class CrmHttpSink implements CrmSink {
  private readonly url: string;

  constructor(
    backendUrl: string,
    private readonly serviceToken: string,
    private readonly timeoutMs = 5000,
  ) {
    this.url = `${backendUrl.replace(/\/+$/, '')}/api/internal/call-events`;
  }

  async deliver(events: CallEvent[]): Promise<DeliveryOutcome> {
    const body: CallEventBatch = { events };
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.serviceToken}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return { kind: 'retry', detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
    }
    const text = await res.text().catch(() => '');
    if (res.status >= 200 && res.status < 300) return { kind: 'delivered' };
    if (res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status)) {
      return { kind: 'rejected', status: res.status, detail: text };
    }
    return { kind: 'retry', status: res.status, detail: text.slice(0, 200) };
  }
}
