import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { ErrorCode } from '@callboard/contracts';
import { apiErrorMessage, apiFieldErrors, Button, TextField, useToast } from '@/components/ui';
import { ApiRequestError } from '@/lib/api-client';
import { useSessionUser } from '../hooks/auth-context';
import { authApi } from '../api/auth-api';
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from './password-messages';

/** Current password + new one (twice). Other signed-in browsers and phones of this user are signed out. */
export function ChangePasswordForm() {
  const intl = useIntl();
  const me = useSessionUser();
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  // the server's rules, checked here first so each gets its own words
  function check(): Record<string, string> {
    const local: Record<string, string> = {};
    if (next.length < PASSWORD_MIN_LENGTH) local.newPassword = intl.formatMessage(PASSWORD_MESSAGES.tooShort, { count: PASSWORD_MIN_LENGTH });
    else if (next.length > PASSWORD_MAX_LENGTH) local.newPassword = intl.formatMessage(PASSWORD_MESSAGES.tooLong, { count: PASSWORD_MAX_LENGTH });
    else if (next === current)
      local.newPassword = intl.formatMessage({ id: 'auth.changePassword.sameAsCurrent', defaultMessage: 'The new password must differ from the current one' });
    else if (next.trim().toLowerCase() === me.email.toLowerCase())
      local.newPassword = intl.formatMessage({ id: 'auth.changePassword.isEmail', defaultMessage: 'The password must not be your email address' });
    if (repeat !== next) local.repeat = intl.formatMessage({ id: 'auth.changePassword.mismatch', defaultMessage: 'The two new passwords differ' });
    return local;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = check();
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await authApi.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      toast.success(intl.formatMessage({ id: 'auth.changePassword.done', defaultMessage: 'Password changed. Your other sessions were signed out.' }));
    } catch (err) {
      if (err instanceof ApiRequestError && err.is(ErrorCode.CURRENT_PASSWORD_WRONG)) setErrors({ currentPassword: apiErrorMessage(intl, err) });
      else if (err instanceof ApiRequestError && err.is(ErrorCode.PASSWORD_NOT_ALLOWED)) setErrors({ newPassword: apiErrorMessage(intl, err) });
      else {
        const fields = apiFieldErrors(intl, err);
        setErrors(Object.keys(fields).length ? fields : { form: apiErrorMessage(intl, err) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack" onSubmit={submit} noValidate data-testid="change-password-form">
      <TextField
        label={intl.formatMessage({ id: 'auth.changePassword.current', defaultMessage: 'Current password' })}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.currentPassword}
        data-testid="current-password"
      />
      <TextField
        label={intl.formatMessage({ id: 'auth.changePassword.new', defaultMessage: 'New password' })}
        type="password"
        autoComplete="new-password"
        hint={intl.formatMessage(
          {
            id: 'auth.changePassword.hint',
            defaultMessage:
              '{count, plural, one {At least # character; a few words you will remember work well.} other {At least # characters; a few words you will remember work well.}}',
          },
          { count: PASSWORD_MIN_LENGTH },
        )}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.newPassword}
        data-testid="new-password"
      />
      <TextField
        label={intl.formatMessage({ id: 'auth.changePassword.repeat', defaultMessage: 'New password again' })}
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={errors.repeat}
        data-testid="repeat-password"
      />
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <Button type="submit" variant="primary" busy={busy} disabled={!current || !next || !repeat} data-testid="change-password-submit">
        {intl.formatMessage({ id: 'auth.changePassword.submit', defaultMessage: 'Change password' })}
      </Button>
    </form>
  );
}
