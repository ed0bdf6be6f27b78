import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Presence } from '@callboard/contracts';
import { useAuth } from '@/features/auth';
import { fetchMyPresence, setPresence } from '../api/telephony-api';
import { SoftphoneState } from '../sip/softphone';
import { useSoftphoneSnapshot } from '../stores/softphone-store';

type Settable = Exclude<Presence, 'on_call'>;
const LABELS: Record<Presence, string> = { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', offline: 'Offline', on_call: 'On call' };
const SETTABLE: Settable[] = ['available', 'busy', 'dnd', 'offline'];
const ON_A_CALL = new Set<SoftphoneState>([SoftphoneState.Dialing, SoftphoneState.InCall, SoftphoneState.OnHold]);

/**
 * The user's presence as the server has it (GET /auth/me: the login answer has none), changed with
 * PUT /telephony/presence. "On call" is shown by itself while this tab's softphone has a call up;
 * the person cannot pick it.
 */
export function PresenceSelect() {
  const queryClient = useQueryClient();
  const presenceKey = ['softphone', 'presence', useAuth().user?.id ?? null];
  const { state } = useSoftphoneSnapshot();
  const stored = useQuery({ queryKey: presenceKey, queryFn: fetchMyPresence, staleTime: Infinity });
  const [error, setError] = useState(false);
  const onCall = ON_A_CALL.has(state);
  const value: Presence = onCall ? 'on_call' : (stored.data ?? 'available');
  return (
    <select
      className="softphone-presence"
      data-testid="softphone-presence"
      aria-label="Presence"
      aria-invalid={error}
      value={value}
      disabled={onCall || !stored.isSuccess}
      onChange={(e) => {
        const next = e.target.value as Settable;
        const prev = stored.data;
        queryClient.setQueryData(presenceKey, next);
        setPresence(next).then(
          (saved) => {
            queryClient.setQueryData(presenceKey, saved);
            setError(false);
          },
          () => {
            queryClient.setQueryData(presenceKey, prev);
            setError(true);
          },
        );
      }}
    >
      {(value === 'on_call' ? [...SETTABLE, 'on_call' as const] : SETTABLE).map((p) => (
        <option key={p} value={p} disabled={p === 'on_call'}>
          {LABELS[p]}
        </option>
      ))}
    </select>
  );
}
