import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode, type NumberType } from 'libphonenumber-js/max';
import type { DialPolicySettings, DialRefusalReason } from '@callboard/contracts';
import { normalizePhone } from '../../common/phone/phone';

/**
 * Number types libphonenumber knows that cost the caller extra or reach a paid service: refused
 * whoever calls, when the policy blocks special services. (Toll-free, fixed and mobile are not.)
 */
export const SPECIAL_SERVICE_TYPES: ReadonlySet<NumberType> = new Set<NumberType>(['PREMIUM_RATE', 'SHARED_COST', 'PERSONAL_NUMBER']);

/**
 * Ranges blocked by default that libphonenumber cannot classify by itself: North American
 * premium lines (+1 900, +1 976), the international premium-rate code (+979) and the satellite
 * and international networks (+870, +881, +882, +883), which bill like premium lines.
 */
export const DEFAULT_BLOCKED_PREFIXES = ['+1900', '+1976', '+979', '+870', '+881', '+882', '+883'];

export const DEFAULT_MAX_CONCURRENT_CALLS = 2;

/** The policy before a Head edits it: only the team's own country, special services blocked. */
export function defaultDialPolicy(region: string): DialPolicySettings {
  return {
    allowedCountryCodes: [getCountryCallingCode(region.toUpperCase() as CountryCode)],
    blockSpecialServices: true,
    blockedPrefixes: [...DEFAULT_BLOCKED_PREFIXES],
    maxConcurrentCalls: DEFAULT_MAX_CONCURRENT_CALLS,
  };
}

export interface DialCaller {
  internationalAllowed: boolean;
}

export type DialVerdict =
  | { allowed: true; number: string; countryCode: string }
  | { allowed: false; reason: DialRefusalReason; number: string | null };

/**
 * May `caller` dial `to` (as dialled: any format; national numbers read in `region`)? The
 * number is normalized to E.164 first, so "06 90 123 456", "+36 90 123 456" and "003690123456"
 * get the same answer. Blocked ranges and special services are refused for everyone;
 * "international" means a country calling code outside `allowedCountryCodes`, and only callers
 * allowed international calls may dial those. A caller the CRM does not know (null) may dial
 * nothing.
 */
export function evaluateDial(to: string, caller: DialCaller | null, policy: DialPolicySettings, region: string): DialVerdict {
  if (!caller) return { allowed: false, reason: 'unknown_extension', number: null };
  const number = normalizePhone(to, region);
  if (!number) return { allowed: false, reason: 'invalid_number', number: null };
  if (policy.blockedPrefixes.some((p) => number.startsWith(p))) return { allowed: false, reason: 'blocked_prefix', number };
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed) return { allowed: false, reason: 'invalid_number', number };
  // getType() is only known for valid numbers; an unknown type is not a special service
  const type = parsed.getType();
  if (policy.blockSpecialServices && type && SPECIAL_SERVICE_TYPES.has(type)) return { allowed: false, reason: 'special_service', number };
  const countryCode = parsed.countryCallingCode;
  if (!policy.allowedCountryCodes.includes(countryCode) && !caller.internationalAllowed) {
    return { allowed: false, reason: 'international_not_allowed', number };
  }
  return { allowed: true, number, countryCode };
}

/** A number for the logs: "+" and the first three digits, and the last two ("+190******23"). */
export function maskNumber(number: string | null, raw: string): string {
  const s = number ?? raw.replace(/[^+0-9]/g, '');
  if (s.length <= 6) return '*'.repeat(s.length);
  return s.slice(0, 4) + '*'.repeat(s.length - 6) + s.slice(-2);
}
