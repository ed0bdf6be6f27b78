import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Presence, TransferCallResponse, User } from '@callboard/contracts';
import { api, errorMessage } from '@/lib/api-client';
import { useAuth } from '@/features/auth';
import { usersApi } from '@/features/users';
import type { Softphone, TransferProgress } from '../sip/softphone';

const PRESENCE_LABELS: Record<Presence, string> = {
  available: 'available',
  busy: 'busy',
  dnd: 'do not disturb',
  offline: 'offline',
  on_call: 'on a call',
};

type Status = 'idle' | 'requesting' | TransferProgress | 'error';

const STATUS_TEXT: Record<Exclude<Status, 'idle' | 'error'>, (name: string) => string> = {
  requesting: (n) => `Transferring to ${n}…`,
  referring: (n) => `Transferring to ${n}…`,
  accepted: (n) => `Transfer accepted, ringing ${n}…`,
  completed: (n) => `Transferred to ${n}`,
  failed: () => 'The transfer did not go through; the call is still yours',
  refused: () => 'The carrier refused the transfer; the call is still yours',
};

const requestTransfer = (callId: string, toUserId: string) =>
  api.post<TransferCallResponse>(`/calls/${encodeURIComponent(callId)}/transfer`, { toUserId });

/**
 * Blind transfer to a teammate: pick an active rep (presence shown), the backend issues the
 * Refer-To, the softphone sends REFER and reports how it goes. The deal follows the call once
 * the teammate answers.
 */
export function TransferPanel({ callId, phone, onClose }: { callId: string; phone: Softphone; onClose: () => void }) {
  const { user } = useAuth();
  // presence changes often: fetched fresh each time the panel opens
  const { data, isLoading } = useQuery({ queryKey: ['softphone', 'transfer-targets'], queryFn: usersApi.list, staleTime: 0 });
  const targets = (data ?? []).filter((u) => u.active && u.id !== user?.id).sort((a, b) => a.name.localeCompare(b.name));
  const [chosen, setChosen] = useState<User | null>(null);
  const [status, setStatus] = useState<Status>('idle');
  const [error, setError] = useState<string | null>(null);
  const busy = status === 'requesting' || status === 'referring' || status === 'accepted';

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
      setError(errorMessage(e));
    }
  };

  return (
    <div className="softphone-transfer" data-testid="softphone-transfer-panel" role="group" aria-label="Transfer the call">
      {status === 'idle' || status === 'error' || status === 'refused' || status === 'failed' ? (
        <ul className="softphone-transfer-list" aria-label="Teammates">
          {isLoading && <li>Loading teammates…</li>}
          {!isLoading && targets.length === 0 && <li>No teammate to transfer to</li>}
          {targets.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="btn btn-sm"
                data-testid={`softphone-transfer-to-${u.id}`}
                data-presence={u.presence}
                disabled={busy}
                title={`Transfer the call to ${u.name} (ext. ${u.extension})`}
                onClick={() => void start(u)}
              >
                {u.name} <span className={`presence presence-${u.presence}`}>({PRESENCE_LABELS[u.presence]})</span>
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
          {status === 'error' ? (error ?? 'The transfer could not be started') : STATUS_TEXT[status](chosen?.name ?? 'the teammate')}
        </span>
      )}
      <button type="button" className="btn btn-sm" data-testid="softphone-transfer-cancel" disabled={busy} onClick={onClose}>
        Close
      </button>
    </div>
  );
}
