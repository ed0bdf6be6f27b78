import { createElement, type ReactNode } from 'react';
import type { IntlShape, MessageDescriptor } from 'react-intl';
import type { DealEvent } from '@callboard/contracts';
import { formatAmount, formatDate, formatDateTime, formatDuration, formatNumber } from '@/lib/format';
import { isKnownOutcome, outcomeText } from '@/features/wrap-ups';
import { QUALIFICATION_MESSAGES } from './qualification';
import { CALL_OUTCOMES, LOST_REASONS_INLINE, SENTENCES } from './timeline-messages';

// A timeline entry in words: "Alice moved it from New to In progress". Each kind of event is one
// whole sentence per language; names, titles and stage names go in as isolated user content. The
// event data is free-form per type, so every field is read defensively.

/** The edited fields a sentence names ("changed the owner"); another field is named by its key. */
const FIELDS: Record<string, string> = {
  title: 'title',
  amount: 'amount',
  currency: 'currency',
  contactId: 'contact',
  contactName: 'contact',
  ownerId: 'owner',
  qualification: 'qualification',
  lostReason: 'lostReason',
  status: 'status',
  expectedCloseOn: 'expectedCloseOn',
};

type Data = Record<string, unknown>;

/** A record's own entry: keys come from the server, and "constructor" must not find Object's. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** User data inside a sentence: isolated so it never reorders its neighbours, and marked as user content. */
function user(text: string): ReactNode {
  return createElement('bdi', { 'data-user-content': true }, text);
}

/** An identifier such as an offer number (Latin letters and digits): kept left to right in Hebrew. */
function code(text: string): ReactNode {
  return createElement('bdi', { dir: 'ltr' }, text);
}

/** Who did it; what a rule did is said with the rule's name: Rule “First conversation”. */
export function actorOf(intl: IntlShape, e: DealEvent): ReactNode {
  const rule = e.actorKind === 'system' ? str(e.data.ruleName) : null;
  if (rule) return intl.formatMessage(SENTENCES.actorRule, { rule: user(rule) });
  // an integration's key: named as the key (its Head is on Admin → API keys)
  if (e.actorKind === 'api_key') return intl.formatMessage(SENTENCES.actorApiKey, { key: user(e.actorName ?? '?') });
  if (e.actorName) return user(e.actorName);
  return intl.formatMessage(e.actorKind === 'system' ? SENTENCES.actorSystem : SENTENCES.actorSomeone);
}

function quoted(intl: IntlShape, text: string): ReactNode {
  return intl.formatMessage(SENTENCES.valueQuoted, { value: user(text) });
}

/** A value before or after an edit: quoted text, "empty", or "a new value" for something unreadable. */
function value(intl: IntlShape, field: string, v: unknown): ReactNode {
  if (v === null || v === undefined || v === '') return intl.formatMessage(SENTENCES.valueEmpty);
  if (typeof v === 'boolean') return intl.formatMessage(v ? SENTENCES.valueYes : SENTENCES.valueNo);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v !== 'string') return intl.formatMessage(SENTENCES.valueNew);
  if (field === 'amount' && /^-?\d+(\.\d+)?$/.test(v)) return intl.formatMessage(SENTENCES.valueQuoted, { value: formatAmount(v) });
  if (field === 'lostReason') return lostReasonInline(intl, v, true);
  return quoted(intl, v);
}

/** A lost reason inside a sentence: a default one in words, one the Head added as they named it. */
function lostReasonInline(intl: IntlShape, key: string, quote = false): ReactNode {
  const known = own(LOST_REASONS_INLINE, key);
  if (!known) return quote ? quoted(intl, key.replace(/_/g, ' ')) : user(key.replace(/_/g, ' '));
  const words = intl.formatMessage(known);
  return quote ? intl.formatMessage(SENTENCES.valueQuoted, { value: words }) : words;
}

function qualification(intl: IntlShape, v: unknown): ReactNode {
  const key = v === null || v === undefined ? 'none' : v;
  const message = typeof key === 'string' ? own<MessageDescriptor>(QUALIFICATION_MESSAGES, key) : undefined;
  return message ? intl.formatMessage(SENTENCES.valueQuoted, { value: intl.formatMessage(message) }) : value(intl, 'qualification', v);
}

function closeDate(intl: IntlShape, v: unknown): ReactNode {
  return typeof v === 'string' && v !== '' ? formatDate(v) : intl.formatMessage(SENTENCES.closeDateNone);
}

