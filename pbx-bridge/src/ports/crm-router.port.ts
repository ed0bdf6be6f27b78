import type { RoutingDecision } from '@callboard/contracts';

/** What Kamailio asks for an inbound call to a sales number (all as the INVITE carried them). */
export interface RoutingQuestion {
  callId: string;
  from: string;
  to: string;
}

/** The CRM's answer, or why there is none (Kamailio then rings every registered phone). */
export type RoutingOutcome = { kind: 'decided'; decision: RoutingDecision } | { kind: 'failed'; reason: string };

/** Whom to ring, asked of the CRM (GET /api/internal/routing). Never throws. */
export interface CrmRouter {
  route(question: RoutingQuestion): Promise<RoutingOutcome>;
}
