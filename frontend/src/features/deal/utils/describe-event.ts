import { formatDate, formatDateTime, formatList } from '@/lib/format';
import type { DealEvent } from '@callboard/contracts';
import { QUALIFICATION_LABELS } from './qualification';

// A timeline entry in words: "Alice moved it from New to In progress". The event data is
// free-form per type, so every field is read defensively.

const FIELD_LABELS: Record<string, string> = {
  title: 'the title',
  amount: 'the amount',
  currency: 'the currency',
  contactId: 'the contact',
  contactName: 'the contact',
  ownerId: 'the owner',
  qualification: 'the qualification',
  lostReason: 'the lost reason',
  status: 'the status',
  expectedCloseOn: 'the expected close date',
};

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function quote(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  if (typeof v === 'string') return `“${v}”`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'a new value';
}

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Who did it; what a rule did is said with the rule's name: Rule “First conversation”. */
export function actorOf(e: DealEvent): string {
  const rule = e.actorKind === 'system' ? str(e.data.ruleName) : null;
  if (rule) return `Rule “${rule}”`;
  return e.actorName ?? (e.actorKind === 'system' ? 'System' : 'Someone');
}

const VISIT_TYPES: Record<string, string> = { phone: 'a phone', on_site: 'an on-site', telepresence: 'a telepresence', offer_request: 'an offer-request' };
const VISIT_STATUSES: Record<string, string> = { initial_contact: 'initial contact', contact: 'contact', offer: 'offer', offer_follow_up: 'offer follow-up' };
const OFFER_STATUSES: Record<string, string> = {
  draft: 'draft',
  sent: 'sent',
  confirmed: 'confirmed',
  in_follow_up: 'in follow-up',
  renegotiated: 'renegotiated',
  accepted: 'accepted',
  rejected: 'rejected',
  postponed: 'postponed',
};

function describeNote(actor: string, d: Record<string, unknown>): string {
  const text = str(d.text) ?? str(d.body);
  if (d.kind === 'visit') {
    const type = VISIT_TYPES[str(d.visitType) ?? ''] ?? 'a';
    const status = VISIT_STATUSES[str(d.visitStatus) ?? ''];
    return `${actor} logged ${type} visit${status ? ` (${status})` : ''}${text ? `: ${text}` : ''}`;
  }
  return text ? `${actor} added a note: ${text}` : `${actor} added a note`;
}

function describeTask(actor: string, d: Record<string, unknown>): string {
  const title = str(d.title);
  const what = title ? `the task “${title}”` : 'a task';
  switch (str(d.action)) {
    case 'created':
      return `${actor} created ${what}`;
    case 'completed':
      return `${actor} completed ${what}`;
    case 'reopened':
      return `${actor} reopened ${what}`;
    case 'deleted':
      return `${actor} deleted ${what}`;
    case 'claimed':
      return `${actor} claimed ${what}`;
    case 'rescheduled': {
      const to = str(d.to);
      return to ? `${actor} rescheduled ${what} to ${formatDateTime(to)}` : `${actor} removed the due time of ${what}`;
    }
    default:
      return `${actor} updated ${what}`;
  }
}

function describeOffer(actor: string, d: Record<string, unknown>): string {
  const number = str(d.number);
  const offer = number ? `offer ${number}` : 'an offer';
  switch (str(d.action)) {
    case 'created':
      return `${actor} created ${offer}`;
    case 'status':
      return `${actor} marked ${offer} as ${OFFER_STATUSES[str(d.to) ?? ''] ?? 'changed'}`;
    case 'renegotiated':
      return `${actor} renegotiated ${offer}${num(d.version) ? ` (version ${num(d.version)})` : ''}`;
    case 'order_paid':
      return number ? `${actor} marked order ${number} as paid` : `${actor} marked an order as paid`;
    default:
      return `${actor} updated ${offer}`;
  }
}

function describeRule(actor: string, d: Record<string, unknown>): string {
  const action = str(d.action);
  if (action === 'notify') return `${actor} sent a notification${str(d.message) ? `: ${str(d.message)}` : ''}`;
  if (action === 'email') return `${actor} sent an email${str(d.subject) ? `: ${str(d.subject)}` : ''}`;
  return `${actor} fired`;
}

function qualification(v: unknown): string {
  const label = typeof v === 'string' ? QUALIFICATION_LABELS[v as keyof typeof QUALIFICATION_LABELS] : undefined;
  return label ? `“${label}”` : v === null || v === undefined ? `“${QUALIFICATION_LABELS.none}”` : quote(v);
}

