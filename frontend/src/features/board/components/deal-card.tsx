import type { Deal, NextTask } from '@callboard/contracts';
import { Link } from 'react-router';
import { Badge } from '@/components/ui';
import { daysSince, formatDate, formatDays, formatMoney, formatTime } from '@/lib/format';
import { TagChips } from '@/features/tags';
import { TaskBadges, useTaskBadge } from '@/features/tasks';

export const SOURCE_LABELS: Partial<Record<Deal['source'], string>> = {
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

const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** When a task is due, short: "14:30" today, a date otherwise. */
function dueText(dueAt: string, now: Date): string {
  const due = new Date(dueAt);
  return sameDay(due, now) ? `today ${formatTime(due)}` : formatDate(due);
}

/** The next task, or that there is none; overdue in red and said in words, not by colour alone. */
export function NextTaskLine({ task, now = new Date() }: { task: NextTask | null; now?: Date }) {
  if (!task) {
    return (
      <div className="card-next card-next-none" data-testid="card-next-task" data-state="none">
        No next task
      </div>
    );
  }
  const overdue = task.dueAt !== null && Date.parse(task.dueAt) < now.getTime();
  return (
    <div className={`card-next${overdue ? ' is-overdue' : ''}`} data-testid="card-next-task" data-state={overdue ? 'overdue' : 'planned'}>
      {overdue ? (
        <span className="card-next-label">
          <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13Zm-.8 3v4.2h1.6V4.5H7.2Zm0 5.6v1.6h1.6v-1.6H7.2Z" />
          </svg>
          Overdue:
        </span>
      ) : (
        <span className="card-next-label">Next:</span>
      )}{' '}
      <span className="card-next-title">{task.title}</span>
      {task.dueAt && <span className="card-next-due"> · {dueText(task.dueAt, now)}</span>}
    </div>
  );
}

/** A card's content: every field is rendered as text, whatever the caller or user typed. */
export function DealCardBody({ deal, linkTitle = true, titleId }: { deal: Deal; linkTitle?: boolean; titleId?: string }) {
  const source = SOURCE_LABELS[deal.source];
  const taskBadge = useTaskBadge(deal.pipelineId, deal.id);
  return (
    <>
      <div className="card-title-row">
        {linkTitle ? (
          <Link id={titleId} to={`/deals/${deal.id}`} className="card-title" draggable={false} tabIndex={-1}>
            {deal.title}
          </Link>
        ) : (
          <span id={titleId} className="card-title">
            {deal.title}
          </span>
        )}
      </div>
      <div className="card-amount-row">
        <span className="card-amount" data-amount={deal.amount}>
          {formatMoney(deal.amount, deal.currency)}
        </span>
        <span className="card-days" data-testid="card-days" title="Days in this stage">
          {formatDays(daysSince(deal.stageEnteredAt))} in stage
        </span>
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
      {deal.nextTask !== undefined && <NextTaskLine task={deal.nextTask} />}
      <TagChips tags={deal.tags} className="card-tags" />
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
