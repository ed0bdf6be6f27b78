import { z } from 'zod';
import { Deal } from './deals';
import { Id } from './common';
import { Notification, Task } from './sales';

/** socket.io events the server sends; each only to sockets allowed to see the record. */
export const DealMovedPayload = z.object({ deal: Deal, fromStageId: Id });
export const DealRemovedPayload = z.object({ id: Id });
/** A task was taken away from this socket's user (deleted, or reassigned to someone else). */
export const TaskRemovedPayload = z.object({ id: Id, dealId: Id.nullable() });
export type TaskRemovedPayload = z.infer<typeof TaskRemovedPayload>;

export interface ServerToClientEvents {
  'deal.created': (deal: Deal) => void;
  'deal.updated': (deal: Deal) => void;
  'deal.moved': (payload: z.infer<typeof DealMovedPayload>) => void;
  'deal.removed': (payload: z.infer<typeof DealRemovedPayload>) => void;
  /** Stages were added, renamed, reordered or deleted: refetch pipelines and the board. */
  'pipeline.changed': (payload: { pipelineId: string }) => void;
  'call.ringing': (payload: import('./calls').CallRingingPayload) => void;
  'call.answered': (payload: z.infer<typeof import('./calls').CallAnsweredPayload>) => void;
  'call.taken': (payload: z.infer<typeof import('./calls').CallTakenPayload>) => void;
  'call.ended': (payload: z.infer<typeof import('./calls').CallEndedPayload>) => void;
  'presence.changed': (payload: { userId: string; presence: string }) => void;
  /** A task was created, edited, rescheduled, completed or reopened; to its assignee and the Heads. */
  'task.changed': (task: Task) => void;
  'task.removed': (payload: TaskRemovedPayload) => void;
  /** An in-app notification for this user (rules, alerts). */
  notification: (notification: Notification) => void;
  [event: string]: (...args: any[]) => void;
}

export const REALTIME_EVENTS = ['deal.created', 'deal.updated', 'deal.moved', 'deal.removed', 'pipeline.changed'] as const;
