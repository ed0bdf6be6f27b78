import './admin.css';
import { type FormEvent, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { Link } from 'react-router';
import { Extension, type Role, type UpdateUserRequest, type User } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, Dialog, ErrorState, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { useResetPassword, useUpdateUser } from '../hooks/use-admin-mutations';
import { ROLES } from '../utils/roles';
import { CreateUserForm } from './create-user-form';

export function UsersAdmin() {
  const intl = useIntl();
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
      toast.error(
        intl.formatMessage({ id: 'admin.users.changeFailed', defaultMessage: 'Could not change {name}: {error}' }, { name: user.name, error: errorMessage(e) }),
      );
      return false;
    }
  }

  if (users.isPending) return <Spinner label={intl.formatMessage({ id: 'admin.users.loading', defaultMessage: 'Loading users' })} />;
  if (users.isError) return <ErrorState message={errorMessage(users.error)} />;
  const sorted = [...users.data].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));

  return (
    <section aria-labelledby="users-heading" className="admin-section">
      <div className="toolbar">
        <h2 id="users-heading" className="section-title">
          <FormattedMessage id="admin.users.heading" defaultMessage="Users" />
        </h2>
        <span className="toolbar-spacer" />
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="new-user-button">
          <FormattedMessage id="admin.users.add" defaultMessage="Add user" />
        </Button>
      </div>
      <table className="table admin-cards" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">
              <FormattedMessage id="admin.users.name" defaultMessage="Name" />
            </th>
            <th scope="col">
              <FormattedMessage id="admin.users.email" defaultMessage="Email" />
            </th>
            <th scope="col">
              <FormattedMessage id="admin.users.extension" defaultMessage="Extension" />
            </th>
            <th scope="col">
              <FormattedMessage id="admin.users.role" defaultMessage="Role" />
            </th>
            <th scope="col">
              <FormattedMessage id="admin.users.status" defaultMessage="Status" />
            </th>
            <th scope="col">
              <span className="visually-hidden">
                <FormattedMessage id="admin.users.actions" defaultMessage="Actions" />
              </span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => (
            <tr key={u.id} data-testid={`user-row-${u.id}`} className={u.active ? '' : 'row-inactive'}>
              <td>
                <bdi data-user-content>{u.name}</bdi>
                {u.id === me.id && (
                  <span className="muted">
                    {' '}
                    <FormattedMessage id="admin.users.you" defaultMessage="(you)" />
                  </span>
                )}
              </td>
              <td>
                <bdi dir="ltr" data-user-content>
                  {u.email}
                </bdi>
              </td>
              <td>
                <ExtensionForm
                  user={u}
                  busy={update.isPending}
                  onSave={(extension) =>
                    change(
                      u,
                      { extension },
                      intl.formatMessage({ id: 'admin.users.extensionSaved', defaultMessage: '{name}’s extension is now {extension}' }, { name: u.name, extension }),
                    )
                  }
                />
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`role-${u.id}`}>
                  <FormattedMessage id="admin.users.roleOf" defaultMessage="Role of {name}" values={{ name: <bdi data-user-content>{u.name}</bdi> }} />
                </label>
                <select
                  id={`role-${u.id}`}
                  className="input input-sm"
                  value={u.role}
                  disabled={u.id === me.id || update.isPending}
                  onChange={(e) => {
                    const role: Role = e.target.value === 'head' ? 'head' : 'seller';
                    void change(
                      u,
                      { role },
                      intl.formatMessage({ id: 'admin.users.roleSaved', defaultMessage: '{name} is now a {role, select, head {Head} other {Seller}}' }, { name: u.name, role }),
                    );
                  }}
                  data-testid={`user-role-${u.id}`}
                >
                  <option value="seller">{intl.formatMessage(ROLES.seller)}</option>
                  <option value="head">{intl.formatMessage(ROLES.head)}</option>
                </select>
              </td>
              <td>
                {u.active ? (
                  <Badge tone="success">
                    <FormattedMessage id="admin.users.active" defaultMessage="Active" />
                  </Badge>
                ) : (
                  <Badge>
                    <FormattedMessage id="admin.users.inactive" defaultMessage="Inactive" />
                  </Badge>
                )}
              </td>
              <td className="cell-actions">
                <Link className="btn btn-ghost btn-sm" to={`/phones?user=${u.id}`} data-testid={`user-phones-${u.id}`}>
                  <FormattedMessage id="admin.users.deskPhones" defaultMessage="Desk phones" />
                </Link>
                {u.id !== me.id && (
                  <Button size="sm" variant="secondary" onClick={() => setResetting(u)} data-testid={`user-reset-${u.id}`}>
                    <FormattedMessage id="admin.users.resetPassword" defaultMessage="Reset password" />
                  </Button>
                )}
                {u.id !== me.id && (
                  <Button
                    size="sm"
                    variant={u.active ? 'danger' : 'secondary'}
                    disabled={update.isPending}
                    onClick={() =>
                      void change(
                        u,
                        { active: !u.active },
                        u.active
                          ? intl.formatMessage({ id: 'admin.users.deactivated', defaultMessage: '{name} was deactivated' }, { name: u.name })
                          : intl.formatMessage({ id: 'admin.users.reactivated', defaultMessage: '{name} was reactivated' }, { name: u.name }),
                      )
                    }
                    data-testid={`user-toggle-${u.id}`}
                  >
                    {u.active ? (
                      <FormattedMessage id="admin.users.deactivate" defaultMessage="Deactivate" />
                    ) : (
                      <FormattedMessage id="admin.users.reactivate" defaultMessage="Reactivate" />
                    )}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConfirmDialog
        open={!!resetting}
        title={intl.formatMessage({ id: 'admin.users.resetTitle', defaultMessage: 'Reset password' })}
        confirmLabel={intl.formatMessage({ id: 'admin.users.resetConfirm', defaultMessage: 'Reset password' })}
        busy={reset.isPending}
        onConfirm={() => resetting && void confirmReset(resetting)}
        onClose={() => setResetting(null)}
      >
        {resetting && (
          <FormattedMessage
            id="admin.users.resetExplained"
            defaultMessage="{name} gets a new temporary password and is signed out everywhere: browsers and the browser phone."
            values={{ name: <bdi data-user-content>{resetting.name}</bdi> }}
          />
        )}
      </ConfirmDialog>
      <Dialog
        open={!!temporary}
        title={intl.formatMessage({ id: 'admin.users.temporaryTitle', defaultMessage: 'Temporary password' })}
        onClose={() => setTemporary(null)}
        width="sm"
        testId="temporary-password-dialog"
      >
        {temporary && (
          <>
            <p>
              <FormattedMessage
                id="admin.users.temporaryExplained"
                defaultMessage="Give this password to {name} ({email}). It is shown only now; they can change it under their name, top right."
                values={{
                  name: <bdi data-user-content>{temporary.user.name}</bdi>,
                  email: (
                    <bdi dir="ltr" data-user-content>
                      {temporary.user.email}
                    </bdi>
                  ),
                }}
              />
            </p>
            <p className="one-time-secret" dir="ltr" translate="no" data-user-content data-testid="temporary-password">
              {temporary.password}
            </p>
          </>
        )}
      </Dialog>
      <Dialog open={creating} title={intl.formatMessage({ id: 'admin.users.addTitle', defaultMessage: 'Add user' })} onClose={() => setCreating(false)} width="sm">
        {creating && <CreateUserForm onDone={() => setCreating(false)} />}
      </Dialog>
    </section>
  );
}

/** A user's extension: digits only (the API's schema), saved on Enter or Save; a taken one is refused by the server. */
function ExtensionForm({ user, busy, onSave }: { user: User; busy: boolean; onSave: (extension: string) => Promise<boolean> }) {
  const intl = useIntl();
  const [value, setValue] = useState(user.extension);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(user.extension), [user.extension]);
  const changed = value.trim() !== user.extension;
  const inputId = `extension-${user.id}`;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = Extension.safeParse(value.trim());
    if (!parsed.success) {
      setError(intl.formatMessage({ id: 'admin.users.extensionInvalid', defaultMessage: 'An extension is 2 to 8 digits' }));
      return;
    }
    setError(null);
    if (!(await onSave(parsed.data))) setValue(user.extension);
  }

  return (
    <form className="extension-form" onSubmit={(e) => void submit(e)} noValidate>
      <label className="visually-hidden" htmlFor={inputId}>
        <FormattedMessage id="admin.users.extensionOf" defaultMessage="Extension of {name}" values={{ name: <bdi data-user-content>{user.name}</bdi> }} />
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
          <FormattedMessage id="admin.users.extensionSave" defaultMessage="Save" />
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
