import { createElement, type ReactNode } from 'react';
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import type { DealEvent } from '@callboard/contracts';
import { formatAmount, formatDate, formatDateTime, formatDuration, formatNumber } from '@/lib/format';
import { QUALIFICATION_MESSAGES } from './qualification';

// A timeline entry in words: "Alice moved it from New to In progress". Each kind of event is one
// whole sentence per language; names, titles and stage names go in as isolated user content. The
// event data is free-form per type, so every field is read defensively.

/**
 * The messages as plain descriptors: each takes its own values, which the catalogue test checks
 * against every language (react-intl would otherwise type them as taking none).
 */
function sentences<K extends string>(messages: Record<K, MessageDescriptor>): Record<K, MessageDescriptor> {
  return messages;
}

const M = sentences(
  defineMessages({
    actorRule: { id: 'deal.timeline.actor.rule', defaultMessage: 'Rule “{rule}”' },
    actorSystem: { id: 'deal.timeline.actor.system', defaultMessage: 'System' },
    actorSomeone: { id: 'deal.timeline.actor.someone', defaultMessage: 'Someone' },

    createdFromCall: { id: 'deal.timeline.created.inboundCall', defaultMessage: '{actor} created it from an inbound call' },
    createdFromForm: { id: 'deal.timeline.created.webForm', defaultMessage: '{actor} created it from a web form' },
    imported: { id: 'deal.timeline.created.imported', defaultMessage: '{actor} imported it' },
    createdInStage: { id: 'deal.timeline.created.inStage', defaultMessage: '{actor} created it in {stage}' },
    created: { id: 'deal.timeline.created.plain', defaultMessage: '{actor} created it' },

    moved: { id: 'deal.timeline.moved.plain', defaultMessage: '{actor} moved it from {from} to {to}' },
    movedLost: { id: 'deal.timeline.moved.lost', defaultMessage: '{actor} moved it from {from} to {to} (reason: {reason})' },
    anotherStage: { id: 'deal.timeline.moved.anotherStage', defaultMessage: 'another stage' },

    unassignedFrom: { id: 'deal.timeline.reassigned.unassignedFrom', defaultMessage: '{actor} unassigned it from {from}' },
    unassigned: { id: 'deal.timeline.reassigned.unassigned', defaultMessage: '{actor} unassigned it' },
    reassigned: { id: 'deal.timeline.reassigned.reassigned', defaultMessage: '{actor} reassigned it from {from} to {to}' },
    assigned: { id: 'deal.timeline.reassigned.assigned', defaultMessage: '{actor} assigned it to {to}' },

    edited: { id: 'deal.timeline.edited.plain', defaultMessage: '{actor} edited it' },
    editedChanges: { id: 'deal.timeline.edited.changes', defaultMessage: '{actor} {changes}' },
    fieldChanged: {
      id: 'deal.timeline.edited.field',
      defaultMessage:
        '{field, select, title {changed the title} amount {changed the amount} currency {changed the currency} contact {changed the contact} owner {changed the owner} qualification {changed the qualification} lostReason {changed the lost reason} status {changed the status} expectedCloseOn {changed the expected close date} other {changed {fieldName}}}',
    },
    fieldChangedFromTo: {
      id: 'deal.timeline.edited.fieldFromTo',
      defaultMessage:
        '{field, select, title {changed the title from {from} to {to}} amount {changed the amount from {from} to {to}} currency {changed the currency from {from} to {to}} contact {changed the contact from {from} to {to}} owner {changed the owner from {from} to {to}} qualification {changed the qualification from {from} to {to}} lostReason {changed the lost reason from {from} to {to}} status {changed the status from {from} to {to}} expectedCloseOn {changed the expected close date from {from} to {to}} other {changed {fieldName} from {from} to {to}}}',
    },
    tagsAdded: { id: 'deal.timeline.edited.tagsAdded', defaultMessage: '{count, plural, one {added the tag {tags}} other {added the tags {tags}}}' },
    tagsRemoved: { id: 'deal.timeline.edited.tagsRemoved', defaultMessage: '{count, plural, one {removed the tag {tags}} other {removed the tags {tags}}}' },
    tagsChanged: { id: 'deal.timeline.edited.tagsChanged', defaultMessage: 'changed the tags' },
    valueQuoted: { id: 'deal.timeline.value.quoted', defaultMessage: '“{value}”' },
    valueEmpty: { id: 'deal.timeline.value.empty', defaultMessage: 'empty' },
    valueNew: { id: 'deal.timeline.value.new', defaultMessage: 'a new value' },
    valueYes: { id: 'deal.timeline.value.yes', defaultMessage: 'yes' },
    valueNo: { id: 'deal.timeline.value.no', defaultMessage: 'no' },
    closeDateNone: { id: 'deal.timeline.value.noDate', defaultMessage: 'none' },

    call: {
      id: 'deal.timeline.call.byActor',
      defaultMessage:
        '{actor}: {direction, select, inbound {inbound call} outbound {outbound call} other {call}}{details, select, outcome { ({outcome})} duration { ({duration})} both { ({outcome}, {duration})} other {}}',
    },
    callLogged: {
      id: 'deal.timeline.call.logged',
      defaultMessage:
        '{direction, select, inbound {Inbound call} outbound {Outbound call} other {Call}}{details, select, outcome { ({outcome})} duration { ({duration})} both { ({outcome}, {duration})} other {}}',
    },

    visit: {
      id: 'deal.timeline.note.visit',
      defaultMessage:
        '{actor} logged {type, select, phone {a phone visit} on_site {an on-site visit} telepresence {a telepresence visit} offer_request {an offer-request visit} other {a visit}}{status, select, initial_contact { (initial contact)} contact { (contact)} offer { (offer)} offer_follow_up { (offer follow-up)} other {}}{hasText, select, yes {: {text}} other {}}',
    },
    note: { id: 'deal.timeline.note.added', defaultMessage: '{actor} added a note' },
    noteText: { id: 'deal.timeline.note.addedText', defaultMessage: '{actor} added a note: {text}' },

    taskCreated: { id: 'deal.timeline.task.created', defaultMessage: '{hasTitle, select, yes {{actor} created the task “{title}”} other {{actor} created a task}}' },
    taskCompleted: { id: 'deal.timeline.task.completed', defaultMessage: '{hasTitle, select, yes {{actor} completed the task “{title}”} other {{actor} completed a task}}' },
    taskReopened: { id: 'deal.timeline.task.reopened', defaultMessage: '{hasTitle, select, yes {{actor} reopened the task “{title}”} other {{actor} reopened a task}}' },
    taskDeleted: { id: 'deal.timeline.task.deleted', defaultMessage: '{hasTitle, select, yes {{actor} deleted the task “{title}”} other {{actor} deleted a task}}' },
    taskClaimed: { id: 'deal.timeline.task.claimed', defaultMessage: '{hasTitle, select, yes {{actor} claimed the task “{title}”} other {{actor} claimed a task}}' },
    taskRescheduled: {
      id: 'deal.timeline.task.rescheduled',
      defaultMessage: '{hasTitle, select, yes {{actor} rescheduled the task “{title}” to {when}} other {{actor} rescheduled a task to {when}}}',
    },
    taskDueRemoved: {
      id: 'deal.timeline.task.dueRemoved',
      defaultMessage: '{hasTitle, select, yes {{actor} removed the due time of the task “{title}”} other {{actor} removed the due time of a task}}',
    },
    taskUpdated: { id: 'deal.timeline.task.updated', defaultMessage: '{hasTitle, select, yes {{actor} updated the task “{title}”} other {{actor} updated a task}}' },

    offerCreated: { id: 'deal.timeline.offer.created', defaultMessage: '{hasNumber, select, yes {{actor} created offer {number}} other {{actor} created an offer}}' },
    offerStatus: {
      id: 'deal.timeline.offer.status',
      defaultMessage:
        '{actor} marked offer {number} as {status, select, draft {draft} sent {sent} confirmed {confirmed} in_follow_up {in follow-up} renegotiated {renegotiated} accepted {accepted} rejected {rejected} postponed {postponed} other {changed}}',
    },
    anOfferStatus: {
      id: 'deal.timeline.offer.statusUnnumbered',
      defaultMessage:
        '{actor} marked an offer as {status, select, draft {draft} sent {sent} confirmed {confirmed} in_follow_up {in follow-up} renegotiated {renegotiated} accepted {accepted} rejected {rejected} postponed {postponed} other {changed}}',
    },
    offerRenegotiated: {
      id: 'deal.timeline.offer.renegotiated',
      defaultMessage: '{hasNumber, select, yes {{actor} renegotiated offer {number}} other {{actor} renegotiated an offer}}{hasVersion, select, yes { (version {version})} other {}}',
    },
    orderPaid: { id: 'deal.timeline.offer.orderPaid', defaultMessage: '{hasNumber, select, yes {{actor} marked order {number} as paid} other {{actor} marked an order as paid}}' },
    offerUpdated: { id: 'deal.timeline.offer.updated', defaultMessage: '{hasNumber, select, yes {{actor} updated offer {number}} other {{actor} updated an offer}}' },

    ruleNotified: { id: 'deal.timeline.rule.notified', defaultMessage: '{actor} sent a notification' },
    ruleNotifiedText: { id: 'deal.timeline.rule.notifiedText', defaultMessage: '{actor} sent a notification: {message}' },
    ruleEmailed: { id: 'deal.timeline.rule.emailed', defaultMessage: '{actor} sent an email' },
    ruleEmailedSubject: { id: 'deal.timeline.rule.emailedSubject', defaultMessage: '{actor} sent an email: {subject}' },
    ruleFired: { id: 'deal.timeline.rule.fired', defaultMessage: '{actor} fired' },

    transferred: { id: 'deal.timeline.transferred.call', defaultMessage: '{from} transferred the call to {to}, who now owns the deal' },
    someRep: { id: 'deal.timeline.transferred.someRep', defaultMessage: 'A rep' },
    anotherRep: { id: 'deal.timeline.transferred.anotherRep', defaultMessage: 'another rep' },

    unknown: { id: 'deal.timeline.unknown', defaultMessage: '{actor} {kind}' },
  }),
);

