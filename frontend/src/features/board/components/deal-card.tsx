import type { Deal } from '@callboard/contracts';
import { Link } from 'react-router';
import { Badge } from '@/components/ui';
import { formatMoney } from '@/lib/format';
import { TaskBadges, useTaskBadge } from '@/features/tasks';

const SOURCE_LABELS: Partial<Record<Deal['source'], string>> = {
  inbound_call: 'Inbound call',
  outbound_call: 'Outbound call',
  web_form: 'Web form',
  import: 'Import',
};

export function PhoneIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M3.6 1.2 5.4 1c.4 0 .7.2.8.5l.9 2.4c.1.3 0 .7-.2.9L5.7 6c.8 1.7 2.2 3.1 3.9 3.9l1.2-1.2c.2-.2.6-.3.9-.2l2.4.9c.3.1.5.5.5.8l-.2 1.8c0 .5-.4.9-.9.9C7.6 12.9 3 8.4 2.7 2.1c0-.5.4-.9.9-.9Z"
      />
    </svg>
  );
}

/** A card's content: every field is rendered as text, whatever the caller or user typed. */
export function DealCardBody({ deal, linkTitle = true }: { deal: Deal; linkTitle?: boolean }) {
  const source = SOURCE_LABELS[deal.source];
  const taskBadge = useTaskBadge(deal.pipelineId, deal.id);
  return (
    <>
      <div className="card-title-row">
        {linkTitle ? (
          <Link to={`/deals/${deal.id}`} className="card-title" draggable={false} tabIndex={-1}>
            {deal.title}
          </Link>
        ) : (
          <span className="card-title">{deal.title}</span>
        )}
      </div>
      <div className="card-amount" data-amount={deal.amount}>
        {formatMoney(deal.amount, deal.currency)}
      </div>
      {(deal.contactName || deal.contactPhone) && (
        <div className="card-contact">
          {deal.contactName && <span className="card-contact-name">{deal.contactName}</span>}
          {deal.contactPhone && (
            <span className="card-contact-phone" dir="ltr">
              {deal.contactPhone}
            </span>
          )}
        </div>
      )}
      <div className="card-meta">
        <span className={deal.ownerName ? 'card-owner' : 'card-owner card-owner-none'}>{deal.ownerName ?? 'Unassigned'}</span>
        <span className="card-badges">
          <TaskBadges badge={taskBadge} />
          {deal.missed && (
            <Badge tone="danger" title="The last inbound call was not answered">
              Missed call
            </Badge>
          )}
          {source && (
            <span className={`card-source card-source-${deal.source}`} title={source}>
              {deal.source === 'inbound_call' && <PhoneIcon />}
              <span>{source}</span>
            </span>
          )}
        </span>
      </div>
    </>
  );
}
