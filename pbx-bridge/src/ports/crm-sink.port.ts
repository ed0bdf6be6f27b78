/**
 * An event as the bridge's journal holds it: a CallEvent as this version wrote it, or (written by
 * another version, or by hand) any JSON value; sent as stored, the CRM judges it per event.
 */
export type StoredEvent = unknown;

/** What the CRM said about one event of a delivered batch. */
export type EventVerdict =
  /** Applied, or already applied before (duplicates are accepted). */
  | { status: 'accepted' }
  /** Can never succeed (invalid, impossible): dead-lettered. */
  | { status: 'rejected'; reason: string }
  /** Failed for a passing reason (deadlock, timeout, pool exhausted): that call waits and retries. */
  | { status: 'retry'; reason: string };

/** What the CRM said about one delivery attempt. */
export type DeliveryOutcome =
  /** The CRM answered 2xx: one verdict per event, same order as sent. */
  | { kind: 'answered'; verdicts: EventVerdict[] }
  /** The whole request was refused for its content (400/413/422): the same content cannot succeed as a whole. */
  | { kind: 'rejected'; status: number; detail: string }
  /**
   * The whole request failed for now. `server` is true when the CRM itself answered with an error
   * (500/501/505+: maybe caused by one event in the batch), false when it could not be reached or
   * said it cannot serve (network error, timeout, 502/503/504, a 4xx other than 400/413/422).
   */
  | { kind: 'retry'; status?: number; detail: string; server: boolean };

/** Where call events go: the CRM's internal endpoint today, anything else later. */
export interface CrmSink {
  deliver(events: readonly StoredEvent[]): Promise<DeliveryOutcome>;
}
