import { z } from 'zod';
import { Presence, Role } from './auth';
import { CallAnsweredPayload, CallEndedPayload, CallLoggedPayload, CallRingingPayload, CallTakenPayload } from './calls';
import { Id } from './common';
import { CallConversationPayload } from './conversation';
import { Deal } from './deals';
import { ImportProgressPayload } from './imports';
import { CallRecordingState } from './recordings';
import { Notification, Task } from './sales';
import { WrapUp, WrapUpRemovedPayload } from './wrap-ups';

/** A deal moved to another stage (`fromStageId` is where it was). */
export const DealMovedPayload = z.object({ deal: Deal, fromStageId: Id });
export type DealMovedPayload = z.infer<typeof DealMovedPayload>;
/** A deal left this socket's view (deleted, or no longer visible to its user). */
export const DealRemovedPayload = z.object({ id: Id });
export type DealRemovedPayload = z.infer<typeof DealRemovedPayload>;
/** A task was taken away from this socket's user (deleted, or reassigned to someone else). */
export const TaskRemovedPayload = z.object({ id: Id, dealId: Id.nullable() });
export type TaskRemovedPayload = z.infer<typeof TaskRemovedPayload>;
/** Stages were added, renamed, reordered or deleted: refetch pipelines and the board. */
export const PipelineChangedPayload = z.object({ pipelineId: Id });
export type PipelineChangedPayload = z.infer<typeof PipelineChangedPayload>;
/** A user's presence changed; to the Heads and the user's own tabs. */
export const PresenceChangedPayload = z.object({ userId: Id, presence: Presence });
export type PresenceChangedPayload = z.infer<typeof PresenceChangedPayload>;
/**
 * Live figures (reports, the wallboard) may be out of date: refetch those of this scope. Carries no
 * figures, only what kind of thing happened; coalesced per room and scope (at most one per 2 s).
 */
export const FiguresScope = z.enum(['deals', 'calls', 'presence']);
export type FiguresScope = z.infer<typeof FiguresScope>;
export const FiguresChangedPayload = z.object({ scope: FiguresScope });
export type FiguresChangedPayload = z.infer<typeof FiguresChangedPayload>;
/** A wallboard's socket is checked and in the wallboard room (a wallboard has no user: no `ready`). */
export const WallboardReadyPayload = z.object({ name: z.string() });
export type WallboardReadyPayload = z.infer<typeof WallboardReadyPayload>;
/** The socket is authenticated and in its rooms. */
export const SocketReadyPayload = z.object({ userId: Id, role: Role });
export type SocketReadyPayload = z.infer<typeof SocketReadyPayload>;

/**
 * Every event the server sends over socket.io, name -> payload schema. The one list: the backend's
 * RealtimeService and gateway are typed with it, the web app's socket too, and a client can
 * validate what it receives with `ServerToClientSchemas[event]`. There is no catch-all entry: an
 * event not listed here cannot be sent or listened to.
 *
 * Each is sent only to sockets allowed to see the record; a payload carrying a deal (`deal`) is
 * checked against each receiver's visibility and sent with `deal: null` to one who may not see it.
 */
export const ServerToClientSchemas = {
  ready: SocketReadyPayload,
  'deal.created': Deal,
  'deal.updated': Deal,
  'deal.moved': DealMovedPayload,
  'deal.removed': DealRemovedPayload,
  'pipeline.changed': PipelineChangedPayload,
  /** Screen pop, to each ringing rep before they answer. */
  'call.ringing': CallRingingPayload,
  /** To the rep who answered (or placed) the call. */
  'call.answered': CallAnsweredPayload,
  /** To the other ringing reps: someone else took it. */
  'call.taken': CallTakenPayload,
  'call.ended': CallEndedPayload,
  /** A finished call is on its deal's timeline: open deal and contact pages refresh. */
  'call.logged': CallLoggedPayload,
  /** To the rep who owes it: a call's wrap-up is owed (the panel opens), saved or dismissed (other tabs close it). */
  'wrapup.changed': WrapUp,
  /** To the rep: a wrap-up is no longer theirs (the call was transferred on). */
  'wrapup.removed': WrapUpRemovedPayload,
  /** A call's recording changed (recording, paused, stored, failed): to the rep on the call, and to the Heads. */
  'call.recording': CallRecordingState,
  /** A call's conversation figures were computed from its recording: its views refetch them. */
  'call.conversation': CallConversationPayload,
  /** An import's progress (rows done, counts, status): to the user who runs it and to the Heads. */
  'import.progress': ImportProgressPayload,
  'presence.changed': PresenceChangedPayload,
  /** A task was created, edited, rescheduled, completed or reopened; to those who may see it. */
  'task.changed': Task,
  'task.removed': TaskRemovedPayload,
  /** An in-app notification for this user (rules, alerts). */
  notification: Notification,
  /** Reports and the wallboard refetch their figures of this scope. */
  'figures.changed': FiguresChangedPayload,
  /** To a wallboard's socket only, once it is in the wallboard room. */
  'wallboard.ready': WallboardReadyPayload,
} as const satisfies Record<string, z.ZodType>;

/** Event name -> payload type. */
export type ServerToClientEvents = { [K in keyof typeof ServerToClientSchemas]: z.infer<(typeof ServerToClientSchemas)[K]> };
export type ServerToClientEvent = keyof ServerToClientEvents;

/** The same map as socket.io's typed `Server<..>` / `Socket<..>` generics want it: one handler per event. */
export type ServerToClientHandlers = { [K in ServerToClientEvent]: (payload: ServerToClientEvents[K]) => void };

/** The events whose payload carries a deal (`deal: Deal | null`): checked per receiver before sending. */
export type DealCarryingEvent = {
  [K in ServerToClientEvent]: ServerToClientEvents[K] extends { deal: Deal | null } ? (null extends ServerToClientEvents[K]['deal'] ? K : never) : never;
}[ServerToClientEvent];

export const SERVER_TO_CLIENT_EVENTS = Object.keys(ServerToClientSchemas) as ServerToClientEvent[];

/** The client sends nothing over the socket (everything goes through the HTTP API). */
export type ClientToServerHandlers = Record<string, never>;
