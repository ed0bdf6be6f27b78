import { defineMessages, type IntlShape } from 'react-intl';
import type { ErrorCode } from '@callboard/contracts';
import { ApiRequestError } from '@/lib/api-client';

// One sentence per error code the API sends (contracts' ErrorCode): the server's own message is
// English and often names internals, so a person reads these. `satisfies` makes a new code fail
// the typecheck until it has its words here.
const CODE_MESSAGES = defineMessages({
  VALIDATION_FAILED: { id: 'ui.apiError.validationFailed', defaultMessage: 'Some values are not valid. Check them and try again.' },
  MALFORMED_JSON: { id: 'ui.apiError.malformedJson', defaultMessage: 'The request could not be read. Reload the page and try again.' },
  PAYLOAD_TOO_LARGE: { id: 'ui.apiError.payloadTooLarge', defaultMessage: 'This is too large to send.' },
  UNAUTHENTICATED: { id: 'ui.apiError.unauthenticated', defaultMessage: 'Your session has ended. Sign in again.' },
  INVALID_CREDENTIALS: { id: 'ui.apiError.invalidCredentials', defaultMessage: 'Wrong email or password.' },
  RATE_LIMITED: { id: 'ui.apiError.rateLimited', defaultMessage: 'Too many attempts. Please wait a moment and try again.' },
  FORBIDDEN: { id: 'ui.apiError.forbidden', defaultMessage: 'Your role may not do this.' },
  NOT_FOUND: { id: 'ui.apiError.notFound', defaultMessage: 'This was not found. It may have been deleted.' },
  ROUTE_NOT_FOUND: { id: 'ui.apiError.routeNotFound', defaultMessage: 'The server does not know this request. Reload the page: Callboard may have been updated.' },
  DEAL_NOT_FOUND: { id: 'ui.apiError.dealNotFound', defaultMessage: 'The deal was not found. It may have been deleted.' },
  CONTACT_NOT_FOUND: { id: 'ui.apiError.contactNotFound', defaultMessage: 'The contact was not found. It may have been deleted.' },
  USER_NOT_FOUND: { id: 'ui.apiError.userNotFound', defaultMessage: 'The user was not found.' },
  PIPELINE_NOT_FOUND: { id: 'ui.apiError.pipelineNotFound', defaultMessage: 'The pipeline was not found.' },
  STAGE_NOT_FOUND: { id: 'ui.apiError.stageNotFound', defaultMessage: 'The stage was not found. It may have been deleted.' },
  STAGE_NOT_IN_PIPELINE: { id: 'ui.apiError.stageNotInPipeline', defaultMessage: 'That stage belongs to another pipeline.' },
  STAGE_IN_USE: { id: 'ui.apiError.stageInUse', defaultMessage: 'This stage is in use and cannot be deleted.' },
  LAST_STAGE: { id: 'ui.apiError.lastStage', defaultMessage: 'A pipeline keeps at least one stage.' },
  EMAIL_TAKEN: { id: 'ui.apiError.emailTaken', defaultMessage: 'A user with this email already exists.' },
  INVALID_PHONE: { id: 'ui.apiError.invalidPhone', defaultMessage: 'This is not a phone number.' },
  CANNOT_DEACTIVATE_SELF: { id: 'ui.apiError.cannotDeactivateSelf', defaultMessage: 'You cannot deactivate yourself or change your own role.' },
  OWNER_NOT_ASSIGNABLE: { id: 'ui.apiError.ownerNotAssignable', defaultMessage: 'This cannot be assigned to that person.' },
  CONFLICT: { id: 'ui.apiError.conflict', defaultMessage: 'This clashes with the current data. Reload the page and try again.' },
  TASK_NOT_FOUND: { id: 'ui.apiError.taskNotFound', defaultMessage: 'The task was not found. It may have been deleted.' },
  TASK_ALREADY_CLAIMED: { id: 'ui.apiError.taskAlreadyClaimed', defaultMessage: 'Someone else has already taken this task.' },
  ACTIVITY_NOT_FOUND: { id: 'ui.apiError.activityNotFound', defaultMessage: 'The activity was not found. It may have been deleted.' },
  OFFER_NOT_FOUND: { id: 'ui.apiError.offerNotFound', defaultMessage: 'The offer was not found. It may have been deleted.' },
  ORDER_NOT_FOUND: { id: 'ui.apiError.orderNotFound', defaultMessage: 'The order was not found. It may have been deleted.' },
  RULE_NOT_FOUND: { id: 'ui.apiError.ruleNotFound', defaultMessage: 'The rule was not found. It may have been deleted.' },
  NOTIFICATION_NOT_FOUND: { id: 'ui.apiError.notificationNotFound', defaultMessage: 'The notification was not found.' },
  OFFER_CURRENCY_MISMATCH: { id: 'ui.apiError.offerCurrencyMismatch', defaultMessage: 'An offer is in the currency of its deal.' },
  OFFER_NOT_EDITABLE: { id: 'ui.apiError.offerNotEditable', defaultMessage: 'Only a draft can be edited; revise a sent offer instead.' },
  OFFER_STATUS_TRANSITION: { id: 'ui.apiError.offerStatusTransition', defaultMessage: 'The offer cannot get this status from its current one.' },
  ORDER_ALREADY_PAID: { id: 'ui.apiError.orderAlreadyPaid', defaultMessage: 'The order is already paid.' },
  RULE_FIELD_UNKNOWN: { id: 'ui.apiError.ruleFieldUnknown', defaultMessage: 'The rule uses a field that does not exist.' },
  RULE_INVALID: { id: 'ui.apiError.ruleInvalid', defaultMessage: 'The rule is not valid. Check its settings.' },
  LOST_REASON_REQUIRED: { id: 'ui.apiError.lostReasonRequired', defaultMessage: 'Say why the deal was lost.' },
  LOST_REASON_UNKNOWN: { id: 'ui.apiError.lostReasonUnknown', defaultMessage: 'This is not one of the lost reasons.' },
  DEAL_CLOSED: { id: 'ui.apiError.dealClosed', defaultMessage: 'The deal is already closed.' },
  DEVICE_NOT_FOUND: { id: 'ui.apiError.deviceNotFound', defaultMessage: 'The desk phone was not found. It may have been removed.' },
  DEVICE_LIMIT: { id: 'ui.apiError.deviceLimit', defaultMessage: 'This user has as many desk phones as allowed: remove one first.' },
  USER_INACTIVE: { id: 'ui.apiError.userInactive', defaultMessage: 'This user is deactivated: reactivate them first.' },
  CURRENT_PASSWORD_WRONG: { id: 'ui.apiError.currentPasswordWrong', defaultMessage: 'The current password is not right.' },
  PASSWORD_NOT_ALLOWED: { id: 'ui.apiError.passwordNotAllowed', defaultMessage: 'This password is not allowed. Choose another one.' },
  SETUP_TOKEN_INVALID: { id: 'ui.apiError.setupTokenInvalid', defaultMessage: 'This setup link can no longer be used: Callboard is already set up, or the link has expired.' },
  INTERNAL: { id: 'ui.apiError.internal', defaultMessage: 'Something went wrong on our side; nothing was changed.' },
  CONTACT_NOT_EDITABLE: { id: 'ui.apiError.contactNotEditable', defaultMessage: 'This contact belongs to an unowned inbox deal: take the deal to edit it.' },
  WRAP_UP_NOT_FOUND: { id: 'ui.apiError.wrapUpNotFound', defaultMessage: 'This wrap-up does not exist.' },
  WRAP_UP_ALREADY_DONE: { id: 'ui.apiError.wrapUpAlreadyDone', defaultMessage: 'This call was already wrapped up.' },
  WRAP_UP_OUTCOME_UNKNOWN: { id: 'ui.apiError.wrapUpOutcomeUnknown', defaultMessage: 'This is not one of the wrap-up outcomes.' },
  RECORDING_NOT_FOUND: { id: 'ui.apiError.recordingNotFound', defaultMessage: 'The recording was not found. It may have been deleted.' },
  RECORDING_UNAVAILABLE: { id: 'ui.apiError.recordingUnavailable', defaultMessage: 'Recording is not available right now.' },
  RECORDING_STATE: { id: 'ui.apiError.recordingState', defaultMessage: 'The recording cannot do that now (it may have started, paused or ended already).' },
  RANGE_NOT_SATISFIABLE: { id: 'ui.apiError.rangeNotSatisfiable', defaultMessage: 'That part of the recording does not exist.' },
  INBOX_DEAL_GONE: { id: 'ui.apiError.inboxDealGone', defaultMessage: 'This lead is no longer in Unsorted: someone dealt with it first.' },
  MERGE_TARGET_INVALID: { id: 'ui.apiError.mergeTargetInvalid', defaultMessage: 'Merge only into another open deal of the same contact.' },
  CALL_IN_PROGRESS: { id: 'ui.apiError.callInProgress', defaultMessage: 'A call on this lead is still going on. Try again after the call.' },
  WEB_FORM_NOT_FOUND: { id: 'ui.apiError.webFormNotFound', defaultMessage: 'This web form does not exist or is switched off.' },
  ORIGIN_NOT_ALLOWED: { id: 'ui.apiError.originNotAllowed', defaultMessage: 'This web site may not post this form.' },
  API_KEY_INVALID: { id: 'ui.apiError.apiKeyInvalid', defaultMessage: 'This API key is not valid.' },
  API_KEY_REVOKED: { id: 'ui.apiError.apiKeyRevoked', defaultMessage: 'This API key was revoked.' },
  API_KEY_SCOPE_MISSING: { id: 'ui.apiError.apiKeyScopeMissing', defaultMessage: 'This API key may not do that.' },
  API_KEY_ROUTE_CLOSED: { id: 'ui.apiError.apiKeyRouteClosed', defaultMessage: 'API keys cannot do this; sign in as a person.' },
  API_KEY_NOT_FOUND: { id: 'ui.apiError.apiKeyNotFound', defaultMessage: 'The API key was not found.' },
  WEBHOOK_NOT_FOUND: { id: 'ui.apiError.webhookNotFound', defaultMessage: 'This webhook does not exist any more.' },
  WEBHOOK_DELIVERY_NOT_FOUND: { id: 'ui.apiError.webhookDeliveryNotFound', defaultMessage: 'This delivery does not exist.' },
  WEBHOOK_TARGET_REFUSED: {
    id: 'ui.apiError.webhookTargetRefused',
    defaultMessage: 'This address is private, loopback or link-local. Add its host to the allowed hosts if you really mean it.',
  },
  WEBHOOK_DISABLED: { id: 'ui.apiError.webhookDisabled', defaultMessage: 'This webhook is disabled. Enable it first.' },
  IMPORT_NOT_FOUND: { id: 'ui.apiError.importNotFound', defaultMessage: 'This import does not exist.' },
  IMPORT_FILE_INVALID: { id: 'ui.apiError.importFileInvalid', defaultMessage: 'This file cannot be imported.' },
  IMPORT_STATE: { id: 'ui.apiError.importState', defaultMessage: 'This import has moved on (started, finished or cancelled already).' },
}) satisfies Record<ErrorCode, unknown>;

