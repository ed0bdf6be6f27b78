import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { DEFAULT_WRAP_UP_OUTCOMES } from '@callboard/contracts';

type DefaultOutcome = (typeof DEFAULT_WRAP_UP_OUTCOMES)[number];

/** The default outcomes in words; an outcome a Head added is shown as its key (their own word). */
const OUTCOMES: Record<DefaultOutcome, MessageDescriptor> = defineMessages({
  talked: { id: 'wrapUps.outcome.talked', defaultMessage: 'Talked' },
  no_answer: { id: 'wrapUps.outcome.noAnswer', defaultMessage: 'No answer' },
  busy: { id: 'wrapUps.outcome.busy', defaultMessage: 'Busy' },
  wrong_number: { id: 'wrapUps.outcome.wrongNumber', defaultMessage: 'Wrong number' },
  call_back_requested: { id: 'wrapUps.outcome.callBackRequested', defaultMessage: 'Call back requested' },
  not_interested: { id: 'wrapUps.outcome.notInterested', defaultMessage: 'Not interested' },
});

export function isKnownOutcome(key: string): key is DefaultOutcome {
  return Object.hasOwn(OUTCOMES, key);
}

/** An outcome key in the reader's words (a Head's own key: underscores as spaces). */
export function outcomeText(intl: IntlShape, key: string): string {
  return isKnownOutcome(key) ? intl.formatMessage(OUTCOMES[key]) : key.replace(/_/g, ' ');
}
