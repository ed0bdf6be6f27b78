import { z } from 'zod';

/** A UUID as produced by PostgreSQL's gen_random_uuid(). */
export const Id = z.uuid();

/**
 * Free text from a person or a caller. Markup is kept as typed (clients render it as text);
 * NUL and other C0 control characters except tab and newline are refused, since they are never
 * meant and PostgreSQL cannot store NUL.
 */
export const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'must not contain control characters',
    })
    .transform((s) => s.trim());

/** Money travels as a decimal string with at most two fractional digits, never as a float. */
export const Money = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === 'number' ? v.toString() : v.trim()))
  .refine((s) => /^-?\d{1,12}(\.\d{1,2})?$/.test(s), {
    message: 'must be a decimal amount with at most 12 integer and 2 fractional digits',
  })
  .refine((s) => !s.startsWith('-'), { message: 'must not be negative' });

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR');

export const IsoDateTime = z.iso.datetime({ offset: true });

/** The shape of every error the API returns. */
export const ApiError = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/** Machine-readable error codes. Clients switch on these, never on messages. */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  RATE_LIMITED: 'RATE_LIMITED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  DEAL_NOT_FOUND: 'DEAL_NOT_FOUND',
  CONTACT_NOT_FOUND: 'CONTACT_NOT_FOUND',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  PIPELINE_NOT_FOUND: 'PIPELINE_NOT_FOUND',
  STAGE_NOT_FOUND: 'STAGE_NOT_FOUND',
  STAGE_NOT_IN_PIPELINE: 'STAGE_NOT_IN_PIPELINE',
  STAGE_IN_USE: 'STAGE_IN_USE',
  LAST_STAGE: 'LAST_STAGE',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  INVALID_PHONE: 'INVALID_PHONE',
  CANNOT_DEACTIVATE_SELF: 'CANNOT_DEACTIVATE_SELF',
  OWNER_NOT_ASSIGNABLE: 'OWNER_NOT_ASSIGNABLE',
  CONFLICT: 'CONFLICT',
  TASK_NOT_FOUND: 'TASK_NOT_FOUND',
  TASK_ALREADY_CLAIMED: 'TASK_ALREADY_CLAIMED',
  ACTIVITY_NOT_FOUND: 'ACTIVITY_NOT_FOUND',
  OFFER_NOT_FOUND: 'OFFER_NOT_FOUND',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  RULE_NOT_FOUND: 'RULE_NOT_FOUND',
  NOTIFICATION_NOT_FOUND: 'NOTIFICATION_NOT_FOUND',
  OFFER_CURRENCY_MISMATCH: 'OFFER_CURRENCY_MISMATCH',
  OFFER_NOT_EDITABLE: 'OFFER_NOT_EDITABLE',
  OFFER_STATUS_TRANSITION: 'OFFER_STATUS_TRANSITION',
  ORDER_ALREADY_PAID: 'ORDER_ALREADY_PAID',
  RULE_FIELD_UNKNOWN: 'RULE_FIELD_UNKNOWN',
  RULE_INVALID: 'RULE_INVALID',
  LOST_REASON_REQUIRED: 'LOST_REASON_REQUIRED',
  LOST_REASON_UNKNOWN: 'LOST_REASON_UNKNOWN',
  DEAL_CLOSED: 'DEAL_CLOSED',
  DEVICE_NOT_FOUND: 'DEVICE_NOT_FOUND',
  DEVICE_LIMIT: 'DEVICE_LIMIT',
  USER_INACTIVE: 'USER_INACTIVE',
  CURRENT_PASSWORD_WRONG: 'CURRENT_PASSWORD_WRONG',
  PASSWORD_NOT_ALLOWED: 'PASSWORD_NOT_ALLOWED',
  SETUP_TOKEN_INVALID: 'SETUP_TOKEN_INVALID',
  INTERNAL: 'INTERNAL',
  /** A Seller may read but not edit this contact (it belongs to an unowned inbox deal: take the deal first). */
  CONTACT_NOT_EDITABLE: 'CONTACT_NOT_EDITABLE',
  WRAP_UP_NOT_FOUND: 'WRAP_UP_NOT_FOUND',
  /** The wrap-up was already saved (another tab, another try) with something else. */
  WRAP_UP_ALREADY_DONE: 'WRAP_UP_ALREADY_DONE',
  WRAP_UP_OUTCOME_UNKNOWN: 'WRAP_UP_OUTCOME_UNKNOWN',
  RECORDING_NOT_FOUND: 'RECORDING_NOT_FOUND',
  /** The media server cannot record (not configured) or the call is not live. */
  RECORDING_UNAVAILABLE: 'RECORDING_UNAVAILABLE',
  /** Start/pause/resume that does not fit the recording's state (e.g. pause when not recording). */
  RECORDING_STATE: 'RECORDING_STATE',
  /** A Range header outside the file (HTTP 416). */
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  /** The deal is no longer in the Unsorted inbox (taken, merged or declined meanwhile). */
  INBOX_DEAL_GONE: 'INBOX_DEAL_GONE',
  /** The deal to merge into is not another open deal of the same contact that the caller may see. */
  MERGE_TARGET_INVALID: 'MERGE_TARGET_INVALID',
  /** A call on this deal is still going on: merge or decline it after the call. */
  CALL_IN_PROGRESS: 'CALL_IN_PROGRESS',
  WEB_FORM_NOT_FOUND: 'WEB_FORM_NOT_FOUND',
  /** The page posting a web form is not one of the origins the form lists. */
  ORIGIN_NOT_ALLOWED: 'ORIGIN_NOT_ALLOWED',
  /** The API key is malformed, unknown, or its secret is wrong (HTTP 401). */
  API_KEY_INVALID: 'API_KEY_INVALID',
  /** The API key was revoked, or the Head who created it is no longer an active Head (HTTP 401). */
  API_KEY_REVOKED: 'API_KEY_REVOKED',
  /** The key lacks the scope this request needs: write on a read-only key, or another area (HTTP 403). */
  API_KEY_SCOPE_MISSING: 'API_KEY_SCOPE_MISSING',
  /** The route is never opened by an API key: users, keys, settings, telephony, personal lists (HTTP 403). */
  API_KEY_ROUTE_CLOSED: 'API_KEY_ROUTE_CLOSED',
  API_KEY_NOT_FOUND: 'API_KEY_NOT_FOUND',
  WEBHOOK_NOT_FOUND: 'WEBHOOK_NOT_FOUND',
  WEBHOOK_DELIVERY_NOT_FOUND: 'WEBHOOK_DELIVERY_NOT_FOUND',
  /** The webhook's URL points at a private, loopback or link-local address no Head allowed (SSRF rule). */
  WEBHOOK_TARGET_REFUSED: 'WEBHOOK_TARGET_REFUSED',
  /** Redelivery or a ping to a disabled webhook: enable it first. */
  WEBHOOK_DISABLED: 'WEBHOOK_DISABLED',
  IMPORT_NOT_FOUND: 'IMPORT_NOT_FOUND',
  /** The uploaded file cannot be imported (encoding, empty, only headers, too many columns, broken quotes...): the message says why. */
  IMPORT_FILE_INVALID: 'IMPORT_FILE_INVALID',
  /** The import is not in a state for that (e.g. mapping a running import, cancelling a finished one). */
  IMPORT_STATE: 'IMPORT_STATE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
