import type { BridgeAlertInput } from '@callboard/contracts';

/** What became of one attempt to raise an alert in the CRM. */
export type AlertOutcome = 'sent' | 'retry' | 'refused';

/** Where the bridge raises alerts a person must see (the CRM notifies its Heads). */
export interface AlertSink {
  send(alert: BridgeAlertInput): Promise<AlertOutcome>;
}
