import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@callboard/contracts';
import { Button, TextField } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { useAuth, type SessionUser } from '../hooks/auth-context';

export function LoginForm({ onSuccess }: { onSuccess: (user: SessionUser) => void }) {
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
        setError('Too many attempts. Please wait a minute before trying again.');
      } else if (err instanceof ApiRequestError && (err.is(ErrorCode.INVALID_CREDENTIALS) || err.statusCode === 401)) {
        setError(err.message || 'Wrong email or password.');
      } else {
        setError(errorMessage(err));
      }
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate>
      <TextField
        label="Email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        data-testid="login-email"
        autoFocus
      />
      <TextField
        label="Password"
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
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
