import type { CrmRouter, RoutingOutcome, RoutingQuestion } from '../ports/crm-router.port';
import type { RoutingAnswer, RoutingChannel, SuspendedInvite } from '../ports/routing-channel.port';
import { RoutingRelay } from './routing-relay';

class FakeChannel implements RoutingChannel {
  readonly answers: Array<{ invite: SuspendedInvite; answer: RoutingAnswer }> = [];
  handler!: (q: RoutingQuestion, invite: SuspendedInvite) => void;
  connected = true;
  async start(handler: (q: RoutingQuestion, invite: SuspendedInvite) => void): Promise<void> {
    this.handler = handler;
  }
  answer(invite: SuspendedInvite, answer: RoutingAnswer): boolean {
    if (!this.connected) return false;
    this.answers.push({ invite, answer });
    return true;
  }
  stop(): void {}
}

/** Answers each question when the test says so. */
class ManualCrm implements CrmRouter {
  readonly waiting = new Map<string, (o: RoutingOutcome) => void>();
  route(q: RoutingQuestion): Promise<RoutingOutcome> {
    return new Promise((resolve) => this.waiting.set(q.callId, resolve));
  }
}

const question = (callId: string): RoutingQuestion => ({ callId, from: '+3612345678', to: '+3611111111' });
const flush = () => new Promise((r) => setImmediate(r));

describe('RoutingRelay', () => {
  it('should answer each suspended INVITE with the CRM decision, naming its transaction', async () => {
    const channel = new FakeChannel();
    const crm = new ManualCrm();
    const relay = new RoutingRelay(channel, crm);
    await relay.start();
    channel.handler(question('a'), { tindex: 7, tlabel: 42 });
    await flush();
    crm.waiting.get('a')!({ kind: 'decided', decision: { groups: [{ extensions: ['1001'], timeoutSec: 15 }] } });
    await flush();
    expect(channel.answers).toEqual([
      { invite: { tindex: 7, tlabel: 42 }, answer: { ok: true, decision: { groups: [{ extensions: ['1001'], timeoutSec: 15 }] } } },
    ]);
  });

  it('should not hold back a fast answer behind a slow one', async () => {
    const channel = new FakeChannel();
    const crm = new ManualCrm();
    const relay = new RoutingRelay(channel, crm);
    await relay.start();
    channel.handler(question('slow'), { tindex: 1, tlabel: 1 });
    channel.handler(question('fast'), { tindex: 2, tlabel: 2 });
    await flush();
    expect(relay.pending).toBe(2);
    crm.waiting.get('fast')!({ kind: 'decided', decision: { groups: [] } });
    await flush();
    expect(channel.answers.map((a) => a.invite.tindex)).toEqual([2]);
    crm.waiting.get('slow')!({ kind: 'decided', decision: { groups: [] } });
    await flush();
    expect(channel.answers.map((a) => a.invite.tindex)).toEqual([2, 1]);
    expect(relay.pending).toBe(0);
  });

  it('should answer a CRM failure at once as a failure with its reason', async () => {
    const channel = new FakeChannel();
    const crm = new ManualCrm();
    const relay = new RoutingRelay(channel, crm);
    await relay.start();
    channel.handler(question('x'), { tindex: 3, tlabel: 9 });
    await flush();
    crm.waiting.get('x')!({ kind: 'failed', reason: 'http 500' });
    await flush();
    expect(channel.answers).toEqual([{ invite: { tindex: 3, tlabel: 9 }, answer: { ok: false, reason: 'http 500' } }]);
  });

  it('should carry on when an answer cannot be sent (connection gone)', async () => {
    const channel = new FakeChannel();
    const crm = new ManualCrm();
    const relay = new RoutingRelay(channel, crm);
    await relay.start();
    channel.connected = false;
    channel.handler(question('y'), { tindex: 4, tlabel: 4 });
    await flush();
    crm.waiting.get('y')!({ kind: 'decided', decision: { groups: [] } });
    await flush();
    expect(channel.answers).toHaveLength(0);
    expect(relay.pending).toBe(0);
  });
});
