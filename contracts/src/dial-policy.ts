import { z } from 'zod';
import { Id } from './common';

/** A country calling code without "+": 1, 36, 44, 353 ... */
export const CountryCallingCode = z.string().regex(/^[1-9][0-9]{0,2}$/, 'must be a country calling code such as 36');

/** A blocked range: "+" and 1 to 15 digits (+1900, +44871 ...). */
export const BlockedPrefix = z.string().regex(/^\+[0-9]{1,15}$/, 'must be "+" and digits, such as +1900');

/**
 * The outbound dial policy a Head edits (ADR 0009). A destination is "international" when its
 * country calling code is not in `allowedCountryCodes`; only users with `internationalAllowed`
 * may call those. Premium-rate, shared-cost and other special-service numbers (as libphonenumber
 * classifies them) are refused when `blockSpecialServices` is on, and so is any number that
 * starts with one of `blockedPrefixes`, whoever calls.
 */
export const DialPolicySettings = z.object({
  allowedCountryCodes: z.array(CountryCallingCode).max(250).transform((a) => [...new Set(a)]),
  blockSpecialServices: z.boolean(),
  blockedPrefixes: z.array(BlockedPrefix).max(500).transform((a) => [...new Set(a)]),
  maxConcurrentCalls: z.number().int().min(1).max(50),
});
export type DialPolicySettings = z.infer<typeof DialPolicySettings>;

/** Why the dial policy refused an outbound call. */
export const DialRefusalReason = z.enum([
  'unknown_extension',
  'invalid_number',
  'special_service',
  'blocked_prefix',
  'international_not_allowed',
]);
export type DialRefusalReason = z.infer<typeof DialRefusalReason>;

/** What a phone (and the softphone) shows for each refusal: short, for the rep. */
export const DIAL_REFUSAL_MESSAGES: Record<DialRefusalReason, string> = {
  unknown_extension: 'This phone may not make calls',
  invalid_number: 'Not a valid phone number',
  special_service: 'Premium-rate numbers are blocked',
  blocked_prefix: 'This number range is blocked',
  international_not_allowed: 'International calls are not allowed',
};

/** The SIP server's refusal for a call over the per-user limit (it counts the calls itself). */
export const TOO_MANY_CALLS_MESSAGE = 'Too many calls';

/**
 * `GET /api/internal/dial-check?callId=&extension=&to=` (service token): asked by the SIP server
 * before an outbound call reaches the trunk. `maxConcurrent` is the caller's limit of outbound
 * calls at once (the SIP server counts them).
 */
export const DialCheckResult = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(true), maxConcurrent: z.number().int().min(1) }),
  z.object({ allowed: z.literal(false), reason: DialRefusalReason, message: z.string() }),
]);
export type DialCheckResult = z.infer<typeof DialCheckResult>;

/** A refused outbound call as the Head sees it. */
export const DialRefusal = z.object({
  id: z.string(),
  callId: z.string(),
  extension: z.string(),
  userId: Id.nullable(),
  userName: z.string().nullable(),
  /** As dialled (up to 64 characters): the Head needs it to see what was tried. */
  destination: z.string(),
  reason: DialRefusalReason,
  createdAt: z.string(),
});
export type DialRefusal = z.infer<typeof DialRefusal>;

/** `PUT /api/dial-policy/users/:id`: may this user call outside the allowed countries? */
export const SetInternationalRequest = z.object({ internationalAllowed: z.boolean() }).strict();
export type SetInternationalRequest = z.infer<typeof SetInternationalRequest>;

/** A user's dial permission, as listed on the policy screen. */
export const DialPolicyUser = z.object({
  id: Id,
  name: z.string(),
  role: z.enum(['seller', 'head']),
  extension: z.string(),
  active: z.boolean(),
  internationalAllowed: z.boolean(),
});
export type DialPolicyUser = z.infer<typeof DialPolicyUser>;

/** `GET /api/dial-policy`: the settings, the team's permissions, the latest refusals. */
export const DialPolicyView = z.object({
  settings: DialPolicySettings,
  users: z.array(DialPolicyUser),
  refusals: z.array(DialRefusal),
});
export type DialPolicyView = z.infer<typeof DialPolicyView>;

/**
 * `GET /api/internal/refer-check?callId=&token=&user=&replaces=&consult=` (service token): may a
 * REFER inside call `callId` name this transfer token? Yes only while the token is pending for that
 * very call (known, unexpired, not claimed, not used) and the Refer-To is the one issued for it:
 * the same user part (`user`), and for an attended transfer the same consult dialog (`replaces`,
 * its Call-ID) which the SIP server says is live between the rep and the target (`consult`:
 * `<caller extension>:<callee extension>` of that dialog, empty when it knows no such dialog).
 * Does not consume or claim the token.
 */
export const ReferCheckResult = z.object({ allowed: z.boolean() });
export type ReferCheckResult = z.infer<typeof ReferCheckResult>;
