import type { Softphone } from '../sip/softphone';
import type { PhoneLeadership } from '../tabs/phone-leadership';
import { CallSetupError } from '../utils/call-refusal';

// The tab's one softphone (only in the tab that holds the phone) and its leader election, so
// click-to-call buttons anywhere in the app can reach either.
let current: Softphone | null = null;
let leadership: PhoneLeadership | null = null;

export function setActiveSoftphone(phone: Softphone | null): void {
  current = phone;
}

export function getActiveSoftphone(): Softphone | null {
  return current;
}

export function setPhoneLeadership(lead: PhoneLeadership | null): void {
  leadership = lead;
}

/**
 * Calls `number` from this tab's phone, or, in a tab that does not hold it, asks the holder tab to
 * (the deal still travels in X-Callboard-Deal). Rejects with a reason to show (callSetupProblem).
 */
export async function placeCall(number: string, dealId: string | null): Promise<void> {
  if (current) return current.call(number, dealId ?? undefined);
  if (leadership && !leadership.isLeader) return leadership.requestCall(number, dealId);
  throw new CallSetupError('not_connected', 'The phone is not connected');
}
