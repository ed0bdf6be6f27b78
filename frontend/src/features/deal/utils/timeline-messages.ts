import { defineMessages, type MessageDescriptor } from 'react-intl';

// The timeline's sentences (describe-event.ts): one whole sentence per kind of event and variant,
// so each language orders the actor, the names and the values its own way.

/**
 * The messages as plain descriptors: each takes its own values, which the catalogue test checks
 * against every language (react-intl would otherwise type them as taking none).
 */
function sentences<K extends string>(messages: Record<K, MessageDescriptor>): Record<K, MessageDescriptor> {
  return messages;
}

export const SENTENCES = sentences(
  defineMessages({
    actorRule: { id: 'deal.timeline.actor.rule', defaultMessage: 'Rule “{rule}”' },
    actorApiKey: { id: 'deal.timeline.actor.apiKey', defaultMessage: 'API key “{key}”' },
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

    wrapUp: { id: 'deal.timeline.wrapUp.saved', defaultMessage: '{actor} wrapped up the call: {outcome}' },
    wrapUpNote: { id: 'deal.timeline.wrapUp.savedWithNote', defaultMessage: '{actor} wrapped up the call: {outcome}. Note: {note}' },

    declinedSpam: { id: 'deal.timeline.inbox.declinedSpam', defaultMessage: '{actor} declined the lead as spam' },
    restored: { id: 'deal.timeline.inbox.restored', defaultMessage: '{actor} restored the lead to Unsorted' },
    mergedInto: { id: 'deal.timeline.inbox.mergedInto', defaultMessage: '{actor} merged this lead into {title}' },
    mergedFrom: {
      id: 'deal.timeline.inbox.mergedFrom',
      defaultMessage: '{actor} merged the lead {title} into this deal ({calls, plural, one {# call} other {# calls}}, {tasks, plural, one {# task} other {# tasks}}, {activities, plural, one {# note or visit} other {# notes and visits}})',
    },

    webForm: { id: 'deal.timeline.webForm.sent', defaultMessage: 'The web form {form} was sent' },
    webFormMessage: { id: 'deal.timeline.webForm.sentWithMessage', defaultMessage: 'The web form {form} was sent: {message}' },

    unknown: { id: 'deal.timeline.unknown', defaultMessage: '{actor} {kind}' },
  }),
);

/** A call's outcome inside the sentence: "Inbound call (missed, 0:42)". */
export const CALL_OUTCOMES = defineMessages({
  ringing: { id: 'deal.timeline.callOutcome.ringing', defaultMessage: 'ringing' },
  answered: { id: 'deal.timeline.callOutcome.answered', defaultMessage: 'answered' },
  completed: { id: 'deal.timeline.callOutcome.completed', defaultMessage: 'completed' },
  missed: { id: 'deal.timeline.callOutcome.missed', defaultMessage: 'missed' },
  transferred: { id: 'deal.timeline.callOutcome.transferred', defaultMessage: 'transferred' },
});

/** A default lost reason inside a sentence: "(reason: no budget)". The labels in lists are deal.lostReason.*. */
export const LOST_REASONS_INLINE: Record<string, MessageDescriptor> = defineMessages({
  price: { id: 'deal.timeline.lostReason.price', defaultMessage: 'price' },
  competitor: { id: 'deal.timeline.lostReason.competitor', defaultMessage: 'competitor' },
  no_budget: { id: 'deal.timeline.lostReason.no_budget', defaultMessage: 'no budget' },
  not_interested: { id: 'deal.timeline.lostReason.not_interested', defaultMessage: 'not interested' },
  unreachable: { id: 'deal.timeline.lostReason.unreachable', defaultMessage: 'unreachable' },
  other: { id: 'deal.timeline.lostReason.other', defaultMessage: 'other' },
});
