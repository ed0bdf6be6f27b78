import { CallSetupError } from '../utils/call-refusal';
import { PhoneLeadership, type PhoneLeadershipEvents } from './phone-leadership';

// Node has BroadcastChannel (delivered between instances of one process) but no navigator.locks:
// a started PhoneLeadership leads alone, one that is never started plays the tab without the phone.

let users = 0;

function tabs(onCallRequest: PhoneLeadershipEvents['onCallRequest']) {
  const userId = `user-${++users}`;
  const events = (): PhoneLeadershipEvents => ({ onLead: jest.fn(), onLose: jest.fn(async () => undefined), onMirror: jest.fn(), onCallRequest });
  const holderEvents = events();
  const holder = new PhoneLeadership(userId, holderEvents);
  const otherEvents = events();
  const other = new PhoneLeadership(userId, otherEvents);
  holder.start();
  return { holder, other, holderEvents, otherEvents };
}

describe('PhoneLeadership between tabs', () => {
  const open: PhoneLeadership[] = [];
  afterEach(() => open.splice(0).forEach((t) => t.stop()));

  it('should have the holder place a call another tab asks for, with its deal', async () => {
    const onCallRequest = jest.fn(async () => undefined);
    const { holder, other } = tabs(onCallRequest);
    open.push(holder, other);
    expect(holder.isLeader).toBe(true);
    await other.requestCall('+36301112222', 'deal-1');
    expect(onCallRequest).toHaveBeenCalledWith('+36301112222', 'deal-1');
  });

  it('should reject the asking tab with the holder’s reason when the holder cannot place the call', async () => {
    const { holder, other } = tabs(async () => {
      throw new CallSetupError('call_in_progress', 'A call is already in progress');
    });
    open.push(holder, other);
    // the reason crosses as a code: the asking tab words it in its own language
    await expect(other.requestCall('+36301112222', null)).rejects.toMatchObject({ problem: 'call_in_progress' });
  });

  it('should mirror the holder’s published state in the other tab', async () => {
    const { holder, other, otherEvents } = tabs(async () => undefined);
    open.push(holder, other);
    const mirrored = new Promise((resolve) => (otherEvents.onMirror as jest.Mock).mockImplementation(resolve));
    const mirror = { state: 'ready', call: null, error: null } as never;
    holder.publish(mirror);
    expect(await mirrored).toEqual(mirror);
  });

  it('should refuse to forward a call from the tab that holds the phone itself', async () => {
    const { holder, other } = tabs(async () => undefined);
    open.push(holder, other);
    await expect(holder.requestCall('+36301112222', null)).rejects.toMatchObject({ problem: 'no_holder' });
  });

  it('should give up with a reason when no tab answers the request in time', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick', 'setImmediate'] });
    try {
      const alone = new PhoneLeadership(`user-${++users}`, { onLead: jest.fn(), onLose: jest.fn(), onMirror: jest.fn(), onCallRequest: jest.fn() });
      open.push(alone);
      const asked = alone.requestCall('+36301112222', null);
      jest.advanceTimersByTime(15_000);
      await expect(asked).rejects.toMatchObject({ problem: 'holder_silent' });
    } finally {
      jest.useRealTimers();
    }
  });
});
