import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { API_KEY_RESOURCES, type ApiKeyAccess, type ApiKeyInfo, type ApiKeyResource, type CreatedApiKey } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, Dialog, QueryList, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../hooks/use-api-keys';
import './api-keys.css';

const M = defineMessages({
  title: { id: 'apiKeys.admin.title', defaultMessage: 'API keys' },
  intro: {
    id: 'apiKeys.admin.intro',
    defaultMessage:
      'An API key lets another system use Callboard’s REST API. It sees what a Head sees, only in the areas you tick, and only reads unless you allow writing. It never manages users, keys or settings. Changes it makes show on the deal’s history under the key’s name.',
  },
  create: { id: 'apiKeys.admin.create', defaultMessage: 'Create API key' },
  loading: { id: 'apiKeys.admin.loading', defaultMessage: 'Loading the API keys' },
  empty: { id: 'apiKeys.admin.empty', defaultMessage: 'No API key yet.' },
  nameColumn: { id: 'apiKeys.admin.nameColumn', defaultMessage: 'Name' },
  scopes: { id: 'apiKeys.admin.scopes', defaultMessage: 'Scopes' },
  createdBy: { id: 'apiKeys.admin.createdBy', defaultMessage: 'Created by' },
  created: { id: 'apiKeys.admin.created', defaultMessage: 'Created' },
  lastUsed: { id: 'apiKeys.admin.lastUsed', defaultMessage: 'Last used' },
  status: { id: 'apiKeys.admin.status', defaultMessage: 'Status' },
  actions: { id: 'apiKeys.admin.actions', defaultMessage: 'Actions' },
  never: { id: 'apiKeys.admin.never', defaultMessage: 'never' },
  revoked: { id: 'apiKeys.admin.revoked', defaultMessage: 'Revoked' },
  active: { id: 'apiKeys.admin.active', defaultMessage: 'Active' },
  revoke: { id: 'apiKeys.admin.revoke', defaultMessage: 'Revoke' },
  confirmTitle: { id: 'apiKeys.admin.confirmTitle', defaultMessage: 'Revoke this API key?' },
  dialogTitle: { id: 'apiKeys.admin.dialogTitle', defaultMessage: 'New API key' },
  createdTitle: { id: 'apiKeys.admin.createdTitle', defaultMessage: 'Your new API key' },
  name: { id: 'apiKeys.admin.name', defaultMessage: 'Name (the system that will use it)' },
  access: { id: 'apiKeys.admin.access', defaultMessage: 'Access' },
  areas: { id: 'apiKeys.admin.areas', defaultMessage: 'Areas' },
  pickArea: { id: 'apiKeys.admin.pickArea', defaultMessage: 'Tick at least one area.' },
  cancel: { id: 'apiKeys.admin.cancel', defaultMessage: 'Cancel' },
  done: { id: 'apiKeys.admin.done', defaultMessage: 'Done' },
  copy: { id: 'apiKeys.admin.copy', defaultMessage: 'Copy key' },
  copied: { id: 'apiKeys.admin.copied', defaultMessage: 'API key copied' },
  copyFailed: { id: 'apiKeys.admin.copyFailed', defaultMessage: 'Could not copy: select the key and copy it by hand' },
});

const ACCESS = defineMessages({
  read: { id: 'apiKeys.access.read', defaultMessage: 'Read only' },
  write: { id: 'apiKeys.access.write', defaultMessage: 'Read and write' },
});

const RESOURCES = defineMessages({
  deals: { id: 'apiKeys.resource.deals', defaultMessage: 'Deals' },
  contacts: { id: 'apiKeys.resource.contacts', defaultMessage: 'Contacts' },
  calls: { id: 'apiKeys.resource.calls', defaultMessage: 'Calls' },
  tasks: { id: 'apiKeys.resource.tasks', defaultMessage: 'Tasks' },
  offers: { id: 'apiKeys.resource.offers', defaultMessage: 'Offers' },
  orders: { id: 'apiKeys.resource.orders', defaultMessage: 'Orders' },
  reports: { id: 'apiKeys.resource.reports', defaultMessage: 'Reports' },
}) satisfies Record<ApiKeyResource, unknown>;

