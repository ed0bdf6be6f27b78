import { z } from 'zod';
import * as C from '@callboard/contracts';

/** One documented route: the schemas it reads and answers with. */
export interface RouteDoc {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

const page = <T extends z.ZodType>(item: T) => C.Page(item);

/** The REST API, route by route. A test fails when a route exists that is not listed here. */
export const API: Record<string, RouteDoc> = {
  'GET /api/health': { summary: 'Liveness, database and SIP WebSocket check', response: C.Health },
  'GET /api/tls': { summary: 'How this server is reached over https and whether it offers a CA to trust', response: C.TlsInfo },
  'GET /api/tls/ca.pem': { summary: 'The local certificate authority to trust (PEM; 404 when there is none)' },
  'POST /api/auth/login': { summary: 'Sign in; rate-limited', body: C.LoginRequest, response: C.LoginResponse },
  'GET /api/auth/me': { summary: 'The signed-in user', response: C.User },
  'PUT /api/auth/language': {
    summary: "Set the signed-in user's own language (en, hu, id, ro, he); null follows the team's",
    body: C.UpdateMyLanguageRequest,
    response: C.User,
  },
  'GET /api/users': { summary: 'Users (Heads: all; Sellers: active colleagues)', response: z.array(C.User) },
  'POST /api/users': { summary: 'Create a user (Head)', body: C.CreateUserRequest, response: C.User, status: 201 },
  'PATCH /api/users/{id}': { summary: 'Change name, role, password, or deactivate (Head)', body: C.UpdateUserRequest, response: C.User },
  'GET /api/pipelines': { summary: 'Pipelines with their stages in order', response: z.array(C.Pipeline) },
  'POST /api/pipelines/{id}/stages': { summary: 'Add a stage (Head)', body: C.CreateStageRequest, response: C.Stage, status: 201 },
  'POST /api/pipelines/{id}/stages/reorder': { summary: 'Reorder stages (Head)', body: C.ReorderStagesRequest, response: C.Pipeline },
  'PATCH /api/stages/{id}': { summary: 'Rename or regroup a stage (Head)', body: C.UpdateStageRequest, response: C.Stage },
  'DELETE /api/stages/{id}': { summary: 'Delete a stage, moving its deals out (Head)', body: C.DeleteStageRequest, status: 204 },
  'GET /api/board': { summary: 'First page of every column with counts and amounts', query: C.BoardQuery, response: C.Board },
  'GET /api/deals': { summary: 'Deals, filtered and paged by cursor', query: C.DealListQuery, response: page(C.Deal) },
  'POST /api/deals': { summary: 'Create a deal', body: C.CreateDealRequest, response: C.Deal, status: 201 },
  'GET /api/deals/{id}': { summary: 'One deal', response: C.Deal },
  'GET /api/deals/{id}/events': { summary: "The deal's timeline, newest first", response: z.array(C.DealEvent) },
  'PATCH /api/deals/{id}': { summary: 'Edit a deal', body: C.UpdateDealRequest, response: C.Deal },
  'POST /api/deals/{id}/move': { summary: 'Move a deal to a stage and position', body: C.MoveDealRequest, response: C.Deal },
  'DELETE /api/deals/{id}': { summary: 'Delete a deal (Heads only; a Seller gets 403)', status: 204 },
  'GET /api/contacts': { summary: 'Search contacts by name, email or a phone in any format', query: C.ContactListQuery, response: page(C.Contact) },
  'POST /api/contacts': { summary: 'Create a contact', body: C.CreateContactRequest, response: C.Contact, status: 201 },
  'GET /api/contacts/{id}': { summary: 'One contact', response: C.Contact },
  'PATCH /api/contacts/{id}': { summary: 'Edit a contact (Head: any; Seller: their own, or of a deal they own; read-only through an unowned inbox deal: 403 CONTACT_NOT_EDITABLE)', body: C.UpdateContactRequest, response: C.Contact },
  'GET /api/calls': { summary: 'Call history (Head: all; Seller: calls on deals they may see, and calls they answered or placed)', query: C.CallListQuery, response: z.array(C.Call) },
  'GET /api/telephony/credentials': { summary: 'Short-lived SIP credentials for the signed-in user', response: C.TelephonyCredentials },
  'PUT /api/telephony/presence': { summary: 'Set own presence', body: C.SetPresenceRequest, response: C.User },
  'GET /api/telephony/settings': { summary: 'Call routing settings (Head)', response: C.RoutingSettings },
  'PUT /api/telephony/settings': { summary: 'Change call routing settings (Head)', body: C.RoutingSettings, response: C.RoutingSettings },
  'POST /api/calls/{callId}/transfer': {
    summary: 'Transfer a live call (SIP Call-ID, inbound or outbound) to another rep, blind or attended (with `consult`: the Refer-To carries Replaces): the Refer-To with a single-use token (ADR 0005)',
    body: C.TransferCallRequest,
    response: C.TransferCallResponse,
    status: 201,
  },
  'GET /api/internal/routing': {
    summary: 'Whom the SIP server should ring (service token); with ?transfer=<token> the verdict on a transfer INVITE',
    response: z.union([C.RoutingDecision, C.TransferRoutingDecision]),
  },
  'POST /api/internal/call-events': {
    summary: 'Call events from the pbx-bridge (service token): 200 with one result per event (accepted / rejected / retry)',
    body: C.CallEventBatch,
    response: C.CallEventResults,
  },
};

/** Registers more routes (other modules document theirs here). */
export function documentRoutes(routes: Record<string, RouteDoc>): void {
  Object.assign(API, routes);
}
