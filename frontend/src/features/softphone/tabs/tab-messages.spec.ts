import { createIntl } from 'react-intl';
import { callBlockedMessage } from '../utils/phone-messages';
import { callBlockedReason as blockedReason, parseTabMessage, reactToTabMessage, type PhoneMirror } from './tab-messages';

// react-intl ships ESM only and the unit project transforms @formatjs only: the same API from there
jest.mock('react-intl', () => jest.requireActual('@formatjs/intl'));

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });
/** The reason as the click-to-call button's tooltip words it. */
const callBlockedReason = (view: Parameters<typeof blockedReason>[0]) => {
  const reason = blockedReason(view);
  return reason && callBlockedMessage(intl, reason);
};

const ready = { state: 'ready', call: null, error: null } as unknown as PhoneMirror;
const dialing = {
  state: 'dialing',
  call: { callId: 'c1', direction: 'outbound', remoteNumber: '+361', remoteName: null, answeredAt: null, muted: false, held: false, dealId: 'd1' },
  error: null,
} as unknown as PhoneMirror;
const holder = { leading: true, lastMirror: ready };
const other = { leading: false, lastMirror: null };

describe('parseTabMessage', () => {
  it('should accept each message the tabs send', () => {
    expect(parseTabMessage({ type: 'hello' })).toEqual({ type: 'hello' });
    expect(parseTabMessage({ type: 'released' })).toEqual({ type: 'released' });
    expect(parseTabMessage({ type: 'state', mirror: dialing })).toEqual({ type: 'state', mirror: dialing });
    expect(parseTabMessage({ type: 'call', requestId: 'r1', number: '+36 30 111', dealId: 'd1' })).toEqual({
      type: 'call',
      requestId: 'r1',
      number: '+36 30 111',
      dealId: 'd1',
    });
    expect(parseTabMessage({ type: 'call', requestId: 'r1', number: '+36', dealId: null })?.type).toBe('call');
    expect(parseTabMessage({ type: 'call-result', requestId: 'r1', ok: false, error: 'busy' })).toEqual({
      type: 'call-result',
      requestId: 'r1',
      ok: false,
      error: 'busy',
    });
  });

  it('should drop a message of another shape when another version of the app shares the channel', () => {
    expect(parseTabMessage(null)).toBeNull();
    expect(parseTabMessage('hello')).toBeNull();
    expect(parseTabMessage({ type: 'dial', number: '1' })).toBeNull();
    expect(parseTabMessage({ type: 'state', mirror: null })).toBeNull();
    expect(parseTabMessage({ type: 'call', requestId: 'r1', number: '  ', dealId: null })).toBeNull();
    expect(parseTabMessage({ type: 'call', requestId: 'r1', number: '+36', dealId: 5 })).toBeNull();
    expect(parseTabMessage({ type: 'call', number: '+36', dealId: null })).toBeNull();
    expect(parseTabMessage({ type: 'call-result', requestId: 'r1', ok: 'yes' })).toBeNull();
  });
});

describe('reactToTabMessage', () => {
  it('should place a forwarded call only when this tab holds the phone', () => {
    const call = { type: 'call' as const, requestId: 'r1', number: '+36301112222', dealId: 'd1' };
    expect(reactToTabMessage(call, holder)).toEqual([{ kind: 'place-call', requestId: 'r1', number: '+36301112222', dealId: 'd1' }]);
    expect(reactToTabMessage(call, other)).toEqual([]);
  });

  it('should answer a new tab’s hello with the last state only when holding the phone', () => {
    expect(reactToTabMessage({ type: 'hello' }, holder)).toEqual([{ kind: 'send', message: { type: 'state', mirror: ready } }]);
    expect(reactToTabMessage({ type: 'hello' }, { leading: true, lastMirror: null })).toEqual([]);
    expect(reactToTabMessage({ type: 'hello' }, other)).toEqual([]);
  });

  it('should mirror the holder’s state, and forget it when the holder is released, only in a tab without the phone', () => {
    expect(reactToTabMessage({ type: 'state', mirror: dialing }, other)).toEqual([{ kind: 'mirror', mirror: dialing }]);
    expect(reactToTabMessage({ type: 'state', mirror: dialing }, holder)).toEqual([]);
    expect(reactToTabMessage({ type: 'released' }, other)).toEqual([{ kind: 'mirror', mirror: null }]);
    expect(reactToTabMessage({ type: 'released' }, holder)).toEqual([]);
  });

  it('should pass a call result on to the request it answers', () => {
    expect(reactToTabMessage({ type: 'call-result', requestId: 'r9', ok: false, error: 'A call is already in progress' }, other)).toEqual([
      { kind: 'call-result', requestId: 'r9', ok: false, error: 'A call is already in progress' },
    ]);
  });
});

describe('callBlockedReason', () => {
  it('should allow a call when this tab’s phone or the holder tab’s phone is ready', () => {
    expect(callBlockedReason({ started: true, holder: true, state: 'ready' })).toBeNull();
    expect(callBlockedReason({ started: true, holder: false, state: 'ready' })).toBeNull();
  });

  it('should say why when no tab holds the phone, it is offline, connecting, busy or still loading', () => {
    expect(callBlockedReason({ started: true, holder: false, state: null })).toMatch(/No tab holds the phone/);
    expect(callBlockedReason({ started: true, holder: false, state: 'disconnected' })).toMatch(/offline in the tab that holds it/);
    expect(callBlockedReason({ started: true, holder: true, state: 'disconnected' })).toBe('The phone is offline');
    expect(callBlockedReason({ started: true, holder: true, state: 'registering' })).toMatch(/connecting/);
    expect(callBlockedReason({ started: true, holder: false, state: 'in_call' })).toMatch(/already up/);
    expect(callBlockedReason({ started: false, holder: false, state: null })).toMatch(/starting/);
  });
});

describe('call controls from a tab without the phone', () => {
  it('should accept the five controls and refuse anything else', () => {
    for (const action of ['hangup', 'hold', 'unhold', 'mute', 'unmute']) {
      expect(parseTabMessage({ type: 'control', action })).toEqual({ type: 'control', action });
    }
    expect(parseTabMessage({ type: 'control', action: 'transfer' })).toBeNull();
    expect(parseTabMessage({ type: 'control' })).toBeNull();
  });

  it('should be carried out by the holder only', () => {
    expect(reactToTabMessage({ type: 'control', action: 'hangup' }, holder)).toEqual([{ kind: 'control', action: 'hangup' }]);
    expect(reactToTabMessage({ type: 'control', action: 'hangup' }, other)).toEqual([]);
  });
});
