import { Injectable, OnModuleInit } from '@nestjs/common';
import { dealRooms as roomsFor, HEADS_ROOM, userRoom } from '../../common/access/deal-visibility';
import { DomainEvents, type TaskAudienceSnapshot } from '../../common/events/domain-events';
import { callRooms, RealtimeService } from './realtime.service';

/** A task's rooms: the Heads and its assignee; an unassigned task goes where its deal goes (`dealRooms`). */
export function taskRooms(a: TaskAudienceSnapshot): string[] {
  if (a.assigneeId) return [HEADS_ROOM, userRoom(a.assigneeId)];
  return a.deal ? roomsFor(a.deal) : [HEADS_ROOM];
}

/** Turns domain events into socket events, each sent only to the rooms allowed to see it. */
@Injectable()
export class RealtimeListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly realtime: RealtimeService,
  ) {}

  onModuleInit(): void {
    this.events.on('deal.created', ({ deal, audience }) => {
      this.realtime.toRooms(roomsFor(audience), 'deal.created', deal);
      this.realtime.figuresChanged(roomsFor(audience), 'deals');
    });

    this.events.on('deal.changed', ({ deal, before, audience, fromStageId }) => {
      const now = roomsFor(audience);
      const lost = roomsFor(before).filter((room) => !now.includes(room));
      // Sockets that could see it and no longer can hear only that it is gone; a socket in
      // both (a Seller in the inbox room who just took the card) hears the update instead.
      if (lost.length) this.realtime.toRooms(lost, 'deal.removed', { id: deal.id }, now);
      if (fromStageId) this.realtime.toRooms(now, 'deal.moved', { deal, fromStageId });
      else this.realtime.toRooms(now, 'deal.updated', deal);
      // moved, won, lost, reassigned: the figures of those who saw it before and of those who see it now
      this.realtime.figuresChanged([...now, ...lost], 'deals');
    });

    this.events.on('deal.removed', ({ dealId, before }) => {
      this.realtime.toRooms(roomsFor(before), 'deal.removed', { id: dealId });
      this.realtime.figuresChanged(roomsFor(before), 'deals');
    });

    // Call figures: the Heads and the reps of the call (no deal is named, so nothing leaks).
    this.events.on('call.answered', ({ userId }) => this.realtime.figuresChanged(callRooms(userId), 'calls'));
    this.events.on('call.missed', ({ userId }) => this.realtime.figuresChanged(callRooms(userId), 'calls'));
    this.events.on('call.ended', ({ userId }) => this.realtime.figuresChanged(callRooms(userId), 'calls'));

    this.events.on('task.changed', ({ task, audience, before }) => {
      const now = taskRooms(audience);
      // A task reassigned away from someone leaves their lists.
      const lost = before ? taskRooms(before).filter((room) => !now.includes(room)) : [];
      if (lost.length) this.realtime.toRooms(lost, 'task.removed', { id: task.id, dealId: task.dealId }, now);
      this.realtime.toRooms(now, 'task.changed', task);
    });

    this.events.on('task.removed', ({ taskId, dealId, before }) => {
      this.realtime.toRooms(taskRooms(before), 'task.removed', { id: taskId, dealId });
    });

    this.events.on('pipeline.changed', (payload) => this.realtime.toEveryone('pipeline.changed', payload));

    // Deactivated or re-roled users reconnect, and are re-checked, or refused.
    this.events.on('user.access-changed', ({ userId }) => this.realtime.disconnectUser(userId));
    this.events.on('sessions.revoked', ({ sessionIds }) => this.realtime.disconnectSessions(sessionIds));
  }
}
