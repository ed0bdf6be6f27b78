import { z } from 'zod';

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
 * zone that decides what "today" is (Today list, digest, reports, tiers) and how many days after
 * its creation a new deal is expected to close. Without a Head's choice: the install's
 * BUSINESS_TIMEZONE and 30 days.
 */
export const TeamSettings = z.object({
  timeZone: TimeZoneName,
  expectedCloseDays: ExpectedCloseDays,
});
export type TeamSettings = z.infer<typeof TeamSettings>;

/** PUT /api/team-settings (Head): either field or both. */
export const UpdateTeamSettingsRequest = TeamSettings.partial().strict();
export type UpdateTeamSettingsRequest = z.infer<typeof UpdateTeamSettingsRequest>;
