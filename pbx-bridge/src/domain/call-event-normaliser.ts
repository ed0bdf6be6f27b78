import { CallEndReason, CallEvent } from '@callboard/contracts';
import { displayNameFromHex, normaliseDisplayName, plainText } from './display-name';
import type { RawPbxEvent } from './raw-pbx-event';

export type NormaliseResult = { ok: true; event: CallEvent } | { ok: false; reason: string };

const MISSED_REASONS = new Set(['no_answer', 'caller_cancelled', 'nobody_available', 'busy', 'rejected', 'failed']);
const HANGUP_BY = new Set(['caller', 'callee', 'system']);
const CALL_ID = /^[\x21-\x7e]{1,255}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isoFromTs(ts: RawPbxEvent['ts'], fallback: Date): string {
  const n = typeof ts === 'number' ? ts : typeof ts === 'string' ? Number.parseFloat(ts) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) return fallback.toISOString();
  return new Date(Math.round(n * 1000)).toISOString();
}

const nonEmpty = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/**
 * Maps one raw PBX event onto the shared CallEvent contract, then validates it with zod.
 * Never throws: an event that does not fit comes back as { ok: false, reason }.
 */
export function normaliseCallEvent(raw: RawPbxEvent, pbx: string, now: Date = new Date()): NormaliseResult {
  // the Call-ID is the call's key in the CRM and in every log line: Kamailio refuses any other (400)
  if (!CALL_ID.test(raw.callId)) return { ok: false, reason: 'callId: not 1-255 printable ASCII characters' };
  const base = {
    callId: raw.callId,
    origin: { pbx, boot: raw.boot, seq: raw.seq },
    at: isoFromTs(raw.ts, now),
  };
  let candidate: Record<string, unknown>;
  switch (raw.type) {
    case 'offered':
      candidate = {
        ...base,
        type: 'offered',
        direction: raw.direction,
        from: plainText(raw.from, 128),
        // fromNameHex: the caller's bytes as sent (Kamailio since issue 12); fromName: older events
        fromName: normaliseDisplayName(displayNameFromHex(raw.fromNameHex) ?? raw.fromName),
        to: plainText(raw.to, 128),
        extension: raw.direction === 'outbound' ? nonEmpty(raw.extension) : null,
        // a malformed deal id must not cost us the call: it is left out instead
        ...(typeof raw.dealId === 'string' && UUID.test(raw.dealId) ? { dealId: raw.dealId.toLowerCase() } : {}),
      };
      break;
    case 'ringing':
      candidate = { ...base, type: 'ringing', extension: raw.extension };
      break;
    case 'answered':
      candidate = { ...base, type: 'answered', extension: nonEmpty(raw.extension) };
      break;
    case 'missed':
      candidate = {
        ...base,
        type: 'missed',
        reason: typeof raw.reason === 'string' && MISSED_REASONS.has(raw.reason) ? raw.reason : raw.reason,
      };
      break;
    case 'ended':
      candidate = {
        ...base,
        type: 'ended',
        hangupBy: typeof raw.hangupBy === 'string' && HANGUP_BY.has(raw.hangupBy) ? raw.hangupBy : 'unknown',
        // only a reason the contract knows; anything else from the PBX is left out, not guessed
        ...(CallEndReason.safeParse(raw.reason).success ? { reason: raw.reason } : {}),
      };
      break;
    default:
      return { ok: false, reason: `unknown event type ${JSON.stringify(String(raw.type).slice(0, 40))}` };
  }
  const parsed = CallEvent.safeParse(candidate);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, reason: why };
  }
  return { ok: true, event: parsed.data };
}
