import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Device } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, QueryList, SelectField, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { useDevices, useRemoveDevice } from '../hooks/use-devices';
import { isolate } from '@/components/ui/bidi';
import { AddDeviceDialog } from './add-device-dialog';

/** Desk phones: a Seller's own; a Head's view of everyone's, filterable by user (?user=<id>). */
export function DevicesPage() {
  const intl = useIntl();
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
      toast.success(intl.formatMessage({ id: 'devices.remove.done', defaultMessage: '{label} was removed' }, { label: isolate(removing.label) }));
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  }

  return (
    <div className="page">
      <div className="toolbar">
        <h1 className="page-title">
          <FormattedMessage id="devices.page.title" defaultMessage="Desk phones" />
        </h1>
        <span className="toolbar-spacer" />
        {isHead && (
          <SelectField
            label={intl.formatMessage({ id: 'devices.page.userFilter', defaultMessage: 'User' })}
            fieldClassName="field-inline"
            value={userFilter ?? ''}
            onChange={(e) => setParams(e.target.value ? { user: e.target.value } : {}, { replace: true })}
            data-testid="devices-user-filter"
          >
            <option value="">{intl.formatMessage({ id: 'devices.page.everyone', defaultMessage: 'Everyone' })}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id} data-user-content>
                {u.name}
              </option>
            ))}
          </SelectField>
        )}
        <Button variant="primary" onClick={() => setAdding(true)} data-testid="add-device-button">
          <FormattedMessage id="devices.page.add" defaultMessage="Add desk phone" />
        </Button>
      </div>
      <p className="muted">
        {isHead ? (
          <FormattedMessage
            id="devices.page.introHead"
            defaultMessage="A desk phone gets its own SIP account: it rings, answers and owns deals exactly like its user’s browser phone."
          />
        ) : (
          <FormattedMessage
            id="devices.page.intro"
            defaultMessage="A desk phone gets its own SIP account: it rings, answers and owns deals exactly like your browser phone."
          />
        )}
      </p>
      <QueryList query={devices} loading={intl.formatMessage({ id: 'devices.page.loading', defaultMessage: 'Loading phones' })} empty={<FormattedMessage id="devices.page.empty" defaultMessage="No desk phones yet." />}>
        {(items) => <DevicesTable devices={items} showUser={isHead} onRemove={setRemoving} />}
      </QueryList>
      <AddDeviceDialog open={adding} defaultUserId={userFilter} onClose={() => setAdding(false)} />
      <ConfirmDialog
        open={removing !== null}
        title={intl.formatMessage({ id: 'devices.remove.title', defaultMessage: 'Remove this phone?' })}
        confirmLabel={intl.formatMessage({ id: 'devices.remove.confirm', defaultMessage: 'Remove phone' })}
        busy={remove.isPending}
        onConfirm={() => void confirmRemove()}
        onClose={() => setRemoving(null)}
      >
        <p>
          <FormattedMessage
            id="devices.remove.body"
            defaultMessage="“{label}” stops ringing at once and can no longer sign in. To use it again, add it as a new phone."
            values={{ label: <bdi data-user-content>{removing?.label}</bdi> }}
          />
        </p>
      </ConfirmDialog>
    </div>
  );
}

function DeviceStatus({ device: d }: { device: Device }) {
  const intl = useIntl();
  if (!d.userActive) {
    return (
      <Badge tone="danger" title={intl.formatMessage({ id: 'devices.status.userDeactivatedHint', defaultMessage: 'The user is deactivated: this phone cannot sign in' })}>
        <FormattedMessage id="devices.status.userDeactivated" defaultMessage="User deactivated" />
      </Badge>
    );
  }
  if (d.registered) {
    return (
      <Badge
        tone="success"
        title={
          d.registeredUntil
            ? intl.formatMessage({ id: 'devices.status.registeredUntil', defaultMessage: 'Registered until {when}' }, { when: formatDateTime(d.registeredUntil) })
            : undefined
        }
      >
        <FormattedMessage id="devices.status.registered" defaultMessage="Registered" />
      </Badge>
    );
  }
  return (
    <Badge>
      {d.lastRegisteredAt ? (
        <FormattedMessage id="devices.status.notRegistered" defaultMessage="Not registered" />
      ) : (
        <FormattedMessage id="devices.status.neverRegistered" defaultMessage="Never registered" />
      )}
    </Badge>
  );
}

function DevicesTable({ devices, showUser, onRemove }: { devices: Device[]; showUser: boolean; onRemove: (d: Device) => void }) {
  return (
    <table className="table" data-testid="devices-table">
      <thead>
        <tr>
          <th scope="col">
            <FormattedMessage id="devices.table.phone" defaultMessage="Phone" />
          </th>
          {showUser && (
            <th scope="col">
              <FormattedMessage id="devices.table.user" defaultMessage="User" />
            </th>
          )}
          <th scope="col">
            <FormattedMessage id="devices.table.username" defaultMessage="SIP user name" />
          </th>
          <th scope="col">
            <FormattedMessage id="devices.table.status" defaultMessage="Status" />
          </th>
          <th scope="col">
            <FormattedMessage id="devices.table.lastSeen" defaultMessage="Last seen" />
          </th>
          <th scope="col">
            <FormattedMessage id="devices.table.from" defaultMessage="From" />
          </th>
          <th scope="col">
            <FormattedMessage id="devices.table.software" defaultMessage="Phone software" />
          </th>
          <th scope="col">
            <span className="visually-hidden">
              <FormattedMessage id="devices.table.actions" defaultMessage="Actions" />
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => (
          <tr key={d.id} data-testid={`device-row-${d.id}`}>
            <td>
              <bdi data-user-content>{d.label}</bdi>
            </td>
            {showUser && (
              <td>
                <bdi data-user-content>{d.userName}</bdi>{' '}
                <span className="muted">
                  (
                  <bdi dir="ltr" data-user-content>
                    {d.extension}
                  </bdi>
                  )
                </span>
              </td>
            )}
            <td className="mono">
              <bdi dir="ltr" data-user-content>
                {d.username}
              </bdi>
            </td>
            <td data-testid={`device-status-${d.id}`}>
              <DeviceStatus device={d} />
            </td>
            <td title={d.lastRegisteredAt ? formatDateTime(d.lastRegisteredAt) : undefined}>{d.lastRegisteredAt ? timeAgo(d.lastRegisteredAt) : '—'}</td>
            <td className="mono">
              {d.lastAddress ? (
                <bdi dir="ltr" data-user-content>
                  {d.lastAddress}
                  {d.lastTransport ? ` (${d.lastTransport.toUpperCase()})` : ''}
                </bdi>
              ) : (
                '—'
              )}
            </td>
            <td className="device-user-agent" data-testid={`device-ua-${d.id}`}>
              {d.lastUserAgent ? (
                <bdi dir="ltr" data-user-content>
                  {d.lastUserAgent}
                </bdi>
              ) : (
                '—'
              )}
            </td>
            <td className="cell-actions">
              <Button size="sm" variant="danger" onClick={() => onRemove(d)} data-testid={`device-remove-${d.id}`}>
                <FormattedMessage id="devices.table.remove" defaultMessage="Remove" />
              </Button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
