import { z } from 'zod';
import { Presence } from './auth';
import { Currency, Id, IsoDateTime, safeText } from './common';

/** A Head names a wallboard (where the TV hangs) when creating its token. */
export const CreateWallboardTokenRequest = z.object({
  name: safeText(80).pipe(z.string().min(1, 'give the wallboard a name')),
});
export type CreateWallboardTokenRequest = z.infer<typeof CreateWallboardTokenRequest>;

/** A wallboard token as listed: never its value (only a hash of it is stored). */
export const WallboardTokenInfo = z.object({
  id: Id,
  name: z.string(),
  createdAt: IsoDateTime,
  createdByName: z.string().nullable(),
  lastUsedAt: IsoDateTime.nullable(),
  revokedAt: IsoDateTime.nullable(),
});
export type WallboardTokenInfo = z.infer<typeof WallboardTokenInfo>;

/**
 * A token just created: `token` and `url` are shown once and never again. `url` opens the
 * wallboard with the token in its fragment (`/wallboard#token=...`, not sent to any server);
 * relative when the server has no PUBLIC_URL.
 */
export const CreatedWallboardToken = z.object({
  id: Id,
  name: z.string(),
  token: z.string(),
  url: z.string(),
});
export type CreatedWallboardToken = z.infer<typeof CreatedWallboardToken>;

/** The wallboard's token travels as `Authorization: Wallboard <token>` (HTTP) or `auth.wallboardToken` (socket). */
export const WALLBOARD_AUTH_SCHEME = 'Wallboard';
/** 32 random bytes in base64url. */
export const WallboardTokenValue = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a wallboard token');

/** One rep on the wallboard. */
export const WallboardRep = z.object({
  userId: Id,
  name: z.string(),
  presence: Presence,
  /** Calls today: answered by them, and outbound placed by them. */
  calls: z.number().int(),
  wonToday: z.number().int(),
});
export type WallboardRep = z.infer<typeof WallboardRep>;

/** Today's figures in the team's time zone, for the TV on the sales floor. No deal, contact or number. */
export const WallboardFigures = z.object({
  /** The team's calendar day (YYYY-MM-DD) and zone the figures are of. */
  date: z.string(),
  timeZone: z.string(),
  generatedAt: IsoDateTime,
  name: z.string(),
  calls: z.object({ answered: z.number().int(), missed: z.number().int() }),
  speedToLead: z.object({
    /** Median minutes from created to first contact, of today's deals that were contacted; null if none. */
    medianMinutes: z.number().nullable(),
    contacted: z.number().int(),
    /** Unsorted leads nobody owns or has contacted yet (the shared inbox), now. */
    waiting: z.number().int(),
    oldestWaitingMinutes: z.number().int().nullable(),
  }),
  reps: z.array(WallboardRep),
  won: z.object({
    count: z.number().int(),
    amounts: z.array(z.object({ currency: Currency, amount: z.string() })),
  }),
});
export type WallboardFigures = z.infer<typeof WallboardFigures>;
