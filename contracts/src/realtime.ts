import { z } from 'zod';
import { Deal } from './deals';
import { Id } from './common';

/** socket.io events the server sends; each only to sockets allowed to see the record. */
export const DealMovedPayload = z.object({ deal: Deal, fromStageId: Id });
export const DealRemovedPayload = z.object({ id: Id });

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
  [event: string]: (...args: any[]) => void;
}

export const REALTIME_EVENTS = ['deal.created', 'deal.updated', 'deal.moved', 'deal.removed', 'pipeline.changed'] as const;
