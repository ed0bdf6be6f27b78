import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../../common/events/domain-events';
import { DevicesService } from './devices.service';

/** When a user's access changes (deactivation among others), their live registrations follow. */
@Injectable()
export class DevicesListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly devices: DevicesService,
  ) {}

  onModuleInit(): void {
    this.events.on('user.access-changed', ({ userId }) => this.devices.dropRegistrationsIfInactive(userId));
  }
}
