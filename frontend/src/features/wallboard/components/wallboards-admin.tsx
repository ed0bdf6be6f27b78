import { useState } from 'react';
import type { CreatedWallboardToken, WallboardTokenInfo } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, EmptyState, ErrorState, Spinner, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useCreateWallboardToken, useRevokeWallboardToken, useWallboardTokens } from '../hooks/use-wallboard-tokens';
import { absoluteWallboardUrl } from '../utils/wallboard-token';

/**
 * Admin → Wallboards: a Head creates a read-only link for a TV (shown once), sees the links and
 * when each was last used, and revokes one (the TV stops at its next request).
 */
export function WallboardsAdmin() {
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
      toast.success(`Wallboard “${revoking.name}” revoked`);
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
        Wallboards
      </h2>
      <p className="muted">
        A wallboard shows today’s calls, speed to lead, waiting leads, the team’s status and the deals won, live, on a screen on the sales
        floor. Its link opens that screen only; anyone with the link sees the team’s figures, so revoke a link you no longer use.
      </p>
      <form className="toolbar" onSubmit={submit}>
        <TextField label="Where the screen hangs" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} error={error ?? undefined} data-testid="wallboard-name" />
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!name.trim()} data-testid="wallboard-create">
          Create wallboard link
        </Button>
      </form>
      {created && <CreatedLink created={created} />}
      {tokens.isPending ? (
        <Spinner label="Loading the wallboards" />
      ) : tokens.isError ? (
        <ErrorState message={errorMessage(tokens.error)} />
      ) : tokens.data.length === 0 ? (
        <EmptyState>No wallboard yet.</EmptyState>
      ) : (
        <table className="table" data-testid="wallboard-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.map((t) => (
              <tr key={t.id} data-testid={`wallboard-row-${t.id}`}>
                <td>{t.name}</td>
                <td>
                  {formatDateTime(t.createdAt)}
                  {t.createdByName && <span className="muted"> · {t.createdByName}</span>}
                </td>
                <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="muted">never</span>}</td>
                <td>{t.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}</td>
                <td>
                  {!t.revokedAt && (
                    <Button size="sm" variant="danger" onClick={() => setRevoking(t)} data-testid="wallboard-revoke">
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ConfirmDialog
        open={!!revoking}
        title="Revoke this wallboard link?"
        confirmLabel="Revoke"
        busy={revoke.isPending}
        onConfirm={confirmRevoke}
        onClose={() => setRevoking(null)}
      >
        The screen “{revoking?.name}” stops showing figures at once. A new link can be created any time.
      </ConfirmDialog>
    </section>
  );
}

function CreatedLink({ created }: { created: CreatedWallboardToken }) {
  const toast = useToast();
  const url = absoluteWallboardUrl(created.url, window.location.origin);
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      toast.success('Wallboard link copied');
    } catch {
      toast.error('Could not copy: select the link and copy it by hand');
    }
  }
  return (
    <div className="panel" role="status" data-testid="wallboard-created">
      <p>
        Open this link on the screen “{created.name}”. It is shown <strong>only now</strong>: copy it before leaving this page.
      </p>
      <p className="one-time-secret" dir="ltr" data-testid="wallboard-url">
        {url}
      </p>
      <Button onClick={copy} data-testid="wallboard-copy">
        Copy link
      </Button>
    </div>
  );
}
