import { z } from 'zod';
import { Id, safeText } from './common';
import { Language } from './i18n';

export const Role = z.enum(['seller', 'head']);
export type Role = z.infer<typeof Role>;

export const Presence = z.enum(['available', 'busy', 'dnd', 'offline', 'on_call']);
export type Presence = z.infer<typeof Presence>;

export const User = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  role: Role,
  active: z.boolean(),
  /** The SIP extension (user part) this user's phones register as. */
  extension: z.string(),
  presence: Presence,
  /** The user's own language; null follows the team's (team settings). */
  language: Language.nullable(),
  /** Open the call's deal (or contact) in the browser when this user answers a call (issue 16); on by default. */
  openDealOnAnswer: z.boolean(),
});
export type User = z.infer<typeof User>;

export const LoginRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: z.string().min(1).max(200),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({
  accessToken: z.string(),
  user: User.pick({ id: true, email: true, name: true, role: true, language: true, openDealOnAnswer: true }).extend({
    extension: z.string(),
  }),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

/**
 * PATCH /api/auth/preferences: the signed-in user's own preferences; only the fields sent change,
 * at least one. (The language has its own PUT /api/auth/language.)
 */
export const UpdateMyPreferencesRequest = z
  .object({ openDealOnAnswer: z.boolean() })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one preference' });
export type UpdateMyPreferencesRequest = z.infer<typeof UpdateMyPreferencesRequest>;

/**
 * A password a person chooses: 10 to 200 characters. Length is the rule that matters (NIST
 * 800-63B); no composition rules. The service also refuses the email itself and the current one.
 */
export const NewPassword = z.string().min(10, 'At least 10 characters').max(200);

export const CreateUserRequest = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: safeText(120).pipe(z.string().min(1)),
  role: Role,
  password: NewPassword,
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

/** A SIP extension: the user part a user's phones register as, 2–8 digits. */
export const Extension = z.string().regex(/^[0-9]{2,8}$/, 'An extension is 2 to 8 digits');

export const UpdateUserRequest = z
  .object({
    name: safeText(120).pipe(z.string().min(1)),
    role: Role,
    active: z.boolean(),
    /** Another user's extension is refused (409 CONFLICT); the user's phones sign in again under the new one. */
    extension: Extension,
  })
  .partial()
  .strict();
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: NewPassword,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** A Head's reset: the server generates a temporary password, shown to the Head once. */
export const ResetPasswordResponse = z.object({ temporaryPassword: z.string() });
export type ResetPasswordResponse = z.infer<typeof ResetPasswordResponse>;

/** Whether the install still waits for its first Head (a one-time setup link exists). */
export const SetupStatus = z.object({ needed: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;

/** The first Head, created once with the one-time token from the setup link. */
export const SetupRequest = z.object({
  token: z.string().min(16).max(200),
  name: safeText(120).pipe(z.string().min(1)),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  password: NewPassword,
  /** The team's language, chosen by the first Head: the default stages and rules are renamed into it. */
  language: Language.optional(),
});
export type SetupRequest = z.infer<typeof SetupRequest>;

/** A login block: too many attempts from an address (email null) or for one email from it. */
export const LoginBlock = z.object({
  address: z.string(),
  email: z.string().nullable(),
  attempts: z.number().int(),
  blockedUntil: z.string(),
});
export type LoginBlock = z.infer<typeof LoginBlock>;

/** A SIP block written by Kamailio (table sip_auth_blocks): a pair or a whole address. */
export const SipBlock = z.object({
  address: z.string(),
  username: z.string().nullable(),
  scope: z.enum(['pair', 'address']),
  failures: z.number().int(),
  blockedAt: z.string(),
  blockedUntil: z.string(),
});
export type SipBlock = z.infer<typeof SipBlock>;

export const SecurityBlocks = z.object({ login: z.array(LoginBlock), sip: z.array(SipBlock) });
export type SecurityBlocks = z.infer<typeof SecurityBlocks>;
