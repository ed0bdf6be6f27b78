import { useState, type FormEvent } from 'react';
import { defineMessage, FormattedMessage, useIntl } from 'react-intl';
import type { Role } from '@callboard/contracts';
import { Button, SelectField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useCreateUser } from '../hooks/use-admin-mutations';
import { ROLES } from '../utils/roles';

// the contract's NewPassword: 10 to 200 characters
const PASSWORD_RULE = defineMessage({ id: 'admin.newUser.passwordRule', defaultMessage: 'At least 10 characters' });

export function CreateUserForm({ onDone }: { onDone: () => void }) {
  const intl = useIntl();
  const toast = useToast();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('seller');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!name.trim()) local.name = intl.formatMessage({ id: 'admin.newUser.nameMissing', defaultMessage: 'Enter a name' });
    if (!email.trim()) local.email = intl.formatMessage({ id: 'admin.newUser.emailMissing', defaultMessage: 'Enter an email' });
    if (password.length < 10) local.password = intl.formatMessage(PASSWORD_RULE);
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const user = await create.mutateAsync({ email: email.trim(), name: name.trim(), role, password });
      toast.success(
        intl.formatMessage({ id: 'admin.newUser.added', defaultMessage: 'Added {name} (extension {extension})' }, { name: user.name, extension: user.extension }),
      );
      onDone();
    } catch (err) {
      setErrors({ ...fieldErrors(err), form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="create-user-form">
      <TextField
        label={intl.formatMessage({ id: 'admin.newUser.name', defaultMessage: 'Name' })}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        autoFocus
        data-testid="user-form-name"
      />
      <TextField
        label={intl.formatMessage({ id: 'admin.newUser.email', defaultMessage: 'Email' })}
        type="email"
        dir="ltr"
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
        data-testid="user-form-email"
      />
      <SelectField
        label={intl.formatMessage({ id: 'admin.newUser.role', defaultMessage: 'Role' })}
        value={role}
        onChange={(e) => setRole(e.target.value === 'head' ? 'head' : 'seller')}
        data-testid="user-form-role"
      >
        <option value="seller">{intl.formatMessage(ROLES.seller)}</option>
        <option value="head">{intl.formatMessage(ROLES.head)}</option>
      </SelectField>
      <TextField
        label={intl.formatMessage({ id: 'admin.newUser.password', defaultMessage: 'Initial password' })}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={intl.formatMessage(PASSWORD_RULE)}
        data-testid="user-form-password"
      />
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>
          <FormattedMessage id="admin.newUser.cancel" defaultMessage="Cancel" />
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="user-form-submit">
          <FormattedMessage id="admin.newUser.submit" defaultMessage="Add user" />
        </Button>
      </div>
    </form>
  );
}
