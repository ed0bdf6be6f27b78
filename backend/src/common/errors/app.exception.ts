import { ErrorCode } from '@callboard/contracts';

/** What kind of failure an error code is; the global filter maps kinds to HTTP statuses. */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'range_not_satisfiable'
  | 'internal';

const KIND_OF: Record<ErrorCode, ErrorKind> = {
  VALIDATION_FAILED: 'invalid',
  MALFORMED_JSON: 'invalid',
  INVALID_PHONE: 'invalid',
  STAGE_NOT_IN_PIPELINE: 'invalid',
  PAYLOAD_TOO_LARGE: 'too_large',
  UNAUTHENTICATED: 'unauthenticated',
  INVALID_CREDENTIALS: 'unauthenticated',
  RATE_LIMITED: 'rate_limited',
  FORBIDDEN: 'forbidden',
  OWNER_NOT_ASSIGNABLE: 'forbidden',
  CANNOT_DEACTIVATE_SELF: 'forbidden',
  NOT_FOUND: 'not_found',
  ROUTE_NOT_FOUND: 'not_found',
  DEAL_NOT_FOUND: 'not_found',
  CONTACT_NOT_FOUND: 'not_found',
  USER_NOT_FOUND: 'not_found',
  PIPELINE_NOT_FOUND: 'not_found',
  STAGE_NOT_FOUND: 'not_found',
  STAGE_IN_USE: 'conflict',
  LAST_STAGE: 'conflict',
  EMAIL_TAKEN: 'conflict',
  CONFLICT: 'conflict',
  TASK_NOT_FOUND: 'not_found',
  TASK_ALREADY_CLAIMED: 'conflict',
  ACTIVITY_NOT_FOUND: 'not_found',
  OFFER_NOT_FOUND: 'not_found',
  ORDER_NOT_FOUND: 'not_found',
  RULE_NOT_FOUND: 'not_found',
  NOTIFICATION_NOT_FOUND: 'not_found',
  OFFER_CURRENCY_MISMATCH: 'invalid',
  OFFER_NOT_EDITABLE: 'conflict',
  OFFER_STATUS_TRANSITION: 'conflict',
  ORDER_ALREADY_PAID: 'conflict',
  RULE_FIELD_UNKNOWN: 'invalid',
  RULE_INVALID: 'invalid',
  LOST_REASON_REQUIRED: 'invalid',
  LOST_REASON_UNKNOWN: 'invalid',
  DEAL_CLOSED: 'conflict',
  DEVICE_NOT_FOUND: 'not_found',
  DEVICE_LIMIT: 'conflict',
  USER_INACTIVE: 'conflict',
  // 400, not 401: a wrong current password must not look like an ended session to the client
  CURRENT_PASSWORD_WRONG: 'invalid',
  PASSWORD_NOT_ALLOWED: 'invalid',
  SETUP_TOKEN_INVALID: 'forbidden',
  INTERNAL: 'internal',
  CONTACT_NOT_EDITABLE: 'forbidden',
  WRAP_UP_NOT_FOUND: 'not_found',
  WRAP_UP_ALREADY_DONE: 'conflict',
  WRAP_UP_OUTCOME_UNKNOWN: 'invalid',
  RECORDING_NOT_FOUND: 'not_found',
  RECORDING_UNAVAILABLE: 'conflict',
  RECORDING_STATE: 'conflict',
  RANGE_NOT_SATISFIABLE: 'range_not_satisfiable',
  INBOX_DEAL_GONE: 'conflict',
  MERGE_TARGET_INVALID: 'invalid',
  CALL_IN_PROGRESS: 'conflict',
  WEB_FORM_NOT_FOUND: 'not_found',
  ORIGIN_NOT_ALLOWED: 'forbidden',
  API_KEY_INVALID: 'unauthenticated',
  API_KEY_REVOKED: 'unauthenticated',
  API_KEY_SCOPE_MISSING: 'forbidden',
  API_KEY_ROUTE_CLOSED: 'forbidden',
  API_KEY_NOT_FOUND: 'not_found',
  WEBHOOK_NOT_FOUND: 'not_found',
  WEBHOOK_DELIVERY_NOT_FOUND: 'not_found',
  WEBHOOK_TARGET_REFUSED: 'invalid',
  WEBHOOK_DISABLED: 'conflict',
  IMPORT_NOT_FOUND: 'not_found',
  IMPORT_FILE_INVALID: 'invalid',
  IMPORT_STATE: 'conflict',
};

/**
 * Base of every module's typed exception. The message is for the client; `details` too.
 * Internals (SQL, SIP) never go in either: log them where they happen.
 */
export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get kind(): ErrorKind {
    return KIND_OF[this.code];
  }
}

export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'too_large':
      return 413;
    case 'rate_limited':
      return 429;
    case 'range_not_satisfiable':
      return 416;
    case 'internal':
      return 500;
    default: {
      const never: never = kind;
      return never;
    }
  }
}
