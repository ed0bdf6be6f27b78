import type { TodayItem } from '@callboard/contracts';
import type { ForgottenDeal } from './digest.repository';

/** A deal with no contact for this long is one the Seller forgot. */
export const FORGOTTEN_AFTER_DAYS = 14;

export interface Mail {
  subject: string;
  body: string;
}

export interface SellerDay {
  name: string;
  /** The today list: new leads, due today, unanswered yesterday, overdue. */
  items: TodayItem[];
  forgotten: ForgottenDeal[];
}

const DAY_MS = 86_400_000;
const day = (iso: string | Date) => new Date(iso).toISOString().slice(0, 10);

function who(item: { dealTitle: string | null; contactName: string | null; contactPhone?: string | null }): string {
  return [item.dealTitle, item.contactName, item.contactPhone].filter(Boolean).join(', ');
}

function contactLine(item: TodayItem): string {
  switch (item.kind) {
    case 'new_lead':
      return `- New lead, never contacted: ${who(item)}${item.at ? ` (since ${day(item.at)})` : ''}`;
    case 'due_today':
      return `- Task due today: ${item.taskTitle}${item.dealTitle ? ` - ${who(item)}` : ''}`;
    case 'unanswered_yesterday':
      return `- Did not answer yesterday, try again: ${who(item)}`;
    case 'overdue':
      return `- Overdue task: ${item.taskTitle}${item.dueAt ? ` (due ${day(item.dueAt)})` : ''}${item.dealTitle ? ` - ${who(item)}` : ''}`;
    case 'unclaimed_call_back':
      return `- Missed call, nobody has claimed the call-back yet: ${item.taskTitle}${item.at ? ` (since ${day(item.at)})` : ''}${item.dealTitle ? ` - ${who(item)}` : ''}`;
  }
}

/** Splits a Seller's day into whom to contact today and whom they forgot (overdue tasks, deals gone quiet). */
export function sellerParts(d: SellerDay, now: Date): { contact: string[]; forgot: string[] } {
  const contact = d.items.filter((i) => i.kind !== 'overdue').map(contactLine);
  const forgot = [
    ...d.items.filter((i) => i.kind === 'overdue').map(contactLine),
    ...d.forgotten.map((f) => `- No contact for ${Math.floor((now.getTime() - new Date(f.lastContactAt).getTime()) / DAY_MS)} days: ${who(f)}`),
  ];
  return { contact, forgot };
}

/** A Seller's digest, or null when there is nothing to say (no mail for an empty day). */
export function sellerDigest(date: string, d: SellerDay, now: Date): Mail | null {
  const { contact, forgot } = sellerParts(d, now);
  if (!contact.length && !forgot.length) return null;
  const body = [
    `Good morning ${d.name},`,
    '',
    `Whom to contact today (${contact.length}):`,
    ...(contact.length ? contact : ['- nobody waiting']),
    '',
    `Whom you forgot (${forgot.length}):`,
    ...(forgot.length ? forgot : ['- nobody']),
    '',
    'Your Today list in Callboard has them in this order.',
  ].join('\n');
  return { subject: `Your day ${date}: ${contact.length} to contact, ${forgot.length} forgotten`, body };
}

/** The Heads' digest: each Seller's numbers, the inbox leads nobody has taken, and the missed calls nobody has claimed. */
export function headDigest(
  date: string,
  sellers: { name: string; contact: number; forgot: number }[],
  unassigned: number,
  unclaimed: TodayItem[] = [],
): Mail {
  const lines = sellers.map((s) => `- ${s.name}: ${s.contact} to contact today, ${s.forgot} forgotten`);
  const body = [
    `Team digest for ${date}`,
    '',
    ...(lines.length ? lines : ['- no active Sellers']),
    '',
    `Unassigned leads in the inbox: ${unassigned}`,
    '',
    `Unclaimed call-backs of missed calls (${unclaimed.length}):`,
    ...(unclaimed.length ? unclaimed.map(contactLine) : ['- none']),
  ].join('\n');
  const contact = sellers.reduce((n, s) => n + s.contact, 0);
  const forgot = sellers.reduce((n, s) => n + s.forgot, 0);
  const missed = unclaimed.length ? `, ${unclaimed.length} unclaimed call-back${unclaimed.length === 1 ? '' : 's'}` : '';
  return { subject: `Team digest ${date}: ${contact} to contact, ${forgot} forgotten, ${unassigned} unassigned${missed}`, body };
}
