import { SERVER_TO_CLIENT_EVENTS, ServerToClientSchemas } from './socket-events';

// (Which events carry a deal is checked at compile time in backend/src/modules/realtime/realtime.service.spec.ts.)

describe('socket event map', () => {
  it('should name every event the server sends, with no catch-all entry', () => {
    expect(SERVER_TO_CLIENT_EVENTS).toEqual(
      expect.arrayContaining(['ready', 'deal.created', 'deal.updated', 'deal.moved', 'deal.removed', 'pipeline.changed', 'call.ringing', 'call.answered', 'call.taken', 'call.ended', 'presence.changed', 'task.changed', 'task.removed', 'notification', 'figures.changed', 'wallboard.ready']),
    );
    expect(SERVER_TO_CLIENT_EVENTS.every((name) => /^[a-z]+(\.[a-z-]+)?$/.test(name))).toBe(true);
  });

  it('should let a client reject a payload that does not match its event', () => {
    expect(ServerToClientSchemas['call.answered'].safeParse({ callId: 'c1', deal: null, direction: 'inbound', contact: null }).success).toBe(true);
    expect(ServerToClientSchemas['call.answered'].safeParse({ callId: 'c1' }).success).toBe(false);
    expect(ServerToClientSchemas['figures.changed'].safeParse({ scope: 'deals' }).success).toBe(true);
    expect(ServerToClientSchemas['figures.changed'].safeParse({ scope: 'offers' }).success).toBe(false);
    expect(ServerToClientSchemas['presence.changed'].safeParse({ userId: '00000000-0000-4000-8000-000000000001', presence: 'sleeping' }).success).toBe(false);
  });
});
