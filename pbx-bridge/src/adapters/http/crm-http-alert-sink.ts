import { BridgeAlert, type BridgeAlertInput } from '@callboard/contracts';
import type { AlertOutcome, AlertSink } from '../../ports/alert-sink.port';
import { BackendPool } from './backend-pool';

const RETRYABLE_4XX = new Set([401, 408, 429]);

/** POST {node}/api/internal/alerts with the service token, failing over across the pool's nodes: the CRM notifies its Heads. */
export class CrmHttpAlertSink implements AlertSink {
  private readonly pool: BackendPool;

  constructor(
    backend: string | BackendPool,
    private readonly serviceToken: string,
    private readonly timeoutMs = 5000,
  ) {
    this.pool = typeof backend === 'string' ? new BackendPool([backend]) : backend;
  }

  async send(alert: BridgeAlertInput): Promise<AlertOutcome> {
    const body = BridgeAlert.safeParse(alert);
    if (!body.success) return 'refused';
    const json = JSON.stringify(body.data);
    // a status of 0: no answer at all
    const { status } = await this.pool.request(
      (node) => this.post(node, json),
      ({ status: s }) => (s === 0 || s === 502 || s === 503 || s === 504 ? 'down' : s >= 500 ? 'failed' : 'answered'),
    );
    if (status >= 200 && status < 300) return 'sent';
    return status >= 400 && status < 500 && !RETRYABLE_4XX.has(status) ? 'refused' : 'retry';
  }

  private async post(node: string, json: string): Promise<{ status: number }> {
    try {
      const res = await fetch(`${node}/api/internal/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.serviceToken}` },
        body: json,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.text().catch(() => '');
      return { status: res.status };
    } catch {
      return { status: 0 };
    }
  }
}
