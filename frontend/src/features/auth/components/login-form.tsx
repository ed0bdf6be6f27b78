import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { ErrorCode } from '@callboard/contracts';
import { apiErrorMessage, Button, TextField } from '@/components/ui';
import { ApiRequestError } from '@/lib/api-client';
import { useAuth, type SessionUser } from '../hooks/auth-context';

export function LoginForm({ onSuccess }: { onSuccess: (user: SessionUser) => void }) {
  const intl = useIntl();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSuccess(await login(email.trim(), password));
    } catch (err) {
      if (err instanceof ApiRequestError && err.is(ErrorCode.RATE_LIMITED)) {
        setError(intl.formatMessage({ id: 'auth.login.rateLimited', defaultMessage: 'Too many attempts. Please wait a minute before trying again.' }));
      } else if (err instanceof ApiRequestError && (err.is(ErrorCode.INVALID_CREDENTIALS) || err.statusCode === 401)) {
        setError(intl.formatMessage({ id: 'auth.login.wrongCredentials', defaultMessage: 'Wrong email or password.' }));
      } else {
        setError(apiErrorMessage(intl, err));
      }
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <TextField
        label={intl.formatMessage({ id: 'auth.field.email', defaultMessage: 'Email' })}
        type="email"
        autoComplete="username"
        dir="ltr"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        data-testid="login-email"
        autoFocus
      />
      <TextField
        label={intl.formatMessage({ id: 'auth.field.password', defaultMessage: 'Password' })}
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        data-testid="login-password"
      />
      {error && (
        <div className="form-error" role="alert" data-testid="login-error">
          {error}
        </div>
      )}
      <Button type="submit" variant="primary" busy={busy} data-testid="login-submit" disabled={!email || !password}>
        {busy
          ? intl.formatMessage({ id: 'auth.login.signingIn', defaultMessage: 'Signing in…' })
          : intl.formatMessage({ id: 'auth.login.submit', defaultMessage: 'Sign in' })}
      </Button>
    </form>
  );
}
