import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { Presence } from '@callboard/contracts';
import { setPresence } from '../api/telephony-api';
import { useMyPresence } from '../hooks/use-my-presence';
import { presenceLabel } from '../utils/phone-messages';

type Settable = Exclude<Presence, 'on_call'>;
const SETTABLE: Settable[] = ['available', 'busy', 'dnd', 'offline'];

/**
 * The user's presence as the server has it (see useMyPresence), changed with PUT /telephony/presence.
 * "On call" comes from the server while a call of the user's is up (in whichever tab); the person
 * cannot pick it, nor change presence during the call.
 */
export function PresenceSelect() {
  const intl = useIntl();
  const queryClient = useQueryClient();
  const { key, query: stored } = useMyPresence();
  const [error, setError] = useState(false);
  const value: Presence = stored.data ?? 'available';
  const onCall = value === 'on_call';
  return (
    <select
      className="softphone-presence"
      data-testid="softphone-presence"
      aria-label={intl.formatMessage({ id: 'softphone.presence.label', defaultMessage: 'Presence' })}
      aria-invalid={error}
      value={value}
      disabled={onCall || !stored.isSuccess}
      onChange={(e) => {
        const next = e.target.value as Settable;
        const prev = stored.data;
        queryClient.setQueryData(key, next);
        setPresence(next).then(
          (saved) => {
            queryClient.setQueryData(key, saved);
            setError(false);
          },
          () => {
            queryClient.setQueryData(key, prev);
            setError(true);
          },
        );
      }}
    >
      {(onCall ? [...SETTABLE, 'on_call' as const] : SETTABLE).map((p) => (
        <option key={p} value={p} disabled={p === 'on_call'}>
          {presenceLabel(intl, p)}
        </option>
      ))}
    </select>
  );
}
