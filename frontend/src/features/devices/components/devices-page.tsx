import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Device } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, EmptyState, ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { useDevices, useRemoveDevice } from '../hooks/use-devices';
import { AddDeviceDialog } from './add-device-dialog';

/** Desk phones: a Seller's own; a Head's view of everyone's, filterable by user (?user=<id>). */
export function DevicesPage() {
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const [params, setParams] = useSearchParams();
  const userFilter = (isHead && params.get('user')) || undefined;
  const devices = useDevices(userFilter);
  const users = useUsers();
  const remove = useRemoveDevice();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Device | null>(null);

  async function confirmRemove() {
    if (!removing) return;
    try {
      await remove.mutateAsync(removing.id);
      toast.success(`${removing.label} was removed`);
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <div className="page">
      <div className="toolbar">
        <h1 className="page-title">Desk phones</h1>
        <span className="toolbar-spacer" />
        {isHead && (
          <SelectField
            label="User"
            fieldClassName="field-inline"
            value={userFilter ?? ''}
            onChange={(e) => setParams(e.target.value ? { user: e.target.value } : {}, { replace: true })}
            data-testid="devices-user-filter"
          >
            <option value="">Everyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <Button variant="primary" onClick={() => setAdding(true)} data-testid="add-device-button">
          Add desk phone
        </Button>
      </div>
      <p className="muted">
        A desk phone gets its own SIP account: it rings, answers and owns deals exactly like {isHead ? 'its user’s' : 'your'} browser phone.
      </p>
      {devices.isPending ? (
        <Spinner label="Loading phones" />
      ) : devices.isError ? (
        <ErrorState message={errorMessage(devices.error)} />
      ) : devices.data.length === 0 ? (
        <EmptyState>No desk phones yet.</EmptyState>
      ) : (
        <DevicesTable devices={devices.data} showUser={isHead} onRemove={setRemoving} />
      )}
      <AddDeviceDialog open={adding} defaultUserId={userFilter} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this phone?"
        confirmLabel="Remove phone"
        busy={remove.isPending}
        onConfirm={() => void confirmRemove()}
        onClose={() => setRemoving(null)}
      >
        <p>
          “{removing?.label}” stops ringing at once and can no longer sign in. To use it again, add it as a new phone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

function DevicesTable({ devices, showUser, onRemove }: { devices: Device[]; showUser: boolean; onRemove: (d: Device) => void }) {
  return (
    <table className="table" data-testid="devices-table">
      <thead>
        <tr>
          <th scope="col">Phone</th>
          {showUser && <th scope="col">User</th>}
          <th scope="col">SIP user name</th>
          <th scope="col">Status</th>
          <th scope="col">Last seen</th>
          <th scope="col">From</th>
          <th scope="col">Phone software</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id} data-testid={`device-row-${d.id}`}>
            <td>{d.label}</td>
            {showUser && (
              <td>
                {d.userName} <span className="muted">({d.extension})</span>
              </td>
            )}
            <td className="mono">{d.username}</td>
            <td data-testid={`device-status-${d.id}`}>
              {!d.userActive ? (
                <Badge tone="danger" title="The user is deactivated: this phone cannot sign in">
                  User deactivated
                </Badge>
              ) : d.registered ? (
                <Badge tone="success" title={d.registeredUntil ? `Registered until ${formatDateTime(d.registeredUntil)}` : undefined}>
                  Registered
                </Badge>
              ) : (
                <Badge>{d.lastRegisteredAt ? 'Not registered' : 'Never registered'}</Badge>
              )}
            </td>
            <td title={d.lastRegisteredAt ? formatDateTime(d.lastRegisteredAt) : undefined}>{d.lastRegisteredAt ? timeAgo(d.lastRegisteredAt) : '—'}</td>
            <td className="mono" dir="ltr">
              {d.lastAddress ? `${d.lastAddress}${d.lastTransport ? ` (${d.lastTransport.toUpperCase()})` : ''}` : '—'}
            </td>
            <td className="device-user-agent" data-testid={`device-ua-${d.id}`}>
              {d.lastUserAgent ?? '—'}
            </td>
            <td className="cell-actions">
              <Button size="sm" variant="danger" onClick={() => onRemove(d)} data-testid={`device-remove-${d.id}`}>
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
