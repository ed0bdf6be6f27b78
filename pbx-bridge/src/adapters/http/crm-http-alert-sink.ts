import { BridgeAlert, type BridgeAlertInput } from '@callboard/contracts';
import type { AlertOutcome, AlertSink } from '../../ports/alert-sink.port';

const RETRYABLE_4XX = new Set([401, 408, 429]);

/** POST {backendUrl}/api/internal/alerts with the service token: the CRM notifies its Heads. */
export class CrmHttpAlertSink implements AlertSink {
  private readonly url: string;

  constructor(
    backendUrl: string,
    private readonly serviceToken: string,
    private readonly timeoutMs = 5000,
  ) {
    this.url = `${backendUrl.replace(/\/+$/, '')}/api/internal/alerts`;
  }

  async send(alert: BridgeAlertInput): Promise<AlertOutcome> {
    const body = BridgeAlert.safeParse(alert);
    if (!body.success) return 'refused';
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.serviceToken}` },
        body: JSON.stringify(body.data),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.text().catch(() => '');
      if (res.ok) return 'sent';
      return res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status) ? 'refused' : 'retry';
    } catch {
      return 'retry';
    }
  }
}
