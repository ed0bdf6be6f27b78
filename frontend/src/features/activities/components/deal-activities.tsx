import './activities.css';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useDealActivities } from '../hooks/use-activities';
import { VISIT_STATUS_LABELS, VISIT_TYPE_LABELS } from '../utils/activity-labels';
import { ActivityForm } from './activity-form';

/** Visits, meetings and notes on a deal, newest first, with the form to log one. */
export function DealActivities({ dealId }: { dealId: string }) {
  const activities = useDealActivities(dealId);
  return (
    <div className="deal-activities" data-testid="deal-activities">
      <ActivityForm dealId={dealId} />
      {activities.isPending && <Spinner label="Loading activities" />}
      {activities.isError && <ErrorState message={errorMessage(activities.error)} />}
      {activities.data && activities.data.length > 0 && (
        <ul className="activity-list">
          {activities.data.map((a) => (
            <li key={a.id} className="activity-item" data-testid={`activity-${a.id}`} data-kind={a.kind}>
              <div className="activity-head">
                <strong>{a.kind === 'visit' ? `${a.visitType ? VISIT_TYPE_LABELS[a.visitType] : 'Visit'} visit` : 'Note'}</strong>
                {a.visitStatus && <span className="muted"> · {VISIT_STATUS_LABELS[a.visitStatus]}</span>}
                <span className="muted">
                  {' · '}
                  {a.authorName ?? 'System'} ·{' '}
                  <time dateTime={a.occurredAt} title={formatDateTime(a.occurredAt)}>
                    {timeAgo(a.occurredAt)}
                  </time>
                </span>
              </div>
              {a.body && <p className="activity-body">{a.body}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
