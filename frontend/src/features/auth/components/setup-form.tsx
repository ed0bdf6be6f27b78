import { useState, type FormEvent } from 'react';
import { ErrorCode } from '@callboard/contracts';
import { Button, TextField } from '@/components/ui';
import { ApiRequestError, errorMessage, fieldErrors } from '@/lib/api-client';
import { authApi } from '../api/auth-api';
import { useAuth, type SessionUser } from '../hooks/auth-context';

/** Creates the first Head with the one-time token of the setup link (the part after '#', never sent in a URL). */
export function SetupForm({ token, onDone }: { token: string; onDone: (user: SessionUser) => void }) {
  const { adopt } = useAuth();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 10) return setErrors({ password: 'At least 10 characters' });
    setBusy(true);
    setErrors({});
    try {
      onDone(adopt(await authApi.setup({ token, name: name.trim(), email: email.trim(), password })));
    } catch (err) {
      if (err instanceof ApiRequestError && err.is(ErrorCode.SETUP_TOKEN_INVALID)) setErrors({ form: err.message });
      else {
        const fields = fieldErrors(err);
        setErrors(Object.keys(fields).length ? fields : { form: errorMessage(err) });
      }
      setBusy(false);
    }
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate data-testid="setup-form">
      <TextField label="Your name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} data-testid="setup-name" autoFocus />
      <TextField label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} data-testid="setup-email" />
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        data-testid="setup-password"
      />
      {errors.form && (
        <div className="form-error" role="alert" data-testid="setup-error">
          {errors.form}
        </div>
      )}
      <Button type="submit" variant="primary" busy={busy} disabled={!name || !email || !password} data-testid="setup-submit">
        Create the Head account
      </Button>
    </form>
  );
}