/** "added the tag “VIP”, removed the tags “Q3” and “old”" (case-insensitively compared). */
function describeTags(from: unknown, to: unknown): string {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
  const before = list(from);
  const after = list(to);
  const has = (tags: string[], t: string) => tags.some((x) => x.toLowerCase() === t.toLowerCase());
  const added = after.filter((t) => !has(before, t));
  const removed = before.filter((t) => !has(after, t));
  const words = (verb: string, tags: string[]) =>
    `${verb} the ${tags.length === 1 ? 'tag' : 'tags'} ${formatList(tags.map((t) => `“${t}”`))}`;
  const parts = [added.length ? words('added', added) : null, removed.length ? words('removed', removed) : null].filter(Boolean);
  return parts.length ? parts.join(', ') : 'changed the tags';
}

function closeDate(v: unknown): string {
  return typeof v === 'string' && v !== '' ? formatDate(v) : 'none';
}

function describeEdit(actor: string, data: Record<string, unknown>): string {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object') return `${actor} edited it`;
  const parts = Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    const label = FIELD_LABELS[field] ?? field;
    if (!change || typeof change !== 'object') return `changed ${label}`;
    const { from, to } = change as { from?: unknown; to?: unknown };
    // ids mean nothing to a reader; name-less id changes are reported without values
    if (field.endsWith('Id')) return `changed ${label}`;
    if (field === 'qualification') return `changed ${label} from ${qualification(from)} to ${qualification(to)}`;
    if (field === 'tags') return describeTags(from, to);
    if (field === 'expectedCloseOn') return `changed ${label} from ${closeDate(from)} to ${closeDate(to)}`;
    return `changed ${label} from ${quote(from)} to ${quote(to)}`;
  });
  return parts.length ? `${actor} ${parts.join(', ')}` : `${actor} edited it`;
}

function describeCall(e: DealEvent, actor: string): string {
  const d = e.data;
  const direction = str(d.direction);
  const outcome = str(d.outcome) ?? str(d.status) ?? (d.missed === true ? 'missed' : null);
  const secs = num(d.durationSec) ?? num(d.duration) ?? num(d.durationSeconds);
  const kind = direction === 'inbound' ? 'inbound call' : direction === 'outbound' ? 'outbound call' : 'call';
  const details = [outcome, secs !== null && secs > 0 ? duration(secs) : null].filter(Boolean).join(', ');
  const what = `${kind}${details ? ` (${details})` : ''}`;
  return e.actorKind === 'system' && !e.actorName ? `${what[0]?.toUpperCase()}${what.slice(1)}` : `${actor}: ${what}`;
}

export function describeDealEvent(e: DealEvent): string {
  const actor = actorOf(e);
  const d = e.data;
  switch (e.type) {
    case 'created': {
      const source = str(d.source);
      if (source === 'inbound_call') return `${actor} created it from an inbound call`;
      if (source === 'web_form') return `${actor} created it from a web form`;
      if (source === 'import') return `${actor} imported it`;
      const stage = str(d.stageName);
      return stage ? `${actor} created it in ${stage}` : `${actor} created it`;
    }
    case 'moved': {
      const lost = str(d.lostReason);
      const why = lost ? ` (reason: ${lost.replace(/_/g, ' ')})` : '';
      return `${actor} moved it from ${str(d.fromStageName) ?? 'another stage'} to ${str(d.toStageName) ?? 'another stage'}${why}`;
    }
    case 'reassigned': {
      const from = str(d.fromOwnerName);
      const to = str(d.toOwnerName);
      if (!to) return from ? `${actor} unassigned it from ${from}` : `${actor} unassigned it`;
      return from ? `${actor} reassigned it from ${from} to ${to}` : `${actor} assigned it to ${to}`;
    }
    case 'edited':
      return describeEdit(actor, d);
    case 'call':
      return describeCall(e, actor);
    case 'note':
      return describeNote(actor, d);
    case 'task':
      return describeTask(actor, d);
    case 'offer':
      return describeOffer(actor, d);
    case 'rule':
      return describeRule(actor, d);
    case 'transferred': {
      const from = str(d.fromUserName) ?? 'a rep';
      const to = str(d.toUserName) ?? 'another rep';
      return `${from} transferred the call to ${to}, who now owns the deal`;
    }
    default: {
      const exhaustive: never = e.type;
      return `${actor} ${String(exhaustive)}`;
    }
  }
}
