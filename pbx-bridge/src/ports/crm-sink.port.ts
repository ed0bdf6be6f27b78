import type { CallEvent } from '@callboard/contracts';

/** What the CRM said about one delivery attempt. */
export type DeliveryOutcome =
  /** Accepted (2xx). */
  | { kind: 'delivered' }
  /** Refused for good (4xx other than 401/408/429): retrying the same content cannot help. */
  | { kind: 'rejected'; status: number; detail: string }
  /** Worth retrying later (5xx, 401/408/429, network error, timeout). */
  | { kind: 'retry'; status?: number; detail: string };

/** Where call events go: the CRM's internal endpoint today, anything else later. */
export interface CrmSink {
  deliver(events: CallEvent[]): Promise<DeliveryOutcome>;
}
