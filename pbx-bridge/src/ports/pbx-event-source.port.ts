import type { CallEvent } from '@callboard/contracts';

/**
 * Where call events come from (Kamailio evapi today; Asterisk ARI, FreeSWITCH ESL or a webhook
 * later). The source hands over normalised, validated events and waits for `handler` to resolve
 * (= the event is durably stored) before it treats them as consumed.
 */
export interface PbxEventSource {
  start(handler: (events: CallEvent[]) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}
