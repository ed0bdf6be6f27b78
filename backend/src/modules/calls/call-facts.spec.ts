import type { CallEvent } from '@callboard/contracts';
import { type CallEffect, type CallState, decide, emptyCall } from './call-facts';

// A tiny stand-in for the policy: applies the effects to an in-memory deal, rep presence and
// timeline, so every order of events can be compared by what it leaves behind.
interface World {
  call: CallState;
  deal: { exists: boolean; owner: string | null; missed: boolean; inUnsorted: boolean } ;
  callBackTasks: number;
  timeline: { outcome: string; durationSec: number | null }[];
  onCall: Set<string>;
  pops: Map<string, number>;
  taken: string[];
  applied: Record<CallEffect['kind'], number>;
}

const EXT: Record<string, string> = { '1001': 'alice', '1002': 'bob' };
const T0 = Date.parse('2026-12-06T10:00:00Z');
let seq = 0;

function ev(type: string, fields: Record<string, unknown>, atSec: number): CallEvent {
  return { callId: 'c1@trunk', type, origin: { pbx: 'k', boot: 'b', seq: ++seq }, at: new Date(T0 + atSec * 1000).toISOString(), ...fields } as CallEvent;
}

const offered = ev('offered', { direction: 'inbound', from: '+36301234567', fromName: 'Anna', to: '+3612345678' }, 0);
const ringingAlice = ev('ringing', { extension: '1001' }, 0.1);
const ringingBob = ev('ringing', { extension: '1002' }, 0.2);
const answeredBob = ev('answered', { extension: '1002' }, 5);
const ended = ev('ended', { hangupBy: 'caller' }, 65);
const missed = ev('missed', { reason: 'no_answer' }, 45);
const endedAfterMiss = ev('ended', { hangupBy: 'system' }, 45);

function newWorld(): World {
  return {
    call: emptyCall(),
    deal: { exists: false, owner: null, missed: false, inUnsorted: true },
    callBackTasks: 0,
    timeline: [],
    onCall: new Set(),
    pops: new Map(),
    taken: [],
    applied: { 'attach-deal': 0, 'screen-pop': 0, answer: 0, miss: 0, end: 0 },
  };
}