/** A call's outcome inside the sentence: "Inbound call (missed, 0:42)". */
const CALL_OUTCOMES = defineMessages({
  ringing: { id: 'deal.timeline.callOutcome.ringing', defaultMessage: 'ringing' },
  answered: { id: 'deal.timeline.callOutcome.answered', defaultMessage: 'answered' },
  completed: { id: 'deal.timeline.callOutcome.completed', defaultMessage: 'completed' },
  missed: { id: 'deal.timeline.callOutcome.missed', defaultMessage: 'missed' },
  transferred: { id: 'deal.timeline.callOutcome.transferred', defaultMessage: 'transferred' },
});

/** A default lost reason inside a sentence: "(reason: no budget)". The labels in lists are deal.lostReason.*. */
const LOST_REASONS_INLINE: Record<string, MessageDescriptor> = defineMessages({
  price: { id: 'deal.timeline.lostReason.price', defaultMessage: 'price' },
  competitor: { id: 'deal.timeline.lostReason.competitor', defaultMessage: 'competitor' },
  no_budget: { id: 'deal.timeline.lostReason.no_budget', defaultMessage: 'no budget' },
  not_interested: { id: 'deal.timeline.lostReason.not_interested', defaultMessage: 'not interested' },
  unreachable: { id: 'deal.timeline.lostReason.unreachable', defaultMessage: 'unreachable' },
  other: { id: 'deal.timeline.lostReason.other', defaultMessage: 'other' },
});

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
  if (rule) return intl.formatMessage(M.actorRule, { rule: user(rule) });
  if (e.actorName) return user(e.actorName);
  return intl.formatMessage(e.actorKind === 'system' ? M.actorSystem : M.actorSomeone);
}

