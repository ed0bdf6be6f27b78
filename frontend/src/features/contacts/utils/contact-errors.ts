import { ErrorCode } from '@callboard/contracts';
import { ApiRequestError, fieldErrors } from '@/lib/api-client';

/**
 * Field errors for the contact form: zod issues of a 400 VALIDATION_FAILED by path, and an
 * INVALID_PHONE pinned to the phone row it names (by index or number) when the server says which.
 */
export function contactFormErrors(error: unknown, phoneNumbers: string[]): Record<string, string> {
  const errors = fieldErrors(error);
  if (error instanceof ApiRequestError && error.is(ErrorCode.INVALID_PHONE)) {
    const details = (error.details ?? {}) as { index?: unknown; number?: unknown; input?: unknown };
    let index = typeof details.index === 'number' ? details.index : -1;
    const written = typeof details.number === 'string' ? details.number : typeof details.input === 'string' ? details.input : null;
    if (index < 0 && written !== null) index = phoneNumbers.findIndex((n) => n.trim() === written.trim());
    if (index >= 0) errors[`phones.${index}.number`] = error.message;
  }
  return errors;
}