/** "added the tag “VIP”", "removed the tags “Q3” and “old”" (case-insensitively compared). */
function describeTags(intl: IntlShape, from: unknown, to: unknown): ReactNode[] {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : []);
  const before = list(from);
  const after = list(to);
  const has = (tags: string[], t: string) => tags.some((x) => x.toLowerCase() === t.toLowerCase());
  const added = after.filter((t) => !has(before, t));
  const removed = before.filter((t) => !has(after, t));
  const tags = (names: string[]) => intl.formatList(names.map((t) => quoted(intl, t)));
  const parts = [
    added.length ? intl.formatMessage(SENTENCES.tagsAdded, { count: added.length, tags: tags(added) }) : null,
    removed.length ? intl.formatMessage(SENTENCES.tagsRemoved, { count: removed.length, tags: tags(removed) }) : null,
  ].filter((p) => p !== null);
  return parts.length ? parts : [intl.formatMessage(SENTENCES.tagsChanged)];
}

function describeEdit(intl: IntlShape, actor: ReactNode, data: Data): ReactNode {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object') return intl.formatMessage(SENTENCES.edited, { actor });
  const parts = Object.entries(changes as Data).flatMap(([key, change]): ReactNode[] => {
    const field = own(FIELDS, key) ?? 'other';
    const fieldName = code(key);
    // ids mean nothing to a reader; name-less id changes are reported without values
    if (!change || typeof change !== 'object' || key.endsWith('Id')) return [intl.formatMessage(SENTENCES.fieldChanged, { field, fieldName })];
    const { from, to } = change as { from?: unknown; to?: unknown };
    if (key === 'tags') return describeTags(intl, from, to);
    const [a, b] =
      key === 'qualification' ? [qualification(intl, from), qualification(intl, to)]
      : key === 'expectedCloseOn' ? [closeDate(intl, from), closeDate(intl, to)]
      : [value(intl, key, from), value(intl, key, to)];
    return [intl.formatMessage(SENTENCES.fieldChangedFromTo, { field, fieldName, from: a, to: b })];
  });
  if (!parts.length) return intl.formatMessage(SENTENCES.edited, { actor });
  // the clauses one after another, the language's way ("A, B" in English)
  return intl.formatMessage(SENTENCES.editedChanges, { actor, changes: intl.formatList(parts, { type: 'unit', style: 'short' }) });
}

function describeCall(intl: IntlShape, e: DealEvent, actor: ReactNode): ReactNode {
  const d = e.data;
  const direction = str(d.direction) ?? 'unknown';
  const key = str(d.outcome) ?? str(d.status) ?? (d.missed === true ? 'missed' : null);
  const message = key ? own<MessageDescriptor>(CALL_OUTCOMES, key) : undefined;
  const outcome = message ? intl.formatMessage(message) : null;
  const secs = num(d.durationSec) ?? num(d.duration) ?? num(d.durationSeconds);
  const duration = secs !== null && secs > 0 ? formatDuration(secs) : null;
  const details = outcome && duration ? 'both' : outcome ? 'outcome' : duration ? 'duration' : 'none';
  const values = { direction, details, outcome: outcome ?? '', duration: duration ?? '' };
  // a call nobody placed (an inbound call the system logged) is said without an actor
  return e.actorKind === 'system' && !e.actorName ? intl.formatMessage(SENTENCES.callLogged, values) : intl.formatMessage(SENTENCES.call, { ...values, actor });
}

function describeNote(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const text = str(d.text) ?? str(d.body);
  if (d.kind === 'visit') {
    return intl.formatMessage(SENTENCES.visit, {
      actor,
      type: str(d.visitType) ?? 'unknown',
      status: str(d.visitStatus) ?? 'unknown',
      hasText: text ? 'yes' : 'no',
      text: text ? user(text) : '',
    });
  }
  return text ? intl.formatMessage(SENTENCES.noteText, { actor, text: user(text) }) : intl.formatMessage(SENTENCES.note, { actor });
}

const TASK_ACTIONS: Record<string, MessageDescriptor> = {
  created: SENTENCES.taskCreated,
  completed: SENTENCES.taskCompleted,
  reopened: SENTENCES.taskReopened,
  deleted: SENTENCES.taskDeleted,
  claimed: SENTENCES.taskClaimed,
};

function describeTask(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const title = str(d.title);
  const values = { actor, hasTitle: title ? 'yes' : 'no', title: title ? user(title) : '' };
  const action = str(d.action) ?? '';
  if (action === 'rescheduled') {
    const to = str(d.to);
    return to ? intl.formatMessage(SENTENCES.taskRescheduled, { ...values, when: formatDateTime(to) }) : intl.formatMessage(SENTENCES.taskDueRemoved, values);
  }
  return intl.formatMessage(own(TASK_ACTIONS, action) ?? SENTENCES.taskUpdated, values);
}

function describeOffer(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const number = str(d.number);
  const values = { actor, hasNumber: number ? 'yes' : 'no', number: number ? code(number) : '' };
  switch (str(d.action)) {
    case 'created':
      return intl.formatMessage(SENTENCES.offerCreated, values);
    case 'status':
      return intl.formatMessage(number ? SENTENCES.offerStatus : SENTENCES.anOfferStatus, { ...values, status: str(d.to) ?? 'unknown' });
    case 'renegotiated': {
      const version = num(d.version);
      return intl.formatMessage(SENTENCES.offerRenegotiated, { ...values, hasVersion: version ? 'yes' : 'no', version: version ? formatNumber(version) : '' });
    }
    case 'order_paid':
      return intl.formatMessage(SENTENCES.orderPaid, values);
    default:
      return intl.formatMessage(SENTENCES.offerUpdated, values);
  }
}