const OTHER_MESSAGES = defineMessages({
  // made by the client when fetch itself fails (lib/api-client.ts)
  network: { id: 'ui.apiError.network', defaultMessage: 'Cannot reach the server. Check the connection and try again.' },
  unknown: { id: 'ui.apiError.unknown', defaultMessage: 'Something went wrong. Try again.' },
  field: { id: 'ui.apiError.field', defaultMessage: 'This value is not valid.' },
});

const isKnownCode = (code: string): code is ErrorCode => Object.hasOwn(CODE_MESSAGES, code);

/**
 * The sentence to show a person for an error a request threw, in the page's language: one per
 * API error code; the server's English message only for a code this client does not know yet.
 */
export function apiErrorMessage(intl: IntlShape, error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (isKnownCode(error.code)) return intl.formatMessage(CODE_MESSAGES[error.code]);
    if (error.code === 'NETWORK') return intl.formatMessage(OTHER_MESSAGES.network);
    return error.message || intl.formatMessage(OTHER_MESSAGES.unknown);
  }
  return intl.formatMessage(OTHER_MESSAGES.unknown);
}

/**
 * The fields a 400 VALIDATION_FAILED refused, keyed by dotted path ("phones.0.number"), each with
 * a translated "not valid" (the server's field messages are English). A form that knows its
 * fields can say more for the paths it expects.
 */
export function apiFieldErrors(intl: IntlShape, error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiRequestError) || !Array.isArray(error.details)) return out;
  for (const issue of error.details as unknown[]) {
    const path = (issue as { path?: unknown } | null)?.path;
    if (Array.isArray(path)) out[path.map(String).join('.')] ??= intl.formatMessage(OTHER_MESSAGES.field);
  }
  return out;
}