function quoted(intl: IntlShape, text: string): ReactNode {
  return intl.formatMessage(M.valueQuoted, { value: user(text) });
}

/** A value before or after an edit: quoted text, "empty", or "a new value" for something unreadable. */
function value(intl: IntlShape, field: string, v: unknown): ReactNode {
  if (v === null || v === undefined || v === '') return intl.formatMessage(M.valueEmpty);
  if (typeof v === 'boolean') return intl.formatMessage(v ? M.valueYes : M.valueNo);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v !== 'string') return intl.formatMessage(M.valueNew);
  if (field === 'amount' && /^-?\d+(\.\d+)?$/.test(v)) return intl.formatMessage(M.valueQuoted, { value: formatAmount(v) });
  if (field === 'lostReason') return lostReasonInline(intl, v, true);
  return quoted(intl, v);
}

/** A lost reason inside a sentence: a default one in words, one the Head added as they named it. */
function lostReasonInline(intl: IntlShape, key: string, quote = false): ReactNode {
  const known = own(LOST_REASONS_INLINE, key);
  if (!known) return quote ? quoted(intl, key.replace(/_/g, ' ')) : user(key.replace(/_/g, ' '));
  const words = intl.formatMessage(known);
  return quote ? intl.formatMessage(M.valueQuoted, { value: words }) : words;
}

