import './deal-page.css';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { ErrorCode } from '@callboard/contracts';
import { Badge, ErrorState, Spinner } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatDateTime, formatMoney, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { DealActivities } from '@/features/activities';
import { PhoneIcon } from '@/features/board';
import { ContactLink } from '@/features/contacts';
import { DealOffers } from '@/features/offers';
import { usePipelines } from '@/features/pipelines';
import { ClickToCall } from '@/features/softphone';
import { DealTasks } from '@/features/tasks';
import { useDeal } from '../hooks/use-deal';
import { useRecordRealtime } from '@/features/calls';
import { DealEditForm } from './deal-edit-form';
import { DealExpectedClose } from './deal-expected-close';
import { DealLeadSource } from './deal-lead-source';
import { DealOutcomeActions } from './deal-outcome-actions';
import { DealStageProgress } from './deal-stage-progress';
import { DealStageSelect } from './deal-stage-select';
import { DealTags } from './deal-tags';
import { DealTimeline } from './deal-timeline';
import { DeleteDealButton } from './delete-deal-button';
import { InboxActions } from './inbox-actions';

/**
 * One deal: the stage steps and outcomes on top; the work (next task, notes, history) in the main
 * column, above the fold on a laptop; its details, customer and offers in the side column.
 */
export function DealPage({ id }: { id: string }) {
  const intl = useIntl();
  const me = useSessionUser();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  useRecordRealtime();

  if (deal.isPending) return <Spinner label={intl.formatMessage({ id: 'deal.page.loading', defaultMessage: 'Loading the deal' })} />;
  if (deal.isError) {
    const gone = deal.error instanceof ApiRequestError && (deal.error.statusCode === 404 || deal.error.is(ErrorCode.DEAL_NOT_FOUND) || deal.error.statusCode === 403);
    return (
      <ErrorState
        message={
          gone
            ? intl.formatMessage({ id: 'deal.page.gone', defaultMessage: 'This deal does not exist any more, or it is not yours to see.' })
            : errorMessage(deal.error)
        }
        action={<Link to="/board">{intl.formatMessage({ id: 'deal.page.backToBoard', defaultMessage: 'Back to the board' })}</Link>}
      />
    );
  }

  const d = deal.data;
  const isHead = me.role === 'head';
  const pipeline = pipelines.data?.find((p) => p.id === d.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === d.stageId);

  return (
    <article className="deal-page" data-testid="deal-page" data-deal-id={d.id}>
      <nav className="breadcrumb" aria-label={intl.formatMessage({ id: 'deal.page.breadcrumb', defaultMessage: 'Breadcrumb' })}>
        <Link to="/board">{intl.formatMessage({ id: 'deal.page.board', defaultMessage: 'Board' })}</Link>
        <span aria-hidden="true"> / </span>
        {stage ? (
          <span data-user-content>
            <bdi>{stage.name}</bdi>
          </span>
        ) : (
          <span>{intl.formatMessage({ id: 'deal.page.breadcrumbDeal', defaultMessage: 'Deal' })}</span>
        )}
      </nav>
      <header className="deal-head">
        <div className="deal-head-main">
          <h1 className="deal-title" data-testid="deal-title">
            <bdi data-user-content>{d.title}</bdi>
          </h1>
          <div className="deal-summary">
            <span className="deal-amount" data-testid="deal-amount">
              {formatMoney(d.amount, d.currency)}
            </span>
            {d.contactId && (
              <span>
                <ContactLink id={d.contactId} name={d.contactName} />
              </span>
            )}
            <span data-testid="deal-owner">
              {d.ownerName ? <bdi data-user-content>{d.ownerName}</bdi> : intl.formatMessage({ id: 'deal.page.unassigned', defaultMessage: 'Unassigned' })}
            </span>
            {d.source === 'inbound_call' && (
              <span className="card-source">
                <PhoneIcon /> {intl.formatMessage({ id: 'deal.page.inboundCall', defaultMessage: 'Inbound call' })}
              </span>
            )}
            {d.missed && <Badge tone="danger">{intl.formatMessage({ id: 'deal.page.missedCall', defaultMessage: 'Missed call' })}</Badge>}
            {d.status !== 'open' && (
              <Badge tone={d.status === 'won' ? 'success' : 'neutral'}>
                <span data-testid="deal-status">
                  {d.status === 'won'
                    ? intl.formatMessage({ id: 'deal.page.statusWon', defaultMessage: 'Won' })
                    : intl.formatMessage({ id: 'deal.page.statusLost', defaultMessage: 'Lost' })}
                </span>
              </Badge>
            )}
            <span className="deal-created" title={formatDateTime(d.createdAt)}>
              <FormattedMessage id="deal.page.created" defaultMessage="Created {when}" values={{ when: timeAgo(d.createdAt) }} />
            </span>
          </div>
        </div>
        <div className="deal-head-actions">
          {/* a Seller sees an unowned deal only in the inbox: taking it is the inbox's Accept */}
          {stage?.group === 'inbox' && <InboxActions deal={d} isHead={isHead} userId={me.id} />}
          <DealOutcomeActions deal={d} pipeline={pipeline} />
          {isHead && <DeleteDealButton deal={d} />}
        </div>
      </header>
      <DealStageProgress deal={d} pipeline={pipeline} />
      <div className="deal-grid">
        <div className="deal-main">
          <section className="panel" aria-labelledby="deal-tasks-heading">
            <h2 id="deal-tasks-heading" className="panel-title">
              {intl.formatMessage({ id: 'deal.page.nextTask', defaultMessage: 'Next task' })}
            </h2>
            <DealTasks dealId={d.id} ownerId={d.ownerId} dealVersion={d.updatedAt} />
          </section>
          <section className="panel" aria-labelledby="deal-activities-heading">
            <h2 id="deal-activities-heading" className="panel-title">
              {intl.formatMessage({ id: 'deal.page.notesAndVisits', defaultMessage: 'Notes and visits' })}
            </h2>
            <DealActivities dealId={d.id} />
          </section>
          <section className="panel" aria-labelledby="deal-history-heading">
            <h2 id="deal-history-heading" className="panel-title">
              {intl.formatMessage({ id: 'deal.page.history', defaultMessage: 'History' })}
            </h2>
            <DealTimeline dealId={d.id} />
          </section>
        </div>
        <aside className="deal-side" aria-label={intl.formatMessage({ id: 'deal.page.side', defaultMessage: 'Deal details' })}>
          <section className="panel" aria-labelledby="deal-details-heading">
            <h2 id="deal-details-heading" className="panel-title">
              {intl.formatMessage({ id: 'deal.page.details', defaultMessage: 'Details' })}
            </h2>
            {d.contactId && (
              <p className="deal-contact-line">
                <span className="muted">{intl.formatMessage({ id: 'deal.page.contact', defaultMessage: 'Contact:' })} </span>
                <ContactLink id={d.contactId} name={d.contactName} />
                {d.contactPhone && (
                  <>
                    {' '}
                    <bdi dir="ltr" data-user-content>
                      {d.contactPhone}
                    </bdi>{' '}
                    <ClickToCall number={d.contactPhone} dealId={d.id} />
                  </>
                )}
              </p>
            )}
            {!d.contactId && d.contactPhone && (
              <p className="deal-contact-line">
                <span className="muted">{intl.formatMessage({ id: 'deal.page.phone', defaultMessage: 'Phone:' })} </span>
                <bdi dir="ltr" data-user-content>
                  {d.contactPhone}
                </bdi>{' '}
                <ClickToCall number={d.contactPhone} dealId={d.id} />
              </p>
            )}
            <DealLeadSource deal={d} />
            <DealTags deal={d} />
            <DealStageSelect deal={d} pipeline={pipeline} />
            <DealExpectedClose deal={d} />
            <DealEditForm deal={d} isHead={isHead} />
          </section>
          <section className="panel" aria-labelledby="deal-offers-heading">
            <h2 id="deal-offers-heading" className="panel-title">
              {intl.formatMessage({ id: 'deal.page.customerAndOffers', defaultMessage: 'Customer and offers' })}
            </h2>
            <DealOffers dealId={d.id} currency={d.currency} contact={d.contactId ? { id: d.contactId, name: d.contactName } : null} />
          </section>
        </aside>
      </div>
    </article>
  );
}
