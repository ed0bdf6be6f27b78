import type { Deal, DealCarryingEvent } from '@callboard/contracts';
import type { Actor } from '../../common/access/access.decorators';
import { actorRooms } from '../../common/access/deal-visibility';
import { type DealAudienceSource, RealtimeService, type TypedServer, userRoom } from './realtime.service';

// Nest ships as ES modules, which this CommonJS unit run cannot load; the service needs only these two.
jest.mock('@nestjs/common', () => ({
  Injectable: () => () => undefined,
  Logger: class {
    debug() {}
    warn() {}
    error() {}
  },
}));

interface Sent {
  to: string;
  event: string;
  payload: any;
}

/** Enough of socket.io's server: rooms (as `actorRooms` gives them) of fake sockets that record what they are sent. */
class FakeServer {
  readonly sent: Sent[] = [];
  private readonly sockets: { actor: Actor; rooms: string[] }[] = [];

  connect(actor: Actor): void {
    this.sockets.push({ actor, rooms: actorRooms(actor) });
  }

  to(rooms: string | string[], except: string[] = []) {
    const list = ([] as string[]).concat(rooms);
    return {
      except: (more: string | string[]) => this.to(list, except.concat(more)),
      emit: (event: string, payload: unknown) => {
        for (const s of this.sockets) {
          if (s.rooms.some((r) => list.includes(r)) && !s.rooms.some((r) => except.includes(r))) this.sent.push({ to: s.actor.id, event, payload });
        }
      },
    };
  }
}

const alice: Actor = { id: '00000000-0000-4000-8000-00000000000a', role: 'seller', name: 'Alice' };
const bob: Actor = { id: '00000000-0000-4000-8000-00000000000b', role: 'seller', name: 'Bob' };
const head: Actor = { id: '00000000-0000-4000-8000-00000000000c', role: 'head', name: 'Head' };

const deal = (ownerId: string | null): Deal => ({ id: '00000000-0000-4000-8000-0000000000d1', ownerId } as Deal);

function setup(row: { ownerId: string | null; stageGroup: string } | null) {
  const server = new FakeServer();
  for (const a of [alice, bob, head]) server.connect(a);
  let reads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const deals = {
    findById: async () => {
      reads++;
      await gate;
      return row;
    },
  } satisfies DealAudienceSource;
  const realtime = new RealtimeService(deals);
  realtime.attach(server as unknown as TypedServer);
  return { server, realtime, release, reads: () => reads };
}

