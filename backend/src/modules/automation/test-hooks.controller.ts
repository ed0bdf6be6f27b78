import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { TestClockRequest, TestEventsRequest, type TestEventRequest } from '@callboard/contracts';
import { Internal } from '../../common/access/access.decorators';
import { Clock } from '../../common/clock/clock';
import { AppException } from '../../common/errors/app.exception';
import { DomainEvents } from '../../common/events/domain-events';
import { ZodPipe } from '../../common/validation/zod.pipe';
import { MailerService } from '../notifications/mailer.service';
import { AutomationEngine } from './automation.engine';
import { AutomationListener } from './automation.listener';
import { AutomationScheduler } from './automation.scheduler';

/**
 * Service-token routes. `tick` waits for events in flight, then runs a scheduler pass now (operations, tests); `test/*` exist only
 * under NODE_ENV=test: a movable clock and telephony events as the calls module emits them (accepted once in the outbox).
 */
@Controller('internal')
export class TestHooksController {
  constructor(
    private readonly clock: Clock,
    private readonly events: DomainEvents,
    private readonly scheduler: AutomationScheduler,
    private readonly mailer: MailerService,
    private readonly listener: AutomationListener,
    private readonly engine: AutomationEngine,
  ) {}

  @Post('automation/tick')
  @HttpCode(200)
  @Internal()
  async tick(): Promise<{ timers: number; emails: number }> {
    // Let events being handled (and the events their rules caused) settle first.
    await this.listener.idle();
    const timers = await this.scheduler.tick();
    await this.listener.idle();
    return { timers, emails: await this.mailer.flush() };
  }

  @Post('test/clock')
  @HttpCode(200)
  @Internal()
  shift(@Body(new ZodPipe(TestClockRequest)) body: TestClockRequest) {
    return this.clock.shift(body);
  }

  @Post('test/events')
  @HttpCode(202)
  @Internal()
  async emit(@Body(new ZodPipe(TestEventsRequest)) body: TestEventsRequest): Promise<{ accepted: true }> {
    if (!this.clock.testable) throw new AppException('ROUTE_NOT_FOUND', 'No such route');
    const at = this.clock.now();
    const events = 'events' in body ? body.events : [body];
    // 202 only once every event is in the durable queue; the bus then tells everyone else.
    const accepted = await Promise.all(events.map((b) => this.accept(b, at)));
    for (const emit of accepted) emit();
    return { accepted: true };
  }

  private async accept(b: TestEventRequest, at: Date): Promise<() => void> {
    if (b.event === 'call.answered') {
      const payload = { callId: b.callId, dealId: b.dealId, userId: b.userId ?? null, direction: b.direction, at };
      await this.listener.accept('call.answered', payload);
      this.engine.markPersisted(payload);
      return () => this.events.emit('call.answered', payload);
    }
    const payload = { callId: b.callId, dealId: b.dealId, direction: b.direction, reason: b.reason ?? 'no_answer', at };
    await this.listener.accept('call.missed', payload);
    this.engine.markPersisted(payload);
    return () => this.events.emit('call.missed', payload);
  }
}
