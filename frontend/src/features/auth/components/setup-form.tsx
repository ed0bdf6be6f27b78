import { useState, type FormEvent, type ReactNode } from 'react';
import { defineMessages, useIntl, type MessageValue } from 'react-intl';
import { ErrorCode, LANGUAGES, type Language } from '@callboard/contracts';
import { apiErrorMessage, apiFieldErrors, Button, SelectField, TextField } from '@/components/ui';
import { ApiRequestError } from '@/lib/api-client';
import { LANGUAGE_NAMES, useLanguage } from '@/i18n';
import { authApi } from '../api/auth-api';
import { useAuth, type SessionUser } from '../hooks/auth-context';
import { PASSWORD_MAX_LENGTH, PASSWORD_MESSAGES, PASSWORD_MIN_LENGTH } from './password-messages';

// the brand goes in as an element (translate="no")
type Brand = { brand: MessageValue };

const MESSAGES = defineMessages<{ name: {}; nameInvalid: { count: number }; emailInvalid: {}; alreadySetUp: Brand; linkInvalid: Brand }>({
  name: { id: 'auth.setup.name', defaultMessage: 'Your name' },
  nameInvalid: {
    id: 'auth.setup.nameInvalid',
    defaultMessage: '{count, plural, one {Enter your name (at most # character).} other {Enter your name (at most # characters).}}',
  },
  emailInvalid: { id: 'auth.setup.emailInvalid', defaultMessage: 'Enter a valid email address.' },
  alreadySetUp: { id: 'auth.setup.alreadySetUp', defaultMessage: '{brand} is already set up; sign in instead' },
  linkInvalid: { id: 'auth.setup.linkInvalid', defaultMessage: 'This setup link is not valid or has expired; restart {brand} for a new one' },
});

const BRAND = <span translate="no">Callboard</span>;
// contracts' SetupRequest.name
const NAME_MAX_LENGTH = 120;

/**
 * Creates the first Head with the one-time token of the setup link (the part after '#', never sent
 * in a URL), and chooses the team's language: the one this page is shown in unless changed.
 */
export function SetupForm({ token, onDone }: { token: string; onDone: (user: SessionUser) => void }) {
  const intl = useIntl();
  const { adopt } = useAuth();
  const shown = useLanguage().language;
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [language, setLanguage] = useState<Language>(shown === 'pseudo' ? 'en' : shown);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<ReactNode>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    if (password.length < PASSWORD_MIN_LENGTH) return setErrors({ password: intl.formatMessage(PASSWORD_MESSAGES.tooShort, { count: PASSWORD_MIN_LENGTH }) });
    if (password.length > PASSWORD_MAX_LENGTH) return setErrors({ password: intl.formatMessage(PASSWORD_MESSAGES.tooLong, { count: PASSWORD_MAX_LENGTH }) });
    setBusy(true);
    setErrors({});
    try {
      onDone(adopt(await authApi.setup({ token, name: name.trim(), email: email.trim(), password, language })));
    } catch (err) {
      await refused(err);
      setBusy(false);
    }
  }

  async function refused(err: unknown) {
    if (err instanceof ApiRequestError && err.is(ErrorCode.SETUP_TOKEN_INVALID)) {
      // one code for two cases: ask which (an install that has a user needs no setup)
      const status = await authApi.setupStatus().catch(() => null);
      if (!status) setFormError(apiErrorMessage(intl, err));
      else setFormError(intl.formatMessage(status.needed ? MESSAGES.linkInvalid : MESSAGES.alreadySetUp, { brand: BRAND }));
      return;
    }
    const fields = apiFieldErrors(intl, err);
    if (!Object.keys(fields).length) return setFormError(apiErrorMessage(intl, err));
    // the server's field messages are English: say each rule in the page's language
    if (fields.name) fields.name = intl.formatMessage(MESSAGES.nameInvalid, { count: NAME_MAX_LENGTH });
    if (fields.email) fields.email = intl.formatMessage(MESSAGES.emailInvalid);
    setErrors(fields);
  }

  return (
    <form className="login-form" onSubmit={submit} noValidate data-testid="setup-form">
      <TextField
        label={intl.formatMessage(MESSAGES.name)}
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        data-testid="setup-name"
        autoFocus
      />
      <TextField
        label={intl.formatMessage({ id: 'auth.field.email', defaultMessage: 'Email' })}
        type="email"
        autoComplete="username"
        dir="ltr"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        data-testid="setup-email"
      />
      <TextField
        label={intl.formatMessage({ id: 'auth.field.password', defaultMessage: 'Password' })}
        type="password"
        autoComplete="new-password"
        hint={intl.formatMessage(
          { id: 'auth.setup.passwordHint', defaultMessage: '{count, plural, one {At least # character.} other {At least # characters.}}' },
          { count: PASSWORD_MIN_LENGTH },
        )}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        data-testid="setup-password"
      />
      <SelectField
        label={intl.formatMessage({ id: 'auth.setup.language', defaultMessage: 'Team language' })}
        value={language}
        onChange={(e) => setLanguage(e.target.value as Language)}
        hint={intl.formatMessage({
          id: 'auth.setup.languageHint',
          defaultMessage: 'Pages, emails and notifications are written in it; each person can choose their own later.',
        })}
        error={errors.language}
        data-testid="setup-language"
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l} translate="no">
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </SelectField>
      {formError && (
        <div className="form-error" role="alert" data-testid="setup-error">
          {formError}
        </div>
      )}
      <Button type="submit" variant="primary" busy={busy} disabled={!name || !email || !password} data-testid="setup-submit">
        {intl.formatMessage({ id: 'auth.setup.submit', defaultMessage: 'Create the Head account' })}
      </Button>
    </form>
  );
}
