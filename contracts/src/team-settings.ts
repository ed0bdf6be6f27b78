import { z } from 'zod';
import { CurrencyCode, Language, PhoneRegion } from './i18n';

/**
 * An IANA time zone name, e.g. "Europe/Budapest": 1 to 64 characters, no control characters.
 * The server also checks that PostgreSQL knows it (pg_timezone_names).
 */
export const TimeZoneName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), { message: 'must not contain control characters' });

/** Days from a deal's creation to its default expected close date. */
export const ExpectedCloseDays = z.number().int('must be a whole number').min(1).max(365);

/**
 * The team's settings, chosen by a Head (GET /api/team-settings for everyone signed in): the time
 * zone that decides what "today" is (Today list, digest, reports, tiers), how many days after
 * its creation a new deal is expected to close, the team's language (a user without their own
 * choice sees it; emails and notifications are written in it), the currency of new deals and
 * reports, and the region a phone number typed without a country code is read in. Without a
 * Head's choice: the install's BUSINESS_TIMEZONE, 30 days, TEAM_LANGUAGE (else en), TEAM_CURRENCY
 * (else EUR) and DEFAULT_PHONE_REGION (else HU).
 */
export const TeamSettings = z.object({
  timeZone: TimeZoneName,
  expectedCloseDays: ExpectedCloseDays,
  language: Language,
  currency: CurrencyCode,
  phoneRegion: PhoneRegion,
});
export type TeamSettings = z.infer<typeof TeamSettings>;

/** PUT /api/team-settings (Head): either field or both. */
export const UpdateTeamSettingsRequest = TeamSettings.partial().strict();
export type UpdateTeamSettingsRequest = z.infer<typeof UpdateTeamSettingsRequest>;
