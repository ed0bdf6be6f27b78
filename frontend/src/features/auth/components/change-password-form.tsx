import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@callboard/contracts';
import { Button, TextField, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage, fieldErrors } from '@/lib/api-client';
import { authApi } from '../api/auth-api';

const MIN_LENGTH = 10;

/** Current password + new one (twice). Other signed-in browsers and phones of this user are signed out. */
export function ChangePasswordForm() {
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (next.length < MIN_LENGTH) local.newPassword = `At least ${MIN_LENGTH} characters`;
    if (repeat !== next) local.repeat = 'The two new passwords differ';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await authApi.changePassword({ currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      toast.success('Password changed. Your other sessions were signed out.');
    } catch (err) {
      if (err instanceof ApiRequestError && err.is(ErrorCode.CURRENT_PASSWORD_WRONG)) setErrors({ currentPassword: err.message });
      else if (err instanceof ApiRequestError && err.is(ErrorCode.PASSWORD_NOT_ALLOWED)) setErrors({ newPassword: err.message });
      else {
        const fields = fieldErrors(err);
        setErrors(Object.keys(fields).length ? fields : { form: errorMessage(err) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form-stack" onSubmit={submit} noValidate data-testid="change-password-form">
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={(e) => setCurrent(e.target.value)}
        error={errors.currentPassword}
        data-testid="current-password"
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_LENGTH} characters; a few words you will remember work well.`}
        value={next}
        onChange={(e) => setNext(e.target.value)}
        error={errors.newPassword}
        data-testid="new-password"
      />
      <TextField
        label="New password again"
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
        Change password
      </Button>
    </form>
  );
}