describe('RealtimeService', () => {
  it('should withhold a deal (and its contact) from a receiver who may not see it, when the payload carries one', async () => {
    const { server, realtime, release } = setup({ ownerId: bob.id, stageGroup: 'active' });
    const payload = { callId: 'c1', from: '+3612345', fromName: null, contact: { id: 'x', name: 'Client' }, deal: deal(bob.id) };
    const sending = realtime.toUsers([alice.id, bob.id, head.id], 'call.ringing', payload);
    release();
    await sending;
    const to = (id: string) => server.sent.find((s) => s.to === id)!.payload;
    expect(to(alice.id)).toEqual({ ...payload, deal: null, contact: null });
    expect(to(bob.id)).toEqual(payload);
    expect(to(head.id)).toEqual(payload);
  });

  it('should check against the deal as it is now, not as the payload says', async () => {
    // the payload still names Alice, but the deal is Bob's by now
    const { server, realtime, release } = setup({ ownerId: bob.id, stageGroup: 'active' });
    const sending = realtime.toUsers([alice.id], 'call.answered', { callId: 'c2', deal: deal(alice.id), direction: 'inbound', contact: { id: 'k1', name: 'Kim' } });
    release();
    await sending;
    expect(server.sent).toEqual([{ to: alice.id, event: 'call.answered', payload: { callId: 'c2', deal: null, direction: 'inbound', contact: null } }]);
  });

  it('should send an unowned inbox deal to every Seller, and nothing of a deleted one to anybody', async () => {
    const inbox = setup({ ownerId: null, stageGroup: 'inbox' });
    const p1 = inbox.realtime.toUsers([alice.id, bob.id], 'call.answered', { callId: 'c3', deal: deal(null), direction: 'inbound', contact: null });
    inbox.release();
    await p1;
    expect(inbox.server.sent.map((s) => s.payload.deal?.id)).toEqual([deal(null).id, deal(null).id]);

    const gone = setup(null);
    const p2 = gone.realtime.toUsers([head.id], 'call.answered', { callId: 'c4', deal: deal(null), direction: 'inbound', contact: null });
    gone.release();
    await p2;
    expect(gone.server.sent[0].payload.deal).toBeNull();
  });

  it('should let a granted receiver (a transfer target) see the deal', async () => {
    const { server, realtime, release } = setup({ ownerId: bob.id, stageGroup: 'active' });
    const sending = realtime.toUsers([alice.id], 'call.answered', { callId: 'c5', deal: deal(bob.id), direction: 'inbound', contact: null }, { dealAlsoVisibleTo: [alice.id] });
    release();
    await sending;
    expect(server.sent[0].payload.deal).not.toBeNull();
  });

  it('should keep one user\'s events in order when a later one needs no check', async () => {
    const { server, realtime, release, reads } = setup({ ownerId: null, stageGroup: 'inbox' });
    const ringing = realtime.toUsers([alice.id], 'call.ringing', { callId: 'c6', from: null, fromName: null, contact: null, deal: deal(null) });
    const taken = realtime.toUsers([alice.id, bob.id], 'call.taken', { callId: 'c6', byUserId: bob.id, byName: 'Bob' });
    // Bob has nothing queued: he hears at once; Alice's call.taken waits behind her screen pop
    expect(server.sent.map((s) => `${s.to}:${s.event}`)).toEqual([`${bob.id}:call.taken`]);
    release();
    await Promise.all([ringing, taken]);
    expect(server.sent.filter((s) => s.to === alice.id).map((s) => s.event)).toEqual(['call.ringing', 'call.taken']);
    expect(reads()).toBe(1);
  });

  it('should still send, without the deal, when the deal cannot be read', async () => {
    const server = new FakeServer();
    server.connect(head);
    const realtime = new RealtimeService({ findById: () => Promise.reject(new Error('pool exhausted')) });
    realtime.attach(server as unknown as TypedServer);
    await realtime.toUsers([head.id], 'call.answered', { callId: 'c8', deal: deal(null), direction: 'inbound', contact: null });
    expect(server.sent).toEqual([{ to: head.id, event: 'call.answered', payload: { callId: 'c8', deal: null, direction: 'inbound', contact: null } }]);
  });

  it('should not read the deal for a payload without one', async () => {
    const { server, realtime, reads } = setup(null);
    await realtime.toUsers([alice.id], 'call.answered', { callId: 'c7', deal: null, direction: 'inbound', contact: null });
    expect(reads()).toBe(0);
    expect(server.sent).toEqual([{ to: alice.id, event: 'call.answered', payload: { callId: 'c7', deal: null, direction: 'inbound', contact: null } }]);
  });
});

// Compile-time checks (`npm run typecheck`): the event map admits no unknown name and no wrong payload.
// Never called; each @ts-expect-error fails the typecheck if the line below it compiles.
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export function typeChecks(realtime: RealtimeService): void {
  // exactly these events carry a deal, so exactly these are checked per receiver
  const dealCarrying: Equals<DealCarryingEvent, 'call.ringing' | 'call.answered'> = true;
  void dealCarrying;
  // @ts-expect-error an event that is not in ServerToClientEvents
  realtime.toUsers([alice.id], 'call.exploded', { callId: 'c' });
  // @ts-expect-error a payload of the wrong shape for its event
  realtime.toUsers([alice.id], 'call.taken', { callId: 'c', deal: null });
  // @ts-expect-error a deal-carrying event cannot go to rooms unchecked
  realtime.toRooms(['inbox'], 'call.ringing', { callId: 'c', from: null, fromName: null, contact: null, deal: null });
  // @ts-expect-error presence must be one of the contract's values
  realtime.presenceChanged({ id: alice.id, presence: 'sleeping' });
  // @ts-expect-error no catch-all: any string is not an event name
  realtime.toEveryone('anything' as string, {});
  realtime.toUsers([alice.id], 'call.taken', { callId: 'c', byUserId: null, byName: null });
}