function qualification(intl: IntlShape, v: unknown): ReactNode {
  const key = v === null || v === undefined ? 'none' : v;
  const message = typeof key === 'string' ? own<MessageDescriptor>(QUALIFICATION_MESSAGES, key) : undefined;
  return message ? intl.formatMessage(M.valueQuoted, { value: intl.formatMessage(message) }) : value(intl, 'qualification', v);
}

function closeDate(intl: IntlShape, v: unknown): ReactNode {
  return typeof v === 'string' && v !== '' ? formatDate(v) : intl.formatMessage(M.closeDateNone);
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
    added.length ? intl.formatMessage(M.tagsAdded, { count: added.length, tags: tags(added) }) : null,
    removed.length ? intl.formatMessage(M.tagsRemoved, { count: removed.length, tags: tags(removed) }) : null,
  ].filter((p) => p !== null);
  return parts.length ? parts : [intl.formatMessage(M.tagsChanged)];
}

function describeEdit(intl: IntlShape, actor: ReactNode, data: Data): ReactNode {
  const changes = data.changes;
  if (!changes || typeof changes !== 'object') return intl.formatMessage(M.edited, { actor });
  const parts = Object.entries(changes as Data).flatMap(([key, change]): ReactNode[] => {
    const field = own(FIELDS, key) ?? 'other';
    const fieldName = code(key);
    // ids mean nothing to a reader; name-less id changes are reported without values
    if (!change || typeof change !== 'object' || key.endsWith('Id')) return [intl.formatMessage(M.fieldChanged, { field, fieldName })];
    const { from, to } = change as { from?: unknown; to?: unknown };
    if (key === 'tags') return describeTags(intl, from, to);
    const [a, b] =
      key === 'qualification' ? [qualification(intl, from), qualification(intl, to)]
      : key === 'expectedCloseOn' ? [closeDate(intl, from), closeDate(intl, to)]
      : [value(intl, key, from), value(intl, key, to)];
    return [intl.formatMessage(M.fieldChangedFromTo, { field, fieldName, from: a, to: b })];
  });
  if (!parts.length) return intl.formatMessage(M.edited, { actor });
  // the clauses one after another, the language's way ("A, B" in English)
  return intl.formatMessage(M.editedChanges, { actor, changes: intl.formatList(parts, { type: 'unit', style: 'short' }) });
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
  return e.actorKind === 'system' && !e.actorName ? intl.formatMessage(M.callLogged, values) : intl.formatMessage(M.call, { ...values, actor });
}

function describeNote(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const text = str(d.text) ?? str(d.body);
  if (d.kind === 'visit') {
    return intl.formatMessage(M.visit, {
      actor,
      type: str(d.visitType) ?? 'unknown',
      status: str(d.visitStatus) ?? 'unknown',
      hasText: text ? 'yes' : 'no',
      text: text ? user(text) : '',
    });
  }
  return text ? intl.formatMessage(M.noteText, { actor, text: user(text) }) : intl.formatMessage(M.note, { actor });
}

