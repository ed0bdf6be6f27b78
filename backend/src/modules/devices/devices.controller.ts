import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { CreateDeviceRequest, type CreatedDevice, type Device, ListDevicesQuery } from '@callboard/contracts';
import type { Request } from 'express';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { DevicesService } from './devices.service';

@Controller('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(ListDevicesQuery)) query: ListDevicesQuery): Promise<Device[]> {
    return this.devices.list(actor, query.userId);
  }

  @Post()
  @Authenticated()
  create(@CurrentUser() actor: Actor, @Body(new ZodPipe(CreateDeviceRequest)) body: CreateDeviceRequest, @Req() req: Request): Promise<CreatedDevice> {
    return this.devices.create(actor, body, { host: req.hostname, localAddress: req.socket.localAddress });
  }

  @Delete(':id')
  @Authenticated()
  @HttpCode(204)
  remove(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<void> {
    return this.devices.remove(actor, id);
  }
}
