import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { CreatedWallboardToken, WallboardTokenInfo } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, QueryList, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useCreateWallboardToken, useRevokeWallboardToken, useWallboardTokens } from '../hooks/use-wallboard-tokens';
import { absoluteWallboardUrl } from '../utils/wallboard-token';

const M = defineMessages({
  title: { id: 'wallboard.admin.title', defaultMessage: 'Wallboards' },
  intro: {
    id: 'wallboard.admin.intro',
    defaultMessage:
      'A wallboard shows today’s calls, speed to lead, waiting leads, the team’s status and the deals won, live, on a screen on the sales floor. Its link opens that screen only; anyone with the link sees the team’s figures, so revoke a link you no longer use.',
  },
  name: { id: 'wallboard.admin.name', defaultMessage: 'Where the screen hangs' },
  create: { id: 'wallboard.admin.create', defaultMessage: 'Create wallboard link' },
  loading: { id: 'wallboard.admin.loading', defaultMessage: 'Loading the wallboards' },
  empty: { id: 'wallboard.admin.empty', defaultMessage: 'No wallboard yet.' },
  nameColumn: { id: 'wallboard.admin.nameColumn', defaultMessage: 'Name' },
  created: { id: 'wallboard.admin.created', defaultMessage: 'Created' },
  lastUsed: { id: 'wallboard.admin.lastUsed', defaultMessage: 'Last used' },
  status: { id: 'wallboard.admin.status', defaultMessage: 'Status' },
  actions: { id: 'wallboard.admin.actions', defaultMessage: 'Actions' },
  never: { id: 'wallboard.admin.never', defaultMessage: 'never' },
  revoked: { id: 'wallboard.admin.revoked', defaultMessage: 'Revoked' },
  active: { id: 'wallboard.admin.active', defaultMessage: 'Active' },
  revoke: { id: 'wallboard.admin.revoke', defaultMessage: 'Revoke' },
  confirmTitle: { id: 'wallboard.admin.confirmTitle', defaultMessage: 'Revoke this wallboard link?' },
  copied: { id: 'wallboard.admin.copied', defaultMessage: 'Wallboard link copied' },
  copyFailed: { id: 'wallboard.admin.copyFailed', defaultMessage: 'Could not copy: select the link and copy it by hand' },
  copy: { id: 'wallboard.admin.copy', defaultMessage: 'Copy link' },
});

/**
 * Admin → Wallboards: a Head creates a read-only link for a TV (shown once), sees the links and
 * when each was last used, and revokes one (the TV stops at its next request).
 */
export function WallboardsAdmin() {
  const intl = useIntl();
  const tokens = useWallboardTokens();
  const create = useCreateWallboardToken();
  const revoke = useRevokeWallboardToken();
  const toast = useToast();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedWallboardToken | null>(null);
  const [revoking, setRevoking] = useState<WallboardTokenInfo | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      setCreated(await create.mutateAsync(name));
      setName('');
    } catch (err) {
      setError(fieldErrors(err).name ?? errorMessage(err));
    }
  }

  async function confirmRevoke() {
    if (!revoking) return;
    try {
      await revoke.mutateAsync(revoking.id);
      toast.success(intl.formatMessage({ id: 'wallboard.admin.revokedToast', defaultMessage: 'Wallboard “{name}” revoked' }, { name: revoking.name }));
      if (created?.id === revoking.id) setCreated(null);
    } catch (err) {
      toast.error(errorMessage(err));
    } finally {
      setRevoking(null);
    }
  }

  return (
    <section aria-labelledby="wallboards-heading" className="admin-section" data-testid="wallboards-admin">
      <h2 id="wallboards-heading" className="section-title">
        {intl.formatMessage(M.title)}
      </h2>
      <p className="muted">{intl.formatMessage(M.intro)}</p>
      <form className="toolbar" onSubmit={submit}>
        <TextField label={intl.formatMessage(M.name)} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} error={error ?? undefined} data-testid="wallboard-name" />
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim()} data-testid="wallboard-create">
          {intl.formatMessage(M.create)}
        </Button>
      </form>
      {created && <CreatedLink created={created} />}
      <QueryList query={tokens} loading={intl.formatMessage(M.loading)} empty={intl.formatMessage(M.empty)}>
        {(items) => (
          <table className="table" data-testid="wallboard-list">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.nameColumn)}</th>
                <th scope="col">{intl.formatMessage(M.created)}</th>
                <th scope="col">{intl.formatMessage(M.lastUsed)}</th>
                <th scope="col">{intl.formatMessage(M.status)}</th>
                <th scope="col">
                  <span className="visually-hidden">{intl.formatMessage(M.actions)}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id} data-testid={`wallboard-row-${t.id}`}>
                  <td>
                    <bdi data-user-content>{t.name}</bdi>
                  </td>
                  <td>
                    {formatDateTime(t.createdAt)}
                    {t.createdByName && (
                      <span className="muted">
                        {' · '}
                        <bdi data-user-content>{t.createdByName}</bdi>
                      </span>
                    )}
                  </td>
                  <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">{intl.formatMessage(M.never)}</span>}</td>
                  <td>{t.revokedAt ? <Badge tone="danger">{intl.formatMessage(M.revoked)}</Badge> : <Badge tone="success">{intl.formatMessage(M.active)}</Badge>}</td>
                  <td>
                    {!t.revokedAt && (
                      <Button size="sm" variant="danger" onClick={() => setRevoking(t)} data-testid="wallboard-revoke">
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
      <ConfirmDialog
        open={!!revoking}
        title={intl.formatMessage(M.confirmTitle)}
        confirmLabel={intl.formatMessage(M.revoke)}
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      >
        <FormattedMessage
          id="wallboard.admin.confirmBody"
          defaultMessage="The screen “{name}” stops showing figures at once. A new link can be created any time."
          values={{ name: <bdi data-user-content>{revoking?.name}</bdi> }}
        />
      </ConfirmDialog>
    </section>
  );
}

function CreatedLink({ created }: { created: CreatedWallboardToken }) {
  const intl = useIntl();
  const toast = useToast();
  const url = absoluteWallboardUrl(created.url, window.location.origin);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast.success(intl.formatMessage(M.copied));
    } catch {
      toast.error(intl.formatMessage(M.copyFailed));
    }
  }
  return (
    <div className="panel" role="status" data-testid="wallboard-created">
      <p>
        <FormattedMessage
          id="wallboard.admin.createdNote"
          defaultMessage="Open this link on the screen “{name}”. It is shown <strong>only now</strong>: copy it before leaving this page."
          values={{ name: <bdi data-user-content>{created.name}</bdi>, strong: (chunks) => <strong>{chunks}</strong> }}
        />
      </p>
      <p className="one-time-secret" dir="ltr" data-user-content data-testid="wallboard-url">
        {url}
      </p>
      <Button onClick={copy} data-testid="wallboard-copy">
        {intl.formatMessage(M.copy)}
      </Button>
    </div>
  );
}
