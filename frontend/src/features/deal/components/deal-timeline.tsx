import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { DealEvent } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { DealCallRecording } from '@/features/recordings';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useDealEvents } from '../hooks/use-deal';
import { describeDealEvent } from '../utils/describe-event';

export function DealTimeline({ dealId }: { dealId: string }) {
  const intl = useIntl();
  const events = useDealEvents(dealId);
  if (events.isPending) return <Spinner label={intl.formatMessage({ id: 'deal.timeline.loading', defaultMessage: 'Loading the history' })} />;
  if (events.isError) return <ErrorState message={errorMessage(events.error)} />;
  if (events.data.length === 0) return <p className="muted">{intl.formatMessage({ id: 'deal.timeline.empty', defaultMessage: 'Nothing has happened yet.' })}</p>;
  return (
    <ol className="timeline" data-testid="deal-timeline">
      {events.data.map((e) => (
        <TimelineItem key={e.id} event={e} after={callIdOf(e) ? <DealCallRecording dealId={dealId} sipCallId={callIdOf(e)!} /> : undefined} />
      ))}
    </ol>
  );
}

/** The SIP Call-ID of a call entry (its recording, if any, is shown on it). */
function callIdOf(e: DealEvent): string | null {
  const id = e.type === 'call' ? (e.data as { callId?: unknown }).callId : null;
  return typeof id === 'string' ? id : null;
}

/** One entry of a timeline: what happened (and, on a contact's page, on which deal), and when. */
export function TimelineItem({ event: e, after }: { event: DealEvent; after?: ReactNode }) {
  const intl = useIntl();
  return (
    <li className={`timeline-item timeline-${e.type}`} data-testid="timeline-item" data-event-type={e.type}>
      <span className="timeline-dot" aria-hidden="true" />
      <span className="timeline-text">
        {describeDealEvent(intl, e)}
        {after}
      </span>
      <span className="timeline-sep" aria-hidden="true">
        {' · '}
      </span>
      <time className="timeline-time" dateTime={e.createdAt} title={formatDateTime(e.createdAt)}>
        {timeAgo(e.createdAt)}
      </time>
    </li>
  );
}
