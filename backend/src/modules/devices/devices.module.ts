import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import './devices-api.doc';
import { DevicesController } from './devices.controller';
import { DevicesListener } from './devices.listener';
import { DevicesRepository } from './devices.repository';
import { DevicesService } from './devices.service';
import { SipRegistrations } from './sip-registrations';

@Module({
  imports: [UsersModule],
  controllers: [DevicesController],
  providers: [DevicesRepository, DevicesService, DevicesListener, SipRegistrations],
  exports: [DevicesService],
})
export class DevicesModule {}
