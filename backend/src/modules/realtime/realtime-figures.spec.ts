import { RealtimeService, type TypedServer, userRoom } from './realtime.service';

// Nest ships as ES modules, which this CommonJS unit run cannot load; the service needs only these two.
jest.mock('@nestjs/common', () => ({
  Injectable: () => () => undefined,
  Logger: class {
    debug() {}
    warn() {}
    error() {}
  },
}));

/** Records which rooms each event was sent to. */
function setup() {
  const sent: { rooms: string[]; event: string; payload: unknown }[] = [];
  const server = {
    to: (rooms: string | string[]) => ({
      except: () => undefined,
      emit: (event: string, payload: unknown) => sent.push({ rooms: ([] as string[]).concat(rooms), event, payload }),
    }),
  };
  const realtime = new RealtimeService({ findById: async () => null });
  realtime.attach(server as unknown as TypedServer);
  const hints = () => sent.filter((s) => s.event === 'figures.changed').map((s) => `${s.rooms.join(',')}|${(s.payload as { scope: string }).scope}`);
  return { realtime, sent, hints };
}

afterEach(() => jest.useRealTimers());

describe('RealtimeService figures hints', () => {
  it('should send a hint to each given room and always to the wallboards', () => {
    jest.useFakeTimers();
    const { realtime, hints } = setup();
    realtime.figuresChanged(['role:head', userRoom('a')], 'deals');
    expect(hints()).toEqual(['role:head|deals', 'user:a|deals', 'wallboard|deals']);
    realtime.onModuleDestroy();
  });

  it('should hint presence to the Heads and the wallboards only, never to the user\'s own room', () => {
    jest.useFakeTimers();
    const { realtime, hints, sent } = setup();
    realtime.presenceChanged({ id: 'a', presence: 'busy' });
    expect(sent.find((s) => s.event === 'presence.changed')?.rooms).toEqual(['role:head', 'user:a']);
    expect(hints()).toEqual(['role:head|presence', 'wallboard|presence']);
    realtime.onModuleDestroy();
  });

  it('should fold a burst into a trailing hint 2 s later, per room and scope', () => {
    jest.useFakeTimers();
    const { realtime, hints } = setup();
    for (let i = 0; i < 20; i++) realtime.figuresChanged([userRoom('a')], 'calls');
    realtime.figuresChanged([userRoom('a')], 'deals');
    expect(hints()).toEqual(['user:a|calls', 'wallboard|calls', 'user:a|deals', 'wallboard|deals']);
    jest.advanceTimersByTime(1999);
    expect(hints()).toHaveLength(4);
    jest.advanceTimersByTime(1);
    expect(hints().slice(4)).toEqual(['user:a|calls', 'wallboard|calls']);
    realtime.onModuleDestroy();
  });
});
