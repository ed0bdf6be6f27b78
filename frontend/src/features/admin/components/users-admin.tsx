import './admin.css';
import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Extension, type Role, type UpdateUserRequest, type User } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, Dialog, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { useResetPassword, useUpdateUser } from '../hooks/use-admin-mutations';
import { CreateUserForm } from './create-user-form';

export function UsersAdmin() {
  const me = useSessionUser();
  const users = useUsers();
  const update = useUpdateUser();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const reset = useResetPassword();
  const [resetting, setResetting] = useState<User | null>(null);
  const [temporary, setTemporary] = useState<{ user: User; password: string } | null>(null);

  async function confirmReset(user: User) {
    try {
      const { temporaryPassword } = await reset.mutateAsync(user.id);
      setResetting(null);
      setTemporary({ user, password: temporaryPassword });
    } catch (e) {
      setResetting(null);
      toast.error(errorMessage(e));
    }
  }

  async function change(user: User, body: UpdateUserRequest, done: string): Promise<boolean> {
    try {
      await update.mutateAsync({ id: user.id, body });
      toast.success(done);
      return true;
    } catch (e) {
      toast.error(`Could not change ${user.name}: ${errorMessage(e)}`);
      return false;
    }
  }

  if (users.isPending) return <Spinner label="Loading users" />;
  if (users.isError) return <ErrorState message={errorMessage(users.error)} />;
  const sorted = [...users.data].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="users-heading" className="admin-section">
      <div className="toolbar">
        <h2 id="users-heading" className="section-title">
          Users
        </h2>
        <span className="toolbar-spacer" />
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-user-button">
          Add user
        </Button>
      </div>
      <table className="table admin-cards" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Extension</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => (
            <tr key={u.id} data-testid={`user-row-${u.id}`} className={u.active ? '' : 'row-inactive'}>
              <td>
                {u.name}
                {u.id === me.id && <span className="muted"> (you)</span>}
              </td>
              <td>{u.email}</td>
              <td>
                <ExtensionForm user={u} busy={update.isPending} onSave={(extension) => change(u, { extension }, `${u.name}’s extension is now ${extension}`)} />
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                  Role of {u.name}
                </label>
                <select
                  id={`role-${u.id}`}
                  className="input input-sm"
                  value={u.role}
                  disabled={u.id === me.id || update.isPending}
                  onChange={(e) => {
                    const role: Role = e.target.value === 'head' ? 'head' : 'seller';
                    void change(u, { role }, `${u.name} is now a ${role === 'head' ? 'Head' : 'Seller'}`);
                  }}
                  data-testid={`user-role-${u.id}`}
                >
                  <option value="seller">Seller</option>
                  <option value="head">Head</option>
                </select>
              </td>
              <td>{u.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
              <td className="cell-actions">
                <Link className="btn btn-ghost btn-sm" to={`/phones?user=${u.id}`} data-testid={`user-phones-${u.id}`}>
                  Desk phones
                </Link>
                {u.id !== me.id && (
                  <Button size="sm" variant="secondary" onClick={() => setResetting(u)} data-testid={`user-reset-${u.id}`}>
                    Reset password
                  </Button>
                )}
                {u.id !== me.id && (
                  <Button
                    size="sm"
                    variant={u.active ? 'danger' : 'secondary'}
                    disabled={update.isPending}
                    onClick={() => void change(u, { active: !u.active }, u.active ? `${u.name} was deactivated` : `${u.name} was reactivated`)}
                    data-testid={`user-toggle-${u.id}`}
                  >
                    {u.active ? 'Deactivate' : 'Reactivate'}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={!!resetting}
        title="Reset password"
        confirmLabel="Reset password"
        busy={reset.isPending}
        onConfirm={() => resetting && void confirmReset(resetting)}
        onClose={() => setResetting(null)}
      >
        {resetting?.name} gets a new temporary password and is signed out everywhere: browsers and the browser phone.
      </ConfirmDialog>
      <Dialog open={!!temporary} title="Temporary password" onClose={() => setTemporary(null)} width="sm" testId="temporary-password-dialog">
        {temporary && (
          <>
            <p>
              Give this password to {temporary.user.name} ({temporary.user.email}). It is shown only now; they can change it under their
              name, top right.
            </p>
            <p className="one-time-secret" data-testid="temporary-password">
              {temporary.password}
            </p>
          </>
        )}
      </Dialog>
      <Dialog open={creating} title="Add user" onClose={() => setCreating(false)} width="sm">
        {creating && <CreateUserForm onDone={() => setCreating(false)} />}
      </Dialog>
    </section>
  );
}

/** A user's extension: digits only (the API's schema), saved on Enter or Save; a taken one is refused by the server. */
function ExtensionForm({ user, busy, onSave }: { user: User; busy: boolean; onSave: (extension: string) => Promise<boolean> }) {
  const [value, setValue] = useState(user.extension);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(user.extension), [user.extension]);
  const changed = value.trim() !== user.extension;
  const inputId = `extension-${user.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = Extension.safeParse(value.trim());
    if (!parsed.success) {
      setError('An extension is 2 to 8 digits');
      return;
    }
    setError(null);
    if (!(await onSave(parsed.data))) setValue(user.extension);
  }

  return (
    <form className="extension-form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="visually-hidden" htmlFor={inputId}>
        Extension of {user.name}
      </label>
      <input
        id={inputId}
        className="input input-sm"
        dir="ltr"
        inputMode="numeric"
        maxLength={8}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        data-testid={`user-extension-${user.id}`}
      />
      {changed && (
        <Button size="sm" type="submit" variant="primary" disabled={busy} data-testid={`user-extension-save-${user.id}`}>
          Save
        </Button>
      )}
      {error && (
        <span className="field-error" id={`${inputId}-error`} role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
