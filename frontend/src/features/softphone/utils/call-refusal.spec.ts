import { createIntl } from 'react-intl';
import { CallSetupError, callFailure, callRefusal, callSetupProblem, connectProblem, type CallProblem } from './call-refusal';
import { callProblemMessage, connectProblemMessage } from './phone-messages';

// react-intl ships ESM only and the unit project transforms @formatjs only: the same API from there
jest.mock('react-intl', () => jest.requireActual('@formatjs/intl'));

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });
const words = (problem: CallProblem | null) => problem && callProblemMessage(intl, problem);

describe('callRefusal', () => {
  it.each([
    [403, 'special_service', 'Premium-rate numbers are blocked'],
    [403, 'international_not_allowed', 'International calls are not allowed'],
    [403, 'blocked_prefix', 'This number range is blocked'],
    [403, 'too_many_calls', 'Too many calls: hang up another call first'],
    [403, '<script>', 'This call is not allowed'],
    [503, undefined, 'The phone server cannot place calls right now: try again in a moment'],
  ])('should say why when the server answers %i (%s)', (status, refusal, text) => {
    expect(words(callRefusal(status, refusal))).toBe(text);
  });

  it.each([[486], [480], [487], [404]])('should say nothing special when the call fails with %i', (status) => {
    expect(callRefusal(status, undefined)).toBeNull();
  });

  it('should not treat a 403 without a refusal code (a carrier’s) as a policy refusal', () => {
    expect(callRefusal(403, undefined)).toBeNull();
  });

  it('should keep the refusal code, not words, so the dock words it in the language shown', () => {
    expect(callRefusal(403, 'special_service')).toBe('special_service');
  });
});

describe('callFailure', () => {
  it.each([
    [486, 'The line is busy: try again later'],
    [600, 'The line is busy: try again later'],
    [480, 'No answer: the number is unavailable right now'],
    [408, 'No answer: the call timed out'],
    [487, 'The call was cancelled before it was answered'],
    [603, 'The call was declined'],
    [403, 'The carrier refused the call'],
    [404, 'Number not found: check the number'],
    [484, 'The number is incomplete: check the number'],
    [502, 'The call did not go through (a fault on the line or at the carrier): try again'],
    [499, 'The call did not go through'],
  ])('should say why when an outbound call ends with %i', (status, text) => {
    expect(words(callFailure(status, undefined))).toBe(text);
  });

  it('should keep the dial-policy reason when the phone server refused the call', () => {
    expect(words(callFailure(403, 'special_service'))).toBe('Premium-rate numbers are blocked');
  });

  it('should say nothing when the rep cancelled the call themselves (487)', () => {
    expect(callFailure(487, undefined, true)).toBeNull();
  });

  it('should say nothing for a response that is not a failure', () => {
    expect(callFailure(200, undefined)).toBeNull();
  });
});

describe('callSetupProblem', () => {
  it.each([
    ['NotAllowedError', new DOMException('Permission denied', 'NotAllowedError'), 'Microphone blocked: allow it for this site, then try again'],
    ['NotFoundError', new DOMException('Requested device not found', 'NotFoundError'), 'No microphone found: plug one in or pick another under Audio'],
    ['NotReadableError', new DOMException('Could not start audio source', 'NotReadableError'), 'The microphone is in use by another program or cannot be opened'],
    ['not connected', new Error('The softphone is not connected'), 'The phone is not connected: wait until it says “Phone ready”'],
    ['our own reason', new CallSetupError('call_in_progress', 'A call is already in progress'), 'A call is already in progress'],
    ['another error', new Error('sip.js: something unforeseen'), 'The call could not be placed'],
  ])('should explain %s', (_name, error, text) => {
    expect(words(callSetupProblem(error))).toBe(text);
  });
});

describe('connectProblem', () => {
  it("should say the phone server cannot be reached instead of sip.js's transport words", () => {
    expect(connectProblemMessage(intl, connectProblem(new Error('WebSocket closed wss://pbx.example:8443 (code: 1006)')))).toBe('The phone cannot reach the phone server');
    expect(connectProblemMessage(intl, connectProblem(new Error('Registration rejected: 403 Forbidden')))).toBe('The phone server refused this phone’s sign-in');
  });
});
