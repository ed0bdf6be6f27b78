import { useEffect, useState } from 'react';
import { FormattedMessage } from 'react-intl';
import { formatDuration } from '@/lib/format';

/** Time since `since` (ms since epoch), or "Calling…" while it is null. */
export function CallTimer({ since }: { since: number | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === null) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return (
    <span className="softphone-timer" data-testid="softphone-timer" role="timer">
      {since === null ? (
        <FormattedMessage id="softphone.incall.calling" defaultMessage="Calling…" />
      ) : (
        formatDuration(Math.floor((now - since) / 1000))
      )}
    </span>
  );
}
