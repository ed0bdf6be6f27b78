import { z } from 'zod';

/**
 * The languages Callboard is written in (issue 15): English, Hungarian, Indonesian, Romanian and
 * Hebrew (right to left). Each is a BCP 47 language tag without a region; the region of numbers,
 * dates and amounts comes from the team's currency and time zone, not from the language.
 */
export const LANGUAGES = ['en', 'hu', 'id', 'ro', 'he'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** Languages written right to left. */
export const RTL_LANGUAGES: readonly Language[] = ['he'];

/** An ISO 4217 currency code ("HUF", "EUR"). The server also checks Intl knows it. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** An ISO 3166-1 alpha-2 region ("HU"): how a number typed without a country code is read. */
export const PhoneRegion = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as HU');
export type PhoneRegion = z.infer<typeof PhoneRegion>;

/** PUT /api/auth/language: the signed-in user's own language; null follows the team's. */
export const UpdateMyLanguageRequest = z.object({ language: Language.nullable() }).strict();
export type UpdateMyLanguageRequest = z.infer<typeof UpdateMyLanguageRequest>;
