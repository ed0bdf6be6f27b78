import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { type Notification, NotificationListQuery } from '@callboard/contracts';
import { type Actor, Authenticated, CurrentUser } from '../../common/access/access.decorators';
import { IdPipe, ZodPipe } from '../../common/validation/zod.pipe';
import { NotificationsService } from './notifications.service';

@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authenticated()
  list(@CurrentUser() actor: Actor, @Query(new ZodPipe(NotificationListQuery)) q: NotificationListQuery): Promise<Notification[]> {
    return this.notifications.list(actor, q);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Authenticated()
  read(@CurrentUser() actor: Actor, @Param('id', IdPipe) id: string): Promise<Notification> {
    return this.notifications.markRead(actor, id);
  }
}
