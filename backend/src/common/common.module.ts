import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, DiscoveryModule } from '@nestjs/core';
import { ActingApiKeyInterceptor } from './access/acting-api-key';
import { AccessGuard } from './access/access.guard';
import { RouteAudit } from './access/route-audit';
import { Cluster } from './cluster/cluster';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { DomainEvents } from './events/domain-events';

/** Platform pieces every module relies on: access, errors, the event bus, the other nodes. */
@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [
    DomainEvents,
    Cluster,
    RouteAudit,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: ActingApiKeyInterceptor },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
  exports: [DomainEvents, RouteAudit, Cluster],
})
export class CommonModule {}
