import { Link } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorCode } from '@callboard/contracts';
import { Badge, ErrorState, Spinner } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/format';
import { formatDateTime, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { CloseLostButton, DealActivities } from '@/features/activities';
import { PhoneIcon, syncDeal } from '@/features/board';
import { DealOffers } from '@/features/offers';
import { usePipelines } from '@/features/pipelines';
import { ClickToCall } from '@/features/softphone';
import { DealTasks } from '@/features/tasks';
import { useDeal } from '../hooks/use-deal';
import { DealEditForm } from './deal-edit-form';
import { DealStageSelect } from './deal-stage-select';
import { DealTimeline } from './deal-timeline';
import { DeleteDealButton } from './delete-deal-button';

export function DealPage({ id }: { id: string }) {
  const me = useSessionUser();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const queryClient = useQueryClient();

  if (deal.isPending) return <Spinner label="Loading the deal" />;
  if (deal.isError) {
    const gone = deal.error instanceof ApiRequestError && (deal.error.statusCode === 404 || deal.error.is(ErrorCode.DEAL_NOT_FOUND) || deal.error.statusCode === 403);
    return (
      <ErrorState
        message={gone ? 'This deal does not exist any more, or it is not yours to see.' : errorMessage(deal.error)}
        action={<Link to="/board">Back to the board</Link>}
      />
    );
  }

  const d = deal.data;
  const pipeline = pipelines.data?.find((p) => p.id === d.pipelineId);
  const stage = pipeline?.stages.find((s) => s.id === d.stageId);

  return (
    <article className="deal-page" data-testid="deal-page" data-deal-id={d.id}>
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <Link to="/board">Board</Link>
        <span aria-hidden="true"> / </span>
        <span>{stage?.name ?? 'Deal'}</span>
      </nav>
      <header className="deal-header">
        <div>
          <h1 className="deal-title" data-testid="deal-title">
            {d.title}
          </h1>
          <div className="deal-summary">
            <span className="deal-amount">{formatMoney(d.amount, d.currency)}</span>
            <span>{d.ownerName ?? 'Unassigned'}</span>
            {d.source === 'inbound_call' && (
              <span className="card-source">
                <PhoneIcon /> Inbound call
              </span>
            )}
            {d.missed && <Badge tone="danger">Missed call</Badge>}
            {d.status !== 'open' && <Badge tone={d.status === 'won' ? 'success' : 'neutral'}>{d.status === 'won' ? 'Won' : 'Lost'}</Badge>}
            <span className="muted" title={formatDateTime(d.createdAt)}>
              Created {timeAgo(d.createdAt)}
            </span>
          </div>
        </div>
        <div className="deal-header-actions">
          <CloseLostButton deal={d} onClosed={(closed) => syncDeal(queryClient, closed, { force: true })} />
          <DeleteDealButton deal={d} />
        </div>
      </header>
      <div className="deal-layout">
        <div className="deal-column">
          <section className="panel" aria-labelledby="deal-details-heading">
            <h2 id="deal-details-heading" className="panel-title">
              Details
            </h2>
            <DealStageSelect deal={d} pipeline={pipeline} />
            {d.contactPhone && (
              <p className="muted">
                Contact phone: <span dir="ltr">{d.contactPhone}</span> <ClickToCall number={d.contactPhone} dealId={d.id} />
              </p>
            )}
            <DealEditForm deal={d} isHead={me.role === 'head'} />
          </section>
          <section className="panel" aria-labelledby="deal-tasks-heading">
            <h2 id="deal-tasks-heading" className="panel-title">
              Tasks
            </h2>
            <DealTasks dealId={d.id} ownerId={d.ownerId} dealVersion={d.updatedAt} />
          </section>
          <section className="panel" aria-labelledby="deal-activities-heading">
            <h2 id="deal-activities-heading" className="panel-title">
              Visits and notes
            </h2>
            <DealActivities dealId={d.id} />
          </section>
        </div>
        <div className="deal-column">
          <section className="panel" aria-labelledby="deal-offers-heading">
            <h2 id="deal-offers-heading" className="panel-title">
              Customer and offers
            </h2>
            <DealOffers dealId={d.id} currency={d.currency} contact={d.contactId ? { id: d.contactId, name: d.contactName } : null} />
          </section>
          <section className="panel" aria-labelledby="deal-history-heading">
            <h2 id="deal-history-heading" className="panel-title">
              History
            </h2>
            <DealTimeline dealId={d.id} />
          </section>
        </div>
      </div>
    </article>
  );
}
