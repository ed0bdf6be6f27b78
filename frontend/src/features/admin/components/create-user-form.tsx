import { useState, type FormEvent } from 'react';
import type { Role } from '@callboard/contracts';
import { Button, SelectField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useCreateUser } from '../hooks/use-admin-mutations';

export function CreateUserForm({ onDone }: { onDone: () => void }) {
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
    if (!name.trim()) local.name = 'Enter a name';
    if (!email.trim()) local.email = 'Enter an email';
    if (password.length < 10) local.password = 'At least 10 characters';
    setErrors(local);
    if (Object.keys(local).length) return;
    try {
      const user = await create.mutateAsync({ email: email.trim(), name: name.trim(), role, password });
      toast.success(`Added ${user.name} (extension ${user.extension})`);
      onDone();
    } catch (err) {
      setErrors({ ...fieldErrors(err), form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="create-user-form">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} autoFocus data-testid="user-form-name" />
      <TextField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} data-testid="user-form-email" />
      <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value === 'head' ? 'head' : 'seller')} data-testid="user-form-role">
        <option value="seller">Seller</option>
        <option value="head">Head</option>
      </SelectField>
      <TextField
        label="Initial password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint="At least 8 characters"
        data-testid="user-form-password"
      />
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onDone}>Cancel</Button>
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="user-form-submit">
          Add user
        </Button>
      </div>
    </form>
  );
}
