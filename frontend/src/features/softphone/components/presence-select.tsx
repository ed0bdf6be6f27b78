import { useState } from 'react';
import type { Presence } from '@callboard/contracts';
import { setPresence } from '../api/telephony-api';

type Settable = Exclude<Presence, 'on_call'>;
const LABELS: Record<Settable, string> = { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', offline: 'Offline' };

export function PresenceSelect() {
  const [value, setValue] = useState<Settable>('available');
  const [error, setError] = useState(false);
  return (
    <select
      className="softphone-presence"
      data-testid="softphone-presence"
      aria-label="Presence"
      aria-invalid={error}
      value={value}
      onChange={(e) => {
        const next = e.target.value as Settable;
        const prev = value;
        setValue(next);
        setPresence(next).then(
          () => setError(false),
          () => {
            setValue(prev);
            setError(true);
          },
        );
      }}
    >
      {(Object.keys(LABELS) as Settable[]).map((p) => (
        <option key={p} value={p}>
          {LABELS[p]}
        </option>
      ))}
    </select>
  );
}
