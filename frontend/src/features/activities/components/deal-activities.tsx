import './activities.css';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useDealActivities } from '../hooks/use-activities';
import { VISIT_STATUS_MESSAGES } from '../utils/activity-labels';
import { ActivityForm } from './activity-form';

/** Visits, meetings and notes on a deal, newest first, with the form to log one. */
export function DealActivities({ dealId }: { dealId: string }) {
  const intl = useIntl();
  const activities = useDealActivities(dealId);
  return (
    <div className="deal-activities" data-testid="deal-activities">
      <ActivityForm dealId={dealId} />
      {activities.isPending && <Spinner label={intl.formatMessage({ id: 'activities.list.loading', defaultMessage: 'Loading activities' })} />}
      {activities.isError && <ErrorState message={errorMessage(activities.error)} />}
      {activities.data && activities.data.length > 0 && (
        <ul className="activity-list">
          {activities.data.map((a) => (
            <li key={a.id} className="activity-item" data-testid={`activity-${a.id}`} data-kind={a.kind}>
              <div className="activity-head">
                <strong>
                  {a.kind === 'visit' ? (
                    <FormattedMessage
                      id="activities.list.visit"
                      defaultMessage="{type, select, phone {Phone visit} on_site {On site visit} telepresence {Telepresence visit} offer_request {Offer request visit} other {Visit}}"
                      values={{ type: a.visitType ?? 'none' }}
                    />
                  ) : (
                    intl.formatMessage({ id: 'activities.list.note', defaultMessage: 'Note' })
                  )}
                </strong>
                {a.visitStatus && <span className="muted"> · {intl.formatMessage(VISIT_STATUS_MESSAGES[a.visitStatus])}</span>}
                <span className="muted">
                  {' · '}
                  {a.authorName ? <bdi data-user-content>{a.authorName}</bdi> : intl.formatMessage({ id: 'activities.list.system', defaultMessage: 'System' })} ·{' '}
                  <time dateTime={a.occurredAt} title={formatDateTime(a.occurredAt)}>
                    {timeAgo(a.occurredAt)}
                  </time>
                </span>
              </div>
              {a.body && (
                <p className="activity-body" data-user-content dir="auto">
                  {a.body}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