/**
 * Admin → API keys: a Head creates a key for an integration (shown once, with a copy button),
 * sees each key's scopes, creator and last use, and revokes one (its next request answers 401).
 */
export function ApiKeysAdmin() {
  const intl = useIntl();
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);

  async function confirmRevoke() {
    if (!revoking) return;
    try {
      await revoke.mutateAsync(revoking.id);
      toast.success(intl.formatMessage({ id: 'apiKeys.admin.revokedToast', defaultMessage: 'API key “{name}” revoked' }, { name: revoking.name }));
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setRevoking(null);
    }
  }

  const scopes = (k: ApiKeyInfo) =>
    intl.formatMessage(
      { id: 'apiKeys.admin.scopeList', defaultMessage: '{access}: {areas}' },
      { access: intl.formatMessage(ACCESS[k.access]), areas: intl.formatList(k.resources.map((r) => intl.formatMessage(RESOURCES[r]))) },
    );

  return (
    <section aria-labelledby="api-keys-heading" className="admin-section" data-testid="api-keys-admin">
      <h2 id="api-keys-heading" className="section-title">
        {intl.formatMessage(M.title)}
      </h2>
      <p className="muted">{intl.formatMessage(M.intro)}</p>
      <div className="toolbar">
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="api-key-new">
          {intl.formatMessage(M.create)}
        </Button>
      </div>
      <QueryList query={keys} loading={intl.formatMessage(M.loading)} empty={intl.formatMessage(M.empty)}>
        {(items) => (
          <table className="table" data-testid="api-key-list">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.nameColumn)}</th>
                <th scope="col">{intl.formatMessage(M.scopes)}</th>
                <th scope="col">{intl.formatMessage(M.createdBy)}</th>
                <th scope="col">{intl.formatMessage(M.created)}</th>
                <th scope="col">{intl.formatMessage(M.lastUsed)}</th>
                <th scope="col">{intl.formatMessage(M.status)}</th>
                <th scope="col">
                  <span className="visually-hidden">{intl.formatMessage(M.actions)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((k) => (
                <tr key={k.id} data-testid={`api-key-row-${k.id}`}>
                  <td>
                    <bdi data-user-content>{k.name}</bdi>
                    <div className="muted api-key-prefix" dir="ltr" translate="no" data-user-content>
                      {k.prefix}…
                    </div>
                  </td>
                  <td data-testid="api-key-scopes">{scopes(k)}</td>
                  <td>{k.createdByName && <bdi data-user-content>{k.createdByName}</bdi>}</td>
                  <td>{formatDateTime(k.createdAt)}</td>
                  <td data-testid="api-key-last-used">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : <span className="muted">{intl.formatMessage(M.never)}</span>}</td>
                  <td data-testid="api-key-status">
                    {k.revokedAt ? (
                      <>
                        <Badge tone="danger">{intl.formatMessage(M.revoked)}</Badge>
                        <div className="muted">{formatDateTime(k.revokedAt)}</div>
                      </>
                    ) : (
                      <Badge tone="success">{intl.formatMessage(M.active)}</Badge>
                    )}
                  </td>
                  <td>
                    {!k.revokedAt && (
                      <Button size="sm" variant="danger" onClick={() => setRevoking(k)} data-testid="api-key-revoke">
                        {intl.formatMessage(M.revoke)}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryList>
      {creating && <CreateApiKeyDialog onClose={() => setCreating(false)} />}
      <ConfirmDialog
        open={!!revoking}
        title={intl.formatMessage(M.confirmTitle)}
        confirmLabel={intl.formatMessage(M.revoke)}
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      >
        <FormattedMessage
          id="apiKeys.admin.confirmBody"
          defaultMessage="The system using “{name}” is refused from its next request on. This cannot be undone; a new key can be created any time."
          values={{ name: <bdi data-user-content>{revoking?.name}</bdi> }}
        />
      </ConfirmDialog>
    </section>
  );
}

/** The form, then (once created) the key itself: shown in this dialog only, never again. */
function CreateApiKeyDialog({ onClose }: { onClose: () => void }) {
  const intl = useIntl();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [access, setAccess] = useState<ApiKeyAccess>('read');
  const [resources, setResources] = useState<ApiKeyResource[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!resources.length) return setErrors({ resources: intl.formatMessage(M.pickArea) });
    setErrors({});
    try {
      setCreated(await create.mutateAsync({ name, access, resources }));
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(Object.keys(fields).length ? fields : { form: errorMessage(err) });
    }
  }

  const toggle = (r: ApiKeyResource, on: boolean) => setResources((rs) => (on ? API_KEY_RESOURCES.filter((x) => x === r || rs.includes(x)) : rs.filter((x) => x !== r)));

  if (created) {
    return (
      <Dialog
        open
        title={intl.formatMessage(M.createdTitle)}
        onClose={onClose}
        testId="api-key-created"
        footer={
          <Button variant="primary" onClick={onClose} data-testid="api-key-done">
            {intl.formatMessage(M.done)}
          </Button>
        }
      >
        <CreatedKey created={created} />
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      title={intl.formatMessage(M.dialogTitle)}
      onClose={onClose}
      testId="api-key-dialog"
      footer={
        <>
          <Button onClick={onClose}>{intl.formatMessage(M.cancel)}</Button>
          <Button type="submit" form="api-key-form" variant="primary" busy={create.isPending} disabled={!name.trim()} data-testid="api-key-create">
            {intl.formatMessage(M.create)}
          </Button>
        </>
      }
    >
      <form id="api-key-form" className="api-key-form" onSubmit={submit}>
        <TextField label={intl.formatMessage(M.name)} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} error={errors.name} data-testid="api-key-name" autoFocus />
        <fieldset className="api-key-fieldset">
          <legend>{intl.formatMessage(M.access)}</legend>
          {(['read', 'write'] as const).map((a) => (
            <label key={a} className="checkbox-inline">
              <input type="radio" name="api-key-access" value={a} checked={access === a} onChange={() => setAccess(a)} data-testid={`api-key-access-${a}`} />{' '}
              {intl.formatMessage(ACCESS[a])}
            </label>
          ))}
        </fieldset>
        <fieldset className="api-key-fieldset" aria-describedby={errors.resources ? 'api-key-areas-error' : undefined}>
          <legend>{intl.formatMessage(M.areas)}</legend>
          {API_KEY_RESOURCES.map((r) => (
            <label key={r} className="checkbox-inline">
              <input type="checkbox" checked={resources.includes(r)} onChange={(e) => toggle(r, e.target.checked)} data-testid={`api-key-resource-${r}`} />{' '}
              {intl.formatMessage(RESOURCES[r])}
            </label>
          ))}
          {errors.resources && (
            <p className="field-error" id="api-key-areas-error" role="alert">
              {errors.resources}
            </p>
          )}
        </fieldset>
        {errors.form && (
          <p className="field-error" role="alert">
            {errors.form}
          </p>
        )}
      </form>
    </Dialog>
  );
}

function CreatedKey({ created }: { created: CreatedApiKey }) {
  const intl = useIntl();
  const toast = useToast();
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.token);
      toast.success(intl.formatMessage(M.copied));
    } catch {
      toast.error(intl.formatMessage(M.copyFailed));
    }
  }
  return (
    <div role="status">
      <p>
        <FormattedMessage
          id="apiKeys.admin.createdNote"
          defaultMessage="Give this key to “{name}”. It is shown <strong>only now</strong>: copy it before closing. Send it as {header}."
          values={{
            name: <bdi data-user-content>{created.name}</bdi>,
            strong: (chunks) => <strong>{chunks}</strong>,
            header: (
              <code dir="ltr" translate="no" data-user-content>
                Authorization: Bearer cbk_…
              </code>
            ),
          }}
        />
      </p>
      <p className="one-time-secret" dir="ltr" data-user-content data-testid="api-key-token">
        {created.token}
      </p>
      <Button onClick={copy} data-testid="api-key-copy">
        {intl.formatMessage(M.copy)}
      </Button>
    </div>
  );
}
