import type { SpeedBucket } from '@callboard/contracts';

/** Speed-to-lead buckets, in order, as people read them. */
export const SPEED_BUCKET_LABELS: Record<SpeedBucket, string> = {
  lt1m: '1 min or less',
  '1to5m': '1–5 min',
  '5to10m': '5–10 min',
  '10to30m': '10–30 min',
  '30to60m': '30–60 min',
  '1to4h': '1–4 h',
  '4to24h': '4–24 h',
  gt24h: 'Over 24 h',
};

/** The buckets that end at or before the SLA (10 minutes by default): coloured "within". */
export function bucketWithinSla(key: SpeedBucket, slaMinutes: number): boolean {
  const ends: Record<SpeedBucket, number> = { lt1m: 1, '1to5m': 5, '5to10m': 10, '10to30m': 30, '30to60m': 60, '1to4h': 240, '4to24h': 1440, gt24h: Infinity };
  return ends[key] <= slaMinutes;
}

const LOST_REASONS: Record<string, string> = {
  price: 'Price',
  competitor: 'Competitor',
  no_budget: 'No budget',
  not_interested: 'Not interested',
  unreachable: 'Unreachable',
  other: 'Other',
  forgotten: 'Forgotten',
};

/** A lost reason as a label ("no_budget" -> "No budget"); null is "No reason given". */
export function lostReasonLabel(reason: string | null): string {
  if (reason === null) return 'No reason given';
  return LOST_REASONS[reason] ?? humanize(reason);
}

/** "in_follow_up" -> "In follow up", "inbound_call" -> "Inbound call". */
export function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : value;
}

/** A contact class for a heading: "A" -> "Class A", null -> "No class". */
export function classLabel(importance: string | null): string {
  return importance ? `Class ${importance}` : 'No class';
}