function describeRule(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const action = str(d.action);
  if (action === 'notify') {
    const message = str(d.message);
    return message ? intl.formatMessage(SENTENCES.ruleNotifiedText, { actor, message: user(message) }) : intl.formatMessage(SENTENCES.ruleNotified, { actor });
  }
  if (action === 'email') {
    const subject = str(d.subject);
    return subject ? intl.formatMessage(SENTENCES.ruleEmailedSubject, { actor, subject: user(subject) }) : intl.formatMessage(SENTENCES.ruleEmailed, { actor });
  }
  return intl.formatMessage(SENTENCES.ruleFired, { actor });
}

export function describeDealEvent(intl: IntlShape, e: DealEvent): ReactNode {
  const actor = actorOf(intl, e);
  const d = e.data;
  const stage = (v: unknown) => {
    const name = str(v);
    return name ? user(name) : intl.formatMessage(SENTENCES.anotherStage);
  };
  switch (e.type) {
    case 'created': {
      const source = str(d.source);
      if (source === 'inbound_call') return intl.formatMessage(SENTENCES.createdFromCall, { actor });
      if (source === 'web_form') return intl.formatMessage(SENTENCES.createdFromForm, { actor });
      if (source === 'import') return intl.formatMessage(SENTENCES.imported, { actor });
      const name = str(d.stageName);
      return name ? intl.formatMessage(SENTENCES.createdInStage, { actor, stage: user(name) }) : intl.formatMessage(SENTENCES.created, { actor });
    }
    case 'moved': {
      const values = { actor, from: stage(d.fromStageName), to: stage(d.toStageName) };
      const lost = str(d.lostReason);
      return lost ? intl.formatMessage(SENTENCES.movedLost, { ...values, reason: lostReasonInline(intl, lost) }) : intl.formatMessage(SENTENCES.moved, values);
    }
    case 'reassigned': {
      const from = str(d.fromOwnerName);
      const to = str(d.toOwnerName);
      if (!to) return from ? intl.formatMessage(SENTENCES.unassignedFrom, { actor, from: user(from) }) : intl.formatMessage(SENTENCES.unassigned, { actor });
      return from ? intl.formatMessage(SENTENCES.reassigned, { actor, from: user(from), to: user(to) }) : intl.formatMessage(SENTENCES.assigned, { actor, to: user(to) });
    }
    case 'edited':
      return describeEdit(intl, actor, d);
    case 'call':
      return describeCall(intl, e, actor);
    case 'note':
      return describeNote(intl, actor, d);
    case 'task':
      return describeTask(intl, actor, d);
    case 'offer':
      return describeOffer(intl, actor, d);
    case 'rule':
      return describeRule(intl, actor, d);
    case 'transferred': {
      const from = str(d.fromUserName);
      const to = str(d.toUserName);
      return intl.formatMessage(SENTENCES.transferred, {
        from: from ? user(from) : intl.formatMessage(SENTENCES.someRep),
        to: to ? user(to) : intl.formatMessage(SENTENCES.anotherRep),
      });
    }
    case 'wrap_up': {
      const key = str(d.outcome);
      const outcome = key ? (isKnownOutcome(key) ? outcomeText(intl, key) : user(outcomeText(intl, key))) : intl.formatMessage(SENTENCES.valueEmpty);
      const note = str(d.note);
      return note ? intl.formatMessage(SENTENCES.wrapUpNote, { actor, outcome, note: user(note) }) : intl.formatMessage(SENTENCES.wrapUp, { actor, outcome });
    }
    case 'declined_spam':
      return intl.formatMessage(SENTENCES.declinedSpam, { actor });
    case 'restored':
      return intl.formatMessage(SENTENCES.restored, { actor });
    case 'merged': {
      const title = user(str(d.intoDealTitle) ?? str(d.fromDealTitle) ?? '');
      if (d.direction === 'into') return intl.formatMessage(SENTENCES.mergedInto, { actor, title });
      return intl.formatMessage(SENTENCES.mergedFrom, { actor, title, calls: num(d.calls) ?? 0, tasks: num(d.tasks) ?? 0, activities: num(d.activities) ?? 0 });
    }
    case 'web_form': {
      const form = user(str(d.formName) ?? '');
      const message = str(d.message);
      return message ? intl.formatMessage(SENTENCES.webFormMessage, { form, message: user(message) }) : intl.formatMessage(SENTENCES.webForm, { form });
    }
    default: {
      const exhaustive: never = e.type;
      return intl.formatMessage(SENTENCES.unknown, { actor, kind: code(String(exhaustive)) });
    }
  }
}