function deliver(w: World, e: CallEvent): void {
  const extension = 'extension' in e ? e.extension : null;
  const user = extension && EXT[extension] ? { id: EXT[extension] } : null;
  const { changes, effects } = decide(w.call, e, user, (n) => n.replace(/[^\d+]/g, '') || null);
  Object.assign(w.call, changes);
  for (const effect of effects) {
    w.applied[effect.kind]++;
    switch (effect.kind) {
      case 'attach-deal':
        w.deal.exists = true;
        break;
      case 'screen-pop':
        for (const id of effect.userIds) w.pops.set(id, (w.pops.get(id) ?? 0) + 1);
        break;
      case 'answer':
        if (w.deal.owner === null) w.deal.owner = effect.answeredBy;
        w.deal.missed = false;
        w.deal.inUnsorted = false;
        if (effect.undoMiss) w.callBackTasks = 0;
        if (effect.markOnCall && effect.answeredBy) w.onCall.add(effect.answeredBy);
        w.taken.push(...effect.others);
        break;
      case 'miss':
        w.deal.missed = true;
        w.callBackTasks = 1;
        break;
      case 'end':
        w.timeline.push({ outcome: w.call.answeredAt ? 'completed' : 'missed', durationSec: effect.durationSec });
        if (effect.release) w.onCall.delete(effect.release);
        break;
    }
  }
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** What an order of events leaves behind, without the effects that are fine to repeat (screen pops). */
function outcomeOf(events: CallEvent[]) {
  const w = newWorld();
  for (const e of events) deliver(w, e);
  const { call } = w;
  return {
    world: w,
    lasting: {
      call: {
        direction: call.direction,
        fromNumber: call.fromNumber,
        answeredBy: call.answeredBy,
        answeredAt: call.answeredAt?.toISOString() ?? null,
        endedAt: call.endedAt?.toISOString() ?? null,
        outcome: call.outcome,
        missedReason: call.missedReason,
        durationSec: call.durationSec,
        rang: [...call.rangUserIds].sort(),
        flags: [call.dealCreated, call.answerApplied, call.missApplied, call.endApplied],
      },
      deal: w.deal,
      callBackTasks: w.callBackTasks,
      onCall: [...w.onCall],
      // every rep who saw the screen pop and did not answer hears that the call was taken
      untold: [...w.pops.keys()].filter((id) => id !== call.answeredBy && call.answeredAt && !w.taken.includes(id)),
    },
  };
}

describe('decide (the pure call-fact function)', () => {
  it('should give the same call, deal and presence for every order of offered, ringing, answered and ended', () => {
    const orders = permutations([offered, ringingAlice, ringingBob, answeredBob, ended]);
    expect(orders).toHaveLength(120);
    const expected = {
      call: {
        direction: 'inbound',
        fromNumber: '+36301234567',
        answeredBy: 'bob',
        answeredAt: new Date(T0 + 5000).toISOString(),
        endedAt: new Date(T0 + 65_000).toISOString(),
        outcome: 'completed',
        missedReason: null,
        durationSec: 60,
        rang: ['alice', 'bob'],
        flags: [true, true, false, true],
      },
      deal: { exists: true, owner: 'bob', missed: false, inUnsorted: false },
      callBackTasks: 0,
      onCall: [],
      untold: [],
    };
    for (const order of orders) {
      const { lasting, world } = outcomeOf(order);
      expect({ order: order.map((e) => e.type), ...lasting }).toEqual({ order: order.map((e) => e.type), ...expected });
      // each lasting effect exactly once, one timeline entry with the duration
      expect([world.applied['attach-deal'], world.applied.answer, world.applied.miss, world.applied.end]).toEqual([1, 1, 0, 1]);
      expect(world.timeline).toEqual([{ outcome: 'completed', durationSec: 60 }]);
    }
  });

  it('should apply each effect once when every event arrives 1-3 times in any order', () => {
    const base = [offered, ringingAlice, ringingBob, answeredBob, ended];
    const reference = outcomeOf(base).lasting;
    for (const order of permutations(base)) {
      for (const copies of [2, 3]) {
        const withDuplicates = order.flatMap((e, i) => Array.from({ length: 1 + ((i + copies) % copies) }, () => e));
        const { lasting, world } = outcomeOf(withDuplicates);
        expect(lasting).toEqual(reference);
        expect([world.applied['attach-deal'], world.applied.answer, world.applied.miss, world.applied.end]).toEqual([1, 1, 0, 1]);
        // no rep gets more than two pops (one on ringing, one with the deal once it is known)
        for (const n of world.pops.values()) expect(n).toBeLessThanOrEqual(2);
      }
    }
  });

  it('should mark a missed call once with one call-back task in every order, duplicates included', () => {
    for (const order of permutations([offered, ringingAlice, missed, endedAfterMiss, missed])) {
      const { lasting, world } = outcomeOf(order);
      expect(lasting).toMatchObject({
        call: { outcome: 'missed', missedReason: 'no_answer', answeredBy: null, durationSec: null, flags: [true, false, true, true] },
        deal: { exists: true, owner: null, missed: true, inUnsorted: true },
        callBackTasks: 1,
        onCall: [],
      });
      expect([world.applied.miss, world.applied.end]).toEqual([1, 1]);
      expect(world.timeline).toEqual([{ outcome: 'missed', durationSec: null }]);
    }
  });

  it('should let an answer outrank a miss reported by a losing branch, whatever the order', () => {
    for (const order of permutations([offered, answeredBob, missed, ended])) {
      const { lasting, world } = outcomeOf(order);
      expect({ order: order.map((e) => e.type), ...lasting }).toMatchObject({
        order: order.map((e) => e.type),
        call: { answeredBy: 'bob', outcome: 'completed', missedReason: null, durationSec: 60 },
        deal: { owner: 'bob', missed: false, inUnsorted: false },
        callBackTasks: 0,
        onCall: [],
      });
      expect(world.applied.answer).toBe(1);
      // a miss whose end was applied before the answer came: the real end is logged again, with the duration
      expect(world.timeline.at(-1)).toEqual({ outcome: 'completed', durationSec: 60 });
    }
  });

  it('should put the answerer on call only while the call is up', () => {
    const w = newWorld();
    deliver(w, offered);
    deliver(w, answeredBob);
    expect([...w.onCall]).toEqual(['bob']);
    deliver(w, ended);
    expect([...w.onCall]).toEqual([]);
    // ended before answered (out of order): never on call
    const late = newWorld();
    for (const e of [offered, ended, answeredBob]) deliver(late, e);
    expect(late.applied.answer).toBe(1);
    expect([...late.onCall]).toEqual([]);
  });

  it('should credit an outbound call to the rep who placed it whether its answer or its offer arrives first', () => {
    const out = ev('offered', { direction: 'outbound', from: '1001', fromName: null, to: '+36301112222', extension: '1001' }, 0);
    const farEnd = ev('answered', { extension: null }, 3);
    const bye = ev('ended', { hangupBy: 'callee' }, 13);
    for (const order of permutations([out, farEnd, bye])) {
      const { lasting } = outcomeOf(order);
      expect(lasting.call).toMatchObject({ direction: 'outbound', answeredBy: 'alice', outcome: 'completed', durationSec: 10 });
    }
  });

  it('should do nothing to a deal before the offer says which call it is, then catch up in one go', () => {
    const w = newWorld();
    deliver(w, answeredBob);
    deliver(w, ended);
    expect(w.applied).toMatchObject({ 'attach-deal': 0, answer: 0, end: 0 });
    deliver(w, offered);
    expect(w.applied).toMatchObject({ 'attach-deal': 1, answer: 1, end: 1 });
  });

  it('should take the end reason from the event, else from who hung up, and keep the first one', () => {
    const w = newWorld();
    deliver(w, offered);
    deliver(w, answeredBob);
    deliver(w, ev('ended', { hangupBy: 'system', reason: 'transport_closed' }, 20));
    deliver(w, ev('ended', { hangupBy: 'caller', reason: 'caller_hangup' }, 21));
    expect(w.call).toMatchObject({ endReason: 'transport_closed', hangupBy: 'system' });
    const v = newWorld();
    deliver(v, offered);
    deliver(v, ev('ended', { hangupBy: 'callee' }, 2));
    expect(v.call.endReason).toBe('callee_hangup');
  });

  it('should keep the named deal of an offer only when the policy put it there, never twice', () => {
    const named = ev('offered', { direction: 'outbound', from: '1001', fromName: null, to: '+36301112222', extension: '1001', dealId: '6a1e4a52-8a09-4b8e-9d4e-2f0c1a1b2c3d' }, 0);
    const { changes } = decide(emptyCall(), named, { id: 'alice' }, (n) => n);
    expect(changes.dealId).toBe('6a1e4a52-8a09-4b8e-9d4e-2f0c1a1b2c3d');
    const stripped = { ...named, dealId: null } as CallEvent;
    expect(decide(emptyCall(), stripped, { id: 'alice' }, (n) => n).changes.dealId).toBeNull();
  });
});
