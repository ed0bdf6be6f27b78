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

  it('should pass a known end reason through and leave out one it does not know', () => {
    expect(normaliseCallEvent(raw({ type: 'ended', hangupBy: 'system', reason: 'transport_closed' }), 'k')).toMatchObject({
      ok: true,
      event: { type: 'ended', reason: 'transport_closed' },
    });
    const odd = normaliseCallEvent(raw({ type: 'ended', hangupBy: 'system', reason: '<script>' }), 'k');
    expect(odd.ok && 'reason' in odd.event).toBe(false);
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

describe('hostile caller values (issue 12, SIP abuse)', () => {
  /** Bytes as Kamailio would hex them: latin1 = one char per byte (for invalid UTF-8). */
  const hex = (s: string, encoding: BufferEncoding = 'latin1') => Buffer.from(s, encoding).toString('hex');
  const offered = (fields: Record<string, unknown>) =>
    normaliseCallEvent(raw({ direction: 'inbound', from: '+3620', to: '+3612', ...fields }), 'k');
  const nameOf = (r: ReturnType<typeof normaliseCallEvent>) => (r.ok && r.event.type === 'offered' ? r.event.fromName : 'not offered');

  it('should decode the hex display name as UTF-8 and prefer it when Kamailio sends both', () => {
    const name = Buffer.from('"Zoë \\"Ørsted\\" 東京"', 'utf8');
    expect(nameOf(offered({ fromNameHex: name.toString('hex'), fromName: 'ignored' }))).toBe('Zoë "Ørsted" 東京');
  });

  it('should keep the call and replace the bytes when the name is not UTF-8', () => {
    const r = offered({ fromNameHex: hex('"A\x80\xc0\xaf\xff\xfeB"') });
    expect(r.ok).toBe(true);
    expect(nameOf(r)).toMatch(/^A\uFFFD+B$/);
  });

  it('should unquote a name whose closing quote was cut off by the byte cap, and drop the half character', () => {
    const cut = Buffer.from('"' + '€'.repeat(700), 'utf8').subarray(0, 2048);
    expect(nameOf(offered({ fromNameHex: cut.toString('hex') }))).toBe('€'.repeat(200));
  });

  it('should drop CR, LF, NUL, escape sequences and bidi overrides from a name', () => {
    expect(nameOf(offered({ fromNameHex: hex('"Evil\r\n Name\x00\x1b[2J\u202egpj.exe"', 'utf8') }))).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(normaliseDisplayName('"Evil\r\n Name"')).toBe('Evil Name');
    expect(normaliseDisplayName('Bob\u202etxt.exe\u2028x')).toBe('Bob txt.exe x');
  });

  it('should end the name at the closing quote even after an escaped backslash', () => {
    expect(normaliseDisplayName('"abc\\\\"')).toBe('abc\\');
    expect(normaliseDisplayName('"a\\"},{\\"type\\":\\"ended"')).toBe('a"},{"type":"ended');
  });

  it('should fall back to no name when the hex is not hex, and never fail the call over it', () => {
    expect(nameOf(offered({ fromNameHex: 'zz' }))).toBeNull();
    expect(nameOf(offered({ fromNameHex: 'abc' }))).toBeNull();
    expect(nameOf(offered({ fromNameHex: 42 }))).toBeNull();
  });

  it('should clean and cap the caller number by the contract measure without splitting a surrogate pair', () => {
    const r = offered({ from: '+36\r\n20\u0000' + '😀'.repeat(100) });
    expect(r.ok).toBe(true);
    const from = r.ok && r.event.type === 'offered' ? r.event.from : '';
    expect(from.startsWith('+3620')).toBe(true);
    expect(from.length).toBeLessThanOrEqual(128);
    expect(from).not.toMatch(/[\ud800-\udbff]$/);
    expect(from).not.toMatch(/[\u0000-\u001f]/);
  });

  it('should treat a missing caller number as empty rather than losing the call', () => {
    const r = offered({ from: undefined });
    expect(r.ok && r.event.type === 'offered' && r.event.from).toBe('');
  });

  it('should refuse a Call-ID with control, non-ASCII or too many characters, which Kamailio never sends', () => {
    for (const callId of ['a\r\nb@x', 'nul\u0000@x', 'caf\u00e9@x', 'sp ace@x', 'c'.repeat(256)]) {
      const r = normaliseCallEvent(raw({ type: 'ended', hangupBy: 'caller', callId }), 'k');
      expect({ callId: callId.slice(0, 12), ok: r.ok }).toEqual({ callId: callId.slice(0, 12), ok: false });
    }
    expect(normaliseCallEvent(raw({ type: 'ended', hangupBy: 'caller', callId: `"odd"\\<id>@[::1]` }), 'k').ok).toBe(true);
  });
});
