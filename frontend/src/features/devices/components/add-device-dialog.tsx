import { useState, type FormEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { CreatedDevice } from '@callboard/contracts';
import { Button, Dialog, SelectField, TextField } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useAssignableUsers } from '@/features/users';
import { useCreateDevice } from '../hooks/use-devices';
import { isolate, isolateLtr } from '@/components/ui/bidi';
import { DeviceSettingsPanel } from './device-settings-panel';

interface AddDeviceDialogProps {
  open: boolean;
  /** Preselected owner (a Head looking at one user's phones). */
  defaultUserId?: string;
  onClose: () => void;
}

/**
 * Adds a phone, then shows its settings and password once. The answer is kept in this
 * component's state only: closing the dialog forgets the password for good.
 */
export function AddDeviceDialog({ open, defaultUserId, onClose }: AddDeviceDialogProps) {
  const intl = useIntl();
  const [created, setCreated] = useState<CreatedDevice | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title={
        created
          ? intl.formatMessage({ id: 'devices.add.setUpTitle', defaultMessage: 'Set up the phone' })
          : intl.formatMessage({ id: 'devices.add.title', defaultMessage: 'Add a desk phone' })
      }
      onClose={close}
      width={created ? 'md' : 'sm'}
      testId="add-device-dialog"
    >
      {open && !created && <AddDeviceForm defaultUserId={defaultUserId} onCancel={close} onCreated={setCreated} />}
      {created && (
        <>
          <DeviceSettingsPanel created={created} />
          <div className="form-actions">
            <Button variant="primary" onClick={close} data-testid="device-settings-done">
              <FormattedMessage id="devices.add.done" defaultMessage="Done" />
            </Button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function AddDeviceForm({ defaultUserId, onCancel, onCreated }: { defaultUserId?: string; onCancel: () => void; onCreated: (c: CreatedDevice) => void }) {
  const intl = useIntl();
  const me = useSessionUser();
  const users = useAssignableUsers();
  const create = useCreateDevice();
  const [userId, setUserId] = useState(defaultUserId ?? me.id);
  // a suggested name, in the user's language; what they type is theirs
  const [label, setLabel] = useState(() => intl.formatMessage({ id: 'devices.add.defaultName', defaultMessage: 'Desk phone' }));
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!label.trim()) return setErrors({ label: intl.formatMessage({ id: 'devices.add.nameRequired', defaultMessage: 'Enter a name for the phone' }) });
    setErrors({});
    try {
      onCreated(await create.mutateAsync({ userId, label: label.trim() }));
    } catch (err) {
      setErrors({ ...fieldErrors(err), form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid" onSubmit={submit} noValidate data-testid="add-device-form">
      {me.role === 'head' && (
        <SelectField label={intl.formatMessage({ id: 'devices.add.owner', defaultMessage: 'Whose phone' })} value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="device-form-user">
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {intl.formatMessage(
                { id: 'devices.add.ownerOption', defaultMessage: '{name} (extension {extension})' },
                { name: isolate(u.name), extension: isolateLtr(u.extension) },
              )}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label={intl.formatMessage({ id: 'devices.add.name', defaultMessage: 'Name of the phone' })}
        value={label}
        maxLength={80}
        onChange={(e) => setLabel(e.target.value)}
        error={errors.label}
        hint={intl.formatMessage({ id: 'devices.add.nameHint', defaultMessage: 'For example: Desk phone, meeting room' })}
        autoFocus
        data-testid="device-form-label"
      />
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        <Button onClick={onCancel}>
          <FormattedMessage id="devices.add.cancel" defaultMessage="Cancel" />
        </Button>
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="device-form-submit">
          <FormattedMessage id="devices.add.submit" defaultMessage="Create account" />
        </Button>
      </div>
    </form>
  );
}
