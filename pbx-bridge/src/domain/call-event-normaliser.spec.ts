import { normaliseCallEvent } from './call-event-normaliser';
import { MAX_DISPLAY_NAME, normaliseDisplayName } from './display-name';
import type { RawPbxEvent } from './raw-pbx-event';

const raw = (fields: Partial<RawPbxEvent> & Record<string, unknown>): RawPbxEvent => ({
  boot: 'k1-2',
  seq: 7,
  callId: 'abc@10.0.0.1',
  ts: '1700000000.250000',
  type: 'offered',
  ...fields,
});

describe('normaliseCallEvent', () => {
  it('should produce an inbound offered event with origin and time when Kamailio reports an INVITE', () => {
    const r = normaliseCallEvent(
      raw({ direction: 'inbound', from: '+36201234567', fromName: '"Jane"', to: '+3612345678' }),
      'kamailio',
    );
    expect(r).toEqual({
      ok: true,
      event: {
        type: 'offered',
        callId: 'abc@10.0.0.1',
        origin: { pbx: 'kamailio', boot: 'k1-2', seq: 7 },
        at: '2023-11-14T22:13:20.250Z',
        direction: 'inbound',
        from: '+36201234567',
        fromName: 'Jane',
        to: '+3612345678',
        extension: null,
      },
    });
  });

  it('should keep the extension when an outbound call is offered', () => {
    const r = normaliseCallEvent(raw({ direction: 'outbound', from: '1001', fromName: null, to: '+3620', extension: '1001' }), 'k');
    expect(r.ok && r.event.type === 'offered' && r.event.extension).toBe('1001');
  });

  it('should carry the deal id when a click-to-call names one, and leave a malformed one out', () => {
    const id = '3f2b8c1e-8d4a-4c7e-9b1a-2f6e5d4c3b2a';
    const ok = normaliseCallEvent(raw({ direction: 'outbound', from: '1001', to: '+3620', extension: '1001', dealId: id }), 'k');
    expect(ok.ok && ok.event.type === 'offered' && ok.event.dealId).toBe(id);
    const bad = normaliseCallEvent(raw({ direction: 'outbound', from: '1001', to: '+3620', extension: '1001', dealId: 'nope' }), 'k');
    expect(bad.ok && bad.event.type === 'offered' && bad.event.dealId).toBeUndefined();
  });

  it('should map answered with an empty extension to null when the far end of an outbound call answers', () => {
    const r = normaliseCallEvent(raw({ type: 'answered', extension: '' }), 'k');
    expect(r).toMatchObject({ ok: true, event: { type: 'answered', extension: null } });
  });

  it('should refuse ringing without an extension when the PBX did not know the branch', () => {
    const r = normaliseCallEvent(raw({ type: 'ringing', extension: '' }), 'k');
    expect(r.ok).toBe(false);
  });

  it('should refuse a missed event when the reason is not one the contract knows', () => {
    const r = normaliseCallEvent(raw({ type: 'missed', reason: 'gremlins' }), 'k');
    expect(r.ok).toBe(false);
  });

  it('should fall back to hangupBy unknown when the PBX sends an unexpected value', () => {
    const r = normaliseCallEvent(raw({ type: 'ended', hangupBy: 'martians' }), 'k');
    expect(r).toMatchObject({ ok: true, event: { type: 'ended', hangupBy: 'unknown' } });
  });

  it('should refuse an unknown event type and an empty Call-ID', () => {
    expect(normaliseCallEvent(raw({ type: 'exploded' }), 'k').ok).toBe(false);
    expect(normaliseCallEvent(raw({ type: 'ended', hangupBy: 'caller', callId: '' }), 'k').ok).toBe(false);
  });

  it('should use the current time when the PBX timestamp is unusable', () => {
    const now = new Date('2024-01-02T03:04:05.000Z');
    const r = normaliseCallEvent(raw({ type: 'ended', hangupBy: 'caller', ts: 'garbage' }), 'k', now);
    expect(r.ok && r.event.at).toBe(now.toISOString());
  });
});

describe('normaliseDisplayName', () => {
  it('should undo quoted-pair escapes and keep markup as text when the name is a quoted string', () => {
    expect(normaliseDisplayName('"<b>Boss</b> \\"The\\" \\\\ Man"')).toBe('<b>Boss</b> "The" \\ Man');
  });

  it('should cap the length when a caller sends a huge name', () => {
    expect(normaliseDisplayName('"' + 'é'.repeat(5000) + '"')).toHaveLength(MAX_DISPLAY_NAME);
  });

  it('should drop control characters and return null when nothing is left', () => {
    expect(normaliseDisplayName('"a\u0000b\u0007c"')).toBe('a b c');
    expect(normaliseDisplayName('""')).toBeNull();
    expect(normaliseDisplayName(undefined)).toBeNull();
  });

  it('should leave an unquoted token as it is', () => {
    expect(normaliseDisplayName('Alice')).toBe('Alice');
  });
});
