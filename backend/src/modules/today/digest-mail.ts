import type { TodayItem } from '@callboard/contracts';
import type { Words } from '../../i18n/catalogue';
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

/** Deal, contact and phone: user data, written as they are. */
function who(item: { dealTitle: string | null; contactName: string | null; contactPhone?: string | null }): string {
  return [item.dealTitle, item.contactName, item.contactPhone].filter(Boolean).join(', ');
}

/** One line of the list, in the reader's words; dates in the team's zone. */
function itemLine(w: Words, item: TodayItem): string {
  const since = { hasSince: item.at ? 'yes' : 'no', since: item.at ? w.dateOf(item.at) : '' };
  const deal = { hasDeal: item.dealTitle ? 'yes' : 'no', who: who(item) };
  const task = item.taskTitle ?? '';
  switch (item.kind) {
    case 'new_lead':
      return `- ${w.t('digest.item.newLead', { ...since, who: who(item) })}`;
    case 'due_today':
      return `- ${w.t('digest.item.dueToday', { task, ...deal })}`;
    case 'unanswered_yesterday':
      return `- ${w.t('digest.item.unansweredYesterday', { who: who(item) })}`;
    case 'overdue':
      return `- ${w.t('digest.item.overdue', { task, hasDue: item.dueAt ? 'yes' : 'no', due: item.dueAt ? w.dateOf(item.dueAt) : '', ...deal })}`;
    case 'unclaimed_call_back':
      return `- ${w.t('digest.item.unclaimedCallBack', { task, ...since, ...deal })}`;
    case 'wrap_up':
      // never in the digest: TodayRepository.items leaves pending wrap-ups to the Today page
      return `- ${who(item)}`;
  }
}

/** Splits a Seller's day into whom to contact today and whom they forgot (overdue tasks, deals gone quiet). */
export function sellerParts(d: Pick<SellerDay, 'items' | 'forgotten'>): { contact: TodayItem[]; overdue: TodayItem[]; forgotten: ForgottenDeal[] } {
  return { contact: d.items.filter((i) => i.kind !== 'overdue'), overdue: d.items.filter((i) => i.kind === 'overdue'), forgotten: d.forgotten };
}

/** A Seller's digest in their words, or null when there is nothing to say (no mail for an empty day). */
export function sellerDigest(w: Words, date: string, d: SellerDay, now: Date): Mail | null {
  const parts = sellerParts(d);
  const contact = parts.contact.map((i) => itemLine(w, i));
  const forgot = [
    ...parts.overdue.map((i) => itemLine(w, i)),
    ...parts.forgotten.map((f) => `- ${w.t('digest.item.noContact', { days: Math.floor((now.getTime() - new Date(f.lastContactAt).getTime()) / DAY_MS), who: who(f) })}`),
  ];
  if (!contact.length && !forgot.length) return null;
  const body = [
    w.t('digest.seller.greeting', { name: d.name }),
    '',
    w.t('digest.seller.contactHeading', { count: contact.length }),
    ...(contact.length ? contact : [`- ${w.t('digest.seller.nobodyWaiting')}`]),
    '',
    w.t('digest.seller.forgotHeading', { count: forgot.length }),
    ...(forgot.length ? forgot : [`- ${w.t('digest.seller.nobodyForgotten')}`]),
    '',
    w.t('digest.seller.closing'),
  ].join('\n');
  return { subject: w.t('digest.seller.subject', { date: w.day(date), contact: contact.length, forgot: forgot.length }), body };
}

/** The Heads' digest in their words: each Seller's numbers, the inbox leads nobody has taken, and the missed calls nobody has claimed. */
export function headDigest(
  w: Words,
  date: string,
  sellers: { name: string; contact: number; forgot: number }[],
  unassigned: number,
  unclaimed: TodayItem[] = [],
): Mail {
  const lines = sellers.map((s) => `- ${w.t('digest.head.sellerLine', { name: s.name, contact: s.contact, forgot: s.forgot })}`);
  const body = [
    w.t('digest.head.title', { date: w.day(date) }),
    '',
    ...(lines.length ? lines : [`- ${w.t('digest.head.noSellers')}`]),
    '',
    w.t('digest.head.unassigned', { count: unassigned }),
    '',
    w.t('digest.head.unclaimedHeading', { count: unclaimed.length }),
    ...(unclaimed.length ? unclaimed.map((i) => itemLine(w, i)) : [`- ${w.t('digest.head.noUnclaimed')}`]),
  ].join('\n');
  const contact = sellers.reduce((n, s) => n + s.contact, 0);
  const forgot = sellers.reduce((n, s) => n + s.forgot, 0);
  return { subject: w.t('digest.head.subject', { date: w.day(date), contact, forgot, unassigned, unclaimed: unclaimed.length }), body };
}