const TASK_ACTIONS: Record<string, MessageDescriptor> = {
  created: M.taskCreated,
  completed: M.taskCompleted,
  reopened: M.taskReopened,
  deleted: M.taskDeleted,
  claimed: M.taskClaimed,
};

function describeTask(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const title = str(d.title);
  const values = { actor, hasTitle: title ? 'yes' : 'no', title: title ? user(title) : '' };
  const action = str(d.action) ?? '';
  if (action === 'rescheduled') {
    const to = str(d.to);
    return to ? intl.formatMessage(M.taskRescheduled, { ...values, when: formatDateTime(to) }) : intl.formatMessage(M.taskDueRemoved, values);
  }
  return intl.formatMessage(own(TASK_ACTIONS, action) ?? M.taskUpdated, values);
}

function describeOffer(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const number = str(d.number);
  const values = { actor, hasNumber: number ? 'yes' : 'no', number: number ? code(number) : '' };
  switch (str(d.action)) {
    case 'created':
      return intl.formatMessage(M.offerCreated, values);
    case 'status':
      return intl.formatMessage(number ? M.offerStatus : M.anOfferStatus, { ...values, status: str(d.to) ?? 'unknown' });
    case 'renegotiated': {
      const version = num(d.version);
      return intl.formatMessage(M.offerRenegotiated, { ...values, hasVersion: version ? 'yes' : 'no', version: version ? formatNumber(version) : '' });
    }
    case 'order_paid':
      return intl.formatMessage(M.orderPaid, values);
    default:
      return intl.formatMessage(M.offerUpdated, values);
  }
}

function describeRule(intl: IntlShape, actor: ReactNode, d: Data): ReactNode {
  const action = str(d.action);
  if (action === 'notify') {
    const message = str(d.message);
    return message ? intl.formatMessage(M.ruleNotifiedText, { actor, message: user(message) }) : intl.formatMessage(M.ruleNotified, { actor });
  }
  if (action === 'email') {
    const subject = str(d.subject);
    return subject ? intl.formatMessage(M.ruleEmailedSubject, { actor, subject: user(subject) }) : intl.formatMessage(M.ruleEmailed, { actor });
  }
  return intl.formatMessage(M.ruleFired, { actor });
}

export function describeDealEvent(intl: IntlShape, e: DealEvent): ReactNode {
  const actor = actorOf(intl, e);
  const d = e.data;
  const stage = (v: unknown) => {
    const name = str(v);
    return name ? user(name) : intl.formatMessage(M.anotherStage);
  };
  switch (e.type) {
    case 'created': {
      const source = str(d.source);
      if (source === 'inbound_call') return intl.formatMessage(M.createdFromCall, { actor });
      if (source === 'web_form') return intl.formatMessage(M.createdFromForm, { actor });
      if (source === 'import') return intl.formatMessage(M.imported, { actor });
      const name = str(d.stageName);
      return name ? intl.formatMessage(M.createdInStage, { actor, stage: user(name) }) : intl.formatMessage(M.created, { actor });
    }
    case 'moved': {
      const values = { actor, from: stage(d.fromStageName), to: stage(d.toStageName) };
      const lost = str(d.lostReason);
      return lost ? intl.formatMessage(M.movedLost, { ...values, reason: lostReasonInline(intl, lost) }) : intl.formatMessage(M.moved, values);
    }
    case 'reassigned': {
      const from = str(d.fromOwnerName);
      const to = str(d.toOwnerName);
      if (!to) return from ? intl.formatMessage(M.unassignedFrom, { actor, from: user(from) }) : intl.formatMessage(M.unassigned, { actor });
      return from ? intl.formatMessage(M.reassigned, { actor, from: user(from), to: user(to) }) : intl.formatMessage(M.assigned, { actor, to: user(to) });
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
      return intl.formatMessage(M.transferred, {
        from: from ? user(from) : intl.formatMessage(M.someRep),
        to: to ? user(to) : intl.formatMessage(M.anotherRep),
      });
    }
    default: {
      const exhaustive: never = e.type;
      return intl.formatMessage(M.unknown, { actor, kind: code(String(exhaustive)) });
    }
  }
}
