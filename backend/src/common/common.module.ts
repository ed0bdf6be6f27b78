import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ActingApiKeyInterceptor } from './access/acting-api-key';
import { AccessGuard } from './access/access.guard';
import { RouteAudit } from './access/route-audit';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { DomainEvents } from './events/domain-events';

/** Platform pieces every module relies on: access, errors, the event bus. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    DomainEvents,
    RouteAudit,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: ActingApiKeyInterceptor },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [DomainEvents, RouteAudit],
})
export class CommonModule {}
