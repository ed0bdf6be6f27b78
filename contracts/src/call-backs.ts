import { z } from 'zod';
import { Id } from './common';

/**
 * Where a missed call's call-back goes when the caller's deal has no owner: to `defaultAssigneeId`
 * (an active user a Head chose), or, when null, to nobody: an unclaimed call-back on every
 * Seller's Today list until one claims it or calls the number back.
 */
export const MissedCallSettings = z.object({
  defaultAssigneeId: Id.nullable(),
  /** Read-only: the default assignee's name. */
  defaultAssigneeName: z.string().nullable(),
});
export type MissedCallSettings = z.infer<typeof MissedCallSettings>;

export const UpdateMissedCallSettingsRequest = z.object({ defaultAssigneeId: Id.nullable() }).strict();
export type UpdateMissedCallSettingsRequest = z.infer<typeof UpdateMissedCallSettingsRequest>;
