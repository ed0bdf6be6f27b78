import { defineMessages } from 'react-intl';

/** The password rules (contracts' NewPassword: 10 to 200 characters), said the same on every form. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const PASSWORD_MESSAGES = defineMessages<{ tooShort: { count: number }; tooLong: { count: number } }>({
  tooShort: { id: 'auth.password.tooShort', defaultMessage: '{count, plural, one {At least # character} other {At least # characters}}' },
  tooLong: { id: 'auth.password.tooLong', defaultMessage: '{count, plural, one {At most # character} other {At most # characters}}' },
});
