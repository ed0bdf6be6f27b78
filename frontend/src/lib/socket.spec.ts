import { SharedSocket, type SocketLike } from './socket';

type Handler = (...args: any[]) => void;

/** Enough of a socket.io client: counts connects/disconnects and lets the test play the server. */
class FakeSocket implements SocketLike {
  connected = false;
  active = false;
  connects = 0;
  disconnects = 0;
  tokens: (string | null)[] = [];
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(private readonly auth: (send: (data: { token: string | null }) => void) => void) {}

  connect() {
    this.connects++;
    this.active = true;
    this.auth((data) => this.tokens.push(data.token));
  }

  disconnect() {
    this.disconnects++;
    this.active = false;
    if (this.connected) {
      this.connected = false;
      this.emit('disconnect', 'io client disconnect');
    }
  }

  on(event: string, handler: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
  }

  off(event: string, handler: Handler) {
    this.handlers.get(event)?.delete(handler);
  }

  emit(event: string, ...args: unknown[]) {
    for (const h of [...(this.handlers.get(event) ?? [])]) h(...args);
  }

  /** The server accepted the handshake. */
  accept() {
    this.connected = true;
    this.emit('connect');
  }

  /** The server's middleware refused the handshake: socket.io stops trying. */
  refuse() {
    this.active = false;
    this.emit('connect_error', new Error('Sign in first'));
  }
}

function setup(token: string | null = 't1') {
  let tokenListener: (t: string | null) => void = () => undefined;
  const created: FakeSocket[] = [];
  const refusedTokens: string[] = [];
  const shared = new SharedSocket<FakeSocket>({
    create: (auth) => {
      const s = new FakeSocket(auth);
      created.push(s);
      return s;
    },
    getToken: () => token,
    onTokenChange: (l) => (tokenListener = l),
    idleMs: 100,
    retryMs: 5000,
    onUnauthenticated: (t) => refusedTokens.push(t),
  });
  return { shared, created, refusedTokens, changeToken: (t: string | null) => tokenListener(t) };
}

describe('SharedSocket', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should hand the token back as ended when the handshake says UNAUTHENTICATED, without retrying', () => {
    const { shared, created, refusedTokens } = setup();
    shared.listen({});
    const socket = created[0]!;
    socket.active = false;
    socket.emit('connect_error', Object.assign(new Error('Your session has ended'), { data: { code: 'UNAUTHENTICATED' } }));
    expect(refusedTokens).toEqual(['t1']);
    jest.advanceTimersByTime(60_000);
    expect(socket.connects).toBe(1);
  });

  it('should ask again within a second when the server closed the socket', () => {
    const { shared, created } = setup();
    shared.listen({});
    const socket = created[0]!;
    socket.accept();
    socket.connected = false;
    socket.active = false;
    socket.emit('disconnect', 'io server disconnect');
    jest.advanceTimersByTime(1000);
    expect(socket.connects).toBe(2);
  });

  it('should open one connection with the stored token when several features listen', () => {
    const { shared, created } = setup();
    shared.listen({ 'deal.created': jest.fn() });
    shared.listen({ 'call.ringing': jest.fn() });
    shared.listen({ 'presence.changed': jest.fn() });
    expect(created).toHaveLength(1);
    expect(created[0]!.connects).toBe(1);
    expect(created[0]!.tokens).toEqual(['t1']);
  });

  it('should deliver each event to the features listening for it, and stop after they stop', () => {
    const { shared, created } = setup();
    const board = jest.fn();
    const team = jest.fn();
    const stopBoard = shared.listen({ 'deal.created': board });
    shared.listen({ 'deal.created': team });
    created[0]!.emit('deal.created', { id: 'd1' });
    stopBoard();
    created[0]!.emit('deal.created', { id: 'd2' });
    expect(board.mock.calls).toEqual([[{ id: 'd1' }]]);
    expect(team.mock.calls).toEqual([[{ id: 'd1' }], [{ id: 'd2' }]]);
  });

  it('should keep the connection while a listener remains and disconnect after the last one stops', () => {
    const { shared, created } = setup();
    const stopA = shared.listen({});
    const stopB = shared.listen({});
    created[0]!.accept();
    stopA();
    jest.advanceTimersByTime(1000);
    expect(created[0]!.disconnects).toBe(0);
    stopB();
    // stopping twice counts once
    stopB();
    jest.advanceTimersByTime(99);
    expect(created[0]!.disconnects).toBe(0);
    jest.advanceTimersByTime(1);
    expect(created[0]!.disconnects).toBe(1);
  });

  it('should keep the connection when the last listener stops and a new one starts within the idle time (a remount)', () => {
    const { shared, created } = setup();
    const stop = shared.listen({});
    created[0]!.accept();
    stop();
    shared.listen({});
    jest.advanceTimersByTime(1000);
    expect(created[0]!.disconnects).toBe(0);
    expect(created[0]!.connects).toBe(1);
  });

  it('should connect again when a feature listens after the socket was closed for being idle', () => {
    const { shared, created } = setup();
    shared.listen({})();
    jest.advanceTimersByTime(100);
    shared.listen({});
    expect(created).toHaveLength(1);
    expect(created[0]!.connects).toBe(2);
  });

  it('should tell a listener that starts late that the socket is already connected', () => {
    const { shared, created } = setup();
    shared.listen({});
    created[0]!.accept();
    const connect = jest.fn();
    shared.listen({ connect });
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('should reconnect with the new token when the token changes (a login)', () => {
    const { shared, created, changeToken } = setup();
    const disconnect = jest.fn();
    shared.listen({ disconnect });
    created[0]!.accept();
    changeToken('t2');
    expect(disconnect).toHaveBeenCalledTimes(1);
    expect(created[0]!.connects).toBe(2);
    expect(created[0]!.tokens).toEqual(['t1', 't2']);
    expect(created).toHaveLength(1);
  });

  it('should disconnect on logout and connect only once a token is back', () => {
    const { shared, created, changeToken } = setup();
    shared.listen({});
    created[0]!.accept();
    changeToken(null);
    expect(created[0]!.disconnects).toBe(1);
    shared.listen({});
    expect(created[0]!.connects).toBe(1);
    changeToken('t3');
    expect(created[0]!.connects).toBe(2);
    expect(created[0]!.tokens).toEqual(['t1', 't3']);
  });

  it('should not connect without a token when the first feature listens', () => {
    const { shared, created } = setup(null);
    shared.listen({});
    expect(created[0]!.connects).toBe(0);
  });

  it('should try again after the retry delay when the server refused the handshake', () => {
    const { shared, created } = setup();
    shared.listen({});
    created[0]!.refuse();
    jest.advanceTimersByTime(4999);
    expect(created[0]!.connects).toBe(1);
    jest.advanceTimersByTime(1);
    expect(created[0]!.connects).toBe(2);
  });

  it('should not retry a refused handshake when nobody listens any more', () => {
    const { shared, created } = setup();
    const stop = shared.listen({});
    created[0]!.refuse();
    stop();
    jest.advanceTimersByTime(10_000);
    expect(created[0]!.connects).toBe(1);
  });
});
