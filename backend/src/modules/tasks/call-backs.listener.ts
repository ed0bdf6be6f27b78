import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events';
import { TasksService } from './tasks.service';

/**
 * A deal nobody owned got an owner (taken from the board, answered on its next call, assigned by a
 * Head or a rule): its unclaimed call-backs follow the new owner and leave the other Sellers' lists.
 * After commit, in a transaction of its own; until it runs they stay visible to the owner anyway.
 */
@Injectable()
export class CallBacksListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.events.on('deal.changed', ({ deal, before, audience }) => {
      if (before.ownerId === null && audience.ownerId !== null) return this.tasks.giveCallBacksToOwner(deal.id, audience.ownerId, before);
    });
  }
}
