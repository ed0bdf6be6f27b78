import { useState } from 'react';
import { Link } from 'react-router';
import type { Role, UpdateUserRequest, User } from '@callboard/contracts';
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

  async function change(user: User, body: UpdateUserRequest, done: string) {
    try {
      await update.mutateAsync({ id: user.id, body });
      toast.success(done);
    } catch (e) {
      toast.error(errorMessage(e));
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
      <table className="table" data-testid="users-table">
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
              <td dir="ltr">{u.extension}</td>
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
