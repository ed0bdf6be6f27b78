import { useState, type ReactNode } from 'react';
import { defineMessage, defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import type { Presence, TransferCallResponse, User } from '@callboard/contracts';
import { api, ApiRequestError, errorMessage } from '@/lib/api-client';
import { useAuth } from '@/features/auth';
import { usersApi } from '@/features/users';
import type { Softphone, TransferProgress } from '../sip/softphone';
import { isolate, isolateLtr } from '@/components/ui/bidi';

// a teammate's presence beside their name, in parentheses
const PRESENCE = defineMessages({
  available: { id: 'softphone.transfer.presence.available', defaultMessage: 'available' },
  busy: { id: 'softphone.transfer.presence.busy', defaultMessage: 'busy' },
  dnd: { id: 'softphone.transfer.presence.dnd', defaultMessage: 'do not disturb' },
  offline: { id: 'softphone.transfer.presence.offline', defaultMessage: 'offline' },
  on_call: { id: 'softphone.transfer.presence.onCall', defaultMessage: 'on a call' },
}) satisfies Record<Presence, MessageDescriptor>;

type Status = 'idle' | 'requesting' | TransferProgress | 'error';

const TRANSFERRING = defineMessage({ id: 'softphone.transfer.status.transferring', defaultMessage: 'Transferring to {name}…' });
const STATUS_TEXT: Record<Exclude<Status, 'idle' | 'error'>, MessageDescriptor> = {
  requesting: TRANSFERRING,
  referring: TRANSFERRING,
  ...defineMessages({
    accepted: { id: 'softphone.transfer.status.accepted', defaultMessage: 'Transfer accepted, ringing {name}…' },
    completed: { id: 'softphone.transfer.status.completed', defaultMessage: 'Transferred to {name}' },
    failed: { id: 'softphone.transfer.status.failed', defaultMessage: 'The transfer did not go through; the call is still yours' },
    refused: { id: 'softphone.transfer.status.refused', defaultMessage: 'The carrier refused the transfer; the call is still yours' },
  }),
};

const requestTransfer = (callId: string, toUserId: string) =>
  api.post<TransferCallResponse>(`/calls/${encodeURIComponent(callId)}/transfer`, { toUserId });

/**
 * Transfer to a teammate: pick an active rep (presence shown). Blind: the backend issues the
 * Refer-To, the softphone sends REFER and reports how it goes; the deal follows the call once the
 * teammate answers. Consult: the caller goes on hold and the teammate is called first (the
 * consult call below the in-call bar completes the transfer or goes back to the caller).
 */
export function TransferPanel({ callId, phone, onClose }: { callId: string; phone: Softphone; onClose: () => void }) {
  const intl = useIntl();
  const { user } = useAuth();
  // presence changes often: fetched fresh each time the panel opens
  const { data, isLoading } = useQuery({ queryKey: ['softphone', 'transfer-targets'], queryFn: usersApi.list, staleTime: 0 });
  const targets = (data ?? []).filter((u) => u.active && u.id !== user?.id).sort((a, b) => a.name.localeCompare(b.name));
  const [chosen, setChosen] = useState<User | null>(null);
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | null>(null);
  const busy = status === 'requesting' || status === 'referring' || status === 'accepted';

  const consult = async (target: User) => {
    setChosen(target);
    setError(null);
    try {
      await phone.consult({ extension: target.extension, name: target.name, userId: target.id });
      onClose();
    } catch {
      // the consult bar says how the call to the teammate ended
      setStatus('error');
    }
  };

  const start = async (target: User) => {
    setChosen(target);
    setError(null);
    setStatus('requesting');
    try {
      const { referTo } = await requestTransfer(callId, target.id);
      await phone.transfer(referTo, (progress) => setStatus(progress));
    } catch (e) {
      // a refusal or failure reported by the softphone keeps its own status
      setStatus((s) => (s === 'refused' || s === 'failed' ? s : 'error'));
      // the server's reason; the softphone's own errors are for the console
      setError(e instanceof ApiRequestError ? errorMessage(e) : null);
    }
  };

  return (
    <div
      className="softphone-transfer"
      data-testid="softphone-transfer-panel"
      role="group"
      aria-label={intl.formatMessage({ id: 'softphone.transfer.label', defaultMessage: 'Transfer the call' })}
    >
      {status === 'idle' || status === 'error' || status === 'refused' || status === 'failed' ? (
        <ul className="softphone-transfer-list" aria-label={intl.formatMessage({ id: 'softphone.transfer.teammates', defaultMessage: 'Teammates' })}>
          {isLoading && (
            <li>
              <FormattedMessage id="softphone.transfer.loading" defaultMessage="Loading teammates…" />
            </li>
          )}
          {!isLoading && targets.length === 0 && (
            <li>
              <FormattedMessage id="softphone.transfer.none" defaultMessage="No teammate to transfer to" />
            </li>
          )}
          {targets.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="btn btn-sm"
                data-testid={`softphone-transfer-to-${u.id}`}
                data-presence={u.presence}
                disabled={busy}
                title={intl.formatMessage(
                  { id: 'softphone.transfer.to', defaultMessage: 'Transfer the call to {name} (ext. {extension})' },
                  { name: isolate(u.name), extension: isolateLtr(u.extension) },
                )}
                onClick={() => void start(u)}
              >
                <FormattedMessage
                  id="softphone.transfer.target"
                  defaultMessage="{name} <muted>({presence})</muted>"
                  values={{
                    name: <bdi data-user-content>{u.name}</bdi>,
                    presence: intl.formatMessage(PRESENCE[u.presence]),
                    muted: (chunks: ReactNode[]) => <span className={`presence presence-${u.presence}`}>{chunks}</span>,
                  }}
                />
              </button>
              <button
                type="button"
                className="btn btn-sm"
                data-testid={`softphone-consult-${u.id}`}
                disabled={busy || !u.extension}
                title={intl.formatMessage(
                  { id: 'softphone.transfer.consultTitle', defaultMessage: 'Call {name} first (ext. {extension}) while the caller waits on hold' },
                  { name: isolate(u.name), extension: isolateLtr(u.extension) },
                )}
                onClick={() => void consult(u)}
              >
                <FormattedMessage id="softphone.transfer.consult" defaultMessage="Consult first" />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {status !== 'idle' && (
        <span
          className={status === 'error' || status === 'refused' || status === 'failed' ? 'softphone-error' : 'softphone-transfer-status'}
          data-testid="softphone-transfer-status"
          data-status={status}
          role="status"
        >
          {status === 'error'
            ? (error ?? intl.formatMessage({ id: 'softphone.transfer.notStarted', defaultMessage: 'The transfer could not be started' }))
            : chosen && <FormattedMessage {...STATUS_TEXT[status]} values={{ name: <bdi data-user-content>{chosen.name}</bdi> }} />}
        </span>
      )}
      <button type="button" className="btn btn-sm" data-testid="softphone-transfer-cancel" disabled={busy} onClick={onClose}>
        <FormattedMessage id="softphone.transfer.close" defaultMessage="Close" />
      </button>
    </div>
  );
}
