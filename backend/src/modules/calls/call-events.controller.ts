import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { CallEvent, type CallEventResult, type CallEventResults } from '@callboard/contracts';
import { Internal } from '../../common/access/access.decorators';
import { AppException } from '../../common/errors/app.exception';
import { CallsService } from './calls.service';

/**
 * Where the pbx-bridge delivers call events (at least once; applying them is idempotent). A
 * well-formed envelope always gets 200 with one result per event (accepted / rejected / retry):
 * one bad or stuck event never fails its neighbours.
 */
@Controller('internal/call-events')
export class CallEventsController {
  private readonly logger = new Logger(CallEventsController.name);

  constructor(private readonly calls: CallsService) {}

  @Post()
  @HttpCode(200)
  @Internal()
  receive(@Body() body: unknown): Promise<CallEventResults> {
    return this.answer(body, (valid) => this.calls.applyBatch(valid));
  }

  /**
   * The same, applied and then rolled back (nothing kept, nothing published): the bridge sends
   * synthetic calls here when it starts, so the whole delivery path is warm before the first caller.
   */
  @Post('rehearsal')
  @HttpCode(200)
  @Internal()
  rehearse(@Body() body: unknown): Promise<CallEventResults> {
    return this.answer(body, (valid) => this.calls.rehearseBatch(valid));
  }

  private async answer(
    body: unknown,
    apply: (valid: { index: number; event: CallEvent }[]) => Promise<Map<number, CallEventResult>>,
  ): Promise<CallEventResults> {
    const raw = (body as { events?: unknown } | null)?.events;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > 500) {
      throw new AppException('VALIDATION_FAILED', 'Expected {"events": [...]} with 1 to 500 call events');
    }
    const invalid = new Map<number, CallEventResult>();
    const valid: { index: number; event: CallEvent }[] = [];
    raw.forEach((item, index) => {
      const parsed = CallEvent.safeParse(item);
      if (parsed.success) return valid.push({ index, event: parsed.data });
      const id = (item as { callId?: unknown } | null)?.callId;
      const callId = typeof id === 'string' ? id.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 255) : null;
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      this.logger.warn(`call ${callId ? JSON.stringify(callId) : '?'}: rejected invalid event: ${message.slice(0, 400)}`);
      invalid.set(index, { index, callId, status: 'rejected', reason: `invalid: ${message}`.slice(0, 500) });
    });
    const applied = await apply(valid);
    return {
      results: raw.map(
        (_, index) => invalid.get(index) ?? applied.get(index) ?? { index, callId: valid.find((v) => v.index === index)?.event.callId ?? null, status: 'retry', reason: 'no result' },
      ),
    };
  }
}
