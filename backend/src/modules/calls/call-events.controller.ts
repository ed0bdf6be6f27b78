import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { CallEvent } from '@callboard/contracts';
import { Internal } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { CallsService } from './calls.service';

/** Where the pbx-bridge delivers call events (at least once; applying them is idempotent). */
@Controller('internal/call-events')
export class CallEventsController {
  private readonly logger = new Logger(CallEventsController.name);

  constructor(private readonly calls: CallsService) {}

  @Post()
  @HttpCode(200)
  @Internal()
  async receive(@Body() body: unknown): Promise<{ applied: number; rejected: { index: number; callId: string | null; message: string }[] }> {
    const raw = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > 500) {
      throw new AppException('VALIDATION_FAILED', 'Expected {"events": [...]} with 1 to 500 call events');
    }
    const rejected: { index: number; callId: string | null; message: string }[] = [];
    let applied = 0;
    // Events of one call apply in the order given; different calls do not wait on each other.
    const byCall = new Map<string, { index: number; event: CallEvent }[]>();
    raw.forEach((item, index) => {
      const parsed = CallEvent.safeParse(item);
      if (!parsed.success) {
        const callId = typeof (item as any)?.callId === 'string' ? String((item as any).callId).slice(0, 255) : null;
        const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500);
        this.logger.warn(`call ${callId ?? '?'}: rejected invalid event: ${message}`);
        rejected.push({ index, callId, message });
        return;
      }
      const list = byCall.get(parsed.data.callId) ?? [];
      list.push({ index, event: parsed.data });
      byCall.set(parsed.data.callId, list);
    });
    await Promise.all(
      [...byCall.values()].map(async (events) => {
        for (const { event } of events) {
          await this.calls.apply(event);
          applied++;
        }
      }),
    );
    return { applied, rejected };
  }
}
