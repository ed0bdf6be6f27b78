import type { BridgeAlertInput } from '@callboard/contracts';
import type { AlertOutcome, AlertSink } from '../ports/alert-sink.port';
import { AlertDispatcher } from './alert-dispatcher';

const alert = (callId: string): BridgeAlertInput => ({ kind: 'call-event-dead-lettered', callId, eventType: 'ended', reason: 'rejected: x' });

class ScriptedSink implements AlertSink {
  calls: string[] = [];
  constructor(private readonly outcomes: AlertOutcome[]) {}
  async send(a: BridgeAlertInput): Promise<AlertOutcome> {
    this.calls.push(a.callId!);
    return this.outcomes.shift() ?? 'sent';
  }
}

describe('AlertDispatcher', () => {
  it('should retry an alert a few times and then go on with the next one', async () => {
    const sink = new ScriptedSink(['retry', 'retry', 'retry', 'sent']);
    const d = new AlertDispatcher(sink, { attempts: 3, retryMs: 1, maxQueued: 10 });
    d.raise(alert('a'));
    d.raise(alert('b'));
    await d.idle();
    expect(sink.calls).toEqual(['a', 'a', 'a', 'b']);
    await d.stop();
  });

  it('should return at once from raise and drop what passes the queue bound when the CRM hangs', async () => {
    let sent = 0;
    const d = new AlertDispatcher({ send: () => new Promise(() => sent++) }, { attempts: 3, retryMs: 1, maxQueued: 5 });
    const t0 = Date.now();
    for (let i = 0; i < 1000; i++) d.raise(alert(`c${i}`));
    expect(Date.now() - t0).toBeLessThan(500);
    expect(sent).toBe(1);
  });
});
