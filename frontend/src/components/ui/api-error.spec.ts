import { createIntl } from 'react-intl';
import { ApiRequestError } from '@/lib/api-client';
import hu from '@/i18n/locales/hu/ui.json';
import { apiErrorMessage, apiFieldErrors } from './api-error';

// react-intl ships ESM only and the unit project transforms @formatjs only: the same API from there
jest.mock('react-intl', () => jest.requireActual('@formatjs/intl'));

const en = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });
const error = (code: string, message = 'the server’s words', details?: unknown) => new ApiRequestError({ statusCode: 400, code, message, details });

describe('apiErrorMessage', () => {
  it('should say a known code in its own words, not the server’s, when the server sends one', () => {
    expect(apiErrorMessage(en, error('CURRENT_PASSWORD_WRONG'))).toBe('The current password is not right.');
  });

  it('should say a known code in the page’s language when the catalogue has it', () => {
    const intl = createIntl({ locale: 'hu', defaultLocale: 'en', messages: hu, onError: () => {} });
    expect(apiErrorMessage(intl, error('DEAL_CLOSED'))).toBe(hu['ui.apiError.dealClosed']);
  });

  it('should fall back to the server’s message when the code is unknown to this client', () => {
    expect(apiErrorMessage(en, error('SOMETHING_NEW', 'A new rule said no'))).toBe('A new rule said no');
  });

  it('should name a network failure and anything that is not an API error without internals', () => {
    expect(apiErrorMessage(en, new ApiRequestError({ statusCode: 0, code: 'NETWORK', message: 'Cannot reach the server' }))).toMatch(/^Cannot reach the server\./);
    expect(apiErrorMessage(en, new TypeError('x is undefined'))).toBe('Something went wrong. Try again.');
  });
});

describe('apiFieldErrors', () => {
  it('should key each refused field by its path with a translated message, the first per field', () => {
    const refused = error('VALIDATION_FAILED', 'Invalid input', [
      { path: ['phones', 0, 'number'], message: 'Too small' },
      { path: ['phones', 0, 'number'], message: 'Invalid' },
      { path: ['name'], message: 'Required' },
    ]);
    expect(apiFieldErrors(en, refused)).toEqual({ 'phones.0.number': 'This value is not valid.', name: 'This value is not valid.' });
  });

  it('should give nothing when the error has no field details', () => {
    expect(apiFieldErrors(en, error('CONFLICT'))).toEqual({});
    expect(apiFieldErrors(en, new Error('x'))).toEqual({});
  });
});
