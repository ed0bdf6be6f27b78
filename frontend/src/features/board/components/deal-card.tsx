import type { ReactNode } from 'react';
import { FormattedMessage, useIntl, type IntlShape } from 'react-intl';
import type { Deal, NextTask } from '@callboard/contracts';
import { Link } from 'react-router';
import { Badge } from '@/components/ui';
import { daysSince, formatDate, formatDays, formatMoney, formatTime } from '@/lib/format';
import { TagChips } from '@/features/tags';
import { TaskBadges, useTaskBadge } from '@/features/tasks';
import { BOARD_WORDS, SOURCE_NAMES } from '../utils/board-messages';

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

/** When a task is due, short: "today 14:30", a date otherwise. */
function dueText(intl: IntlShape, dueAt: string, now: Date): string {
  const due = new Date(dueAt);
  return sameDay(due, now) ? intl.formatMessage({ id: 'board.nextTask.dueToday', defaultMessage: 'today {time}' }, { time: formatTime(due) }) : formatDate(due);
}

const OVERDUE_ICON = (
  <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
    <path fill="currentColor" d="M8 1.5a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13Zm-.8 3v4.2h1.6V4.5H7.2Zm0 5.6v1.6h1.6v-1.6H7.2Z" />
  </svg>
);

/** The next task, or that there is none; overdue in red and said in words, not by colour alone. */
export function NextTaskLine({ task, now = new Date() }: { task: NextTask | null; now?: Date }) {
  const intl = useIntl();
  if (!task) {
    return (
      <div className="card-next card-next-none" data-testid="card-next-task" data-state="none">
        {intl.formatMessage(BOARD_WORDS.noNextTask)}
      </div>
    );
  }
  const overdue = task.dueAt !== null && Date.parse(task.dueAt) < now.getTime();
  return (
    <div className={`card-next${overdue ? ' is-overdue' : ''}`} data-testid="card-next-task" data-state={overdue ? 'overdue' : 'planned'}>
      <FormattedMessage
        id="board.nextTask.line"
        defaultMessage="{overdue, select, yes {<label>Overdue:</label>} other {<label>Next:</label>}} {title}"
        values={{
          overdue: overdue ? 'yes' : 'no',
          label: (chunks: ReactNode[]) => (
            <span className="card-next-label">
              {overdue && OVERDUE_ICON}
              {chunks}
            </span>
          ),
          title: (
            <span className="card-next-title" data-user-content>
              <bdi>{task.title}</bdi>
            </span>
          ),
        }}
      />
      {task.dueAt && <span className="card-next-due"> · {dueText(intl, task.dueAt, now)}</span>}
    </div>
  );
}

/** A web-form lead's campaign on its card: the UTM tags it came with (source · medium · campaign). */
function LeadTags({ details }: { details: NonNullable<Deal['leadDetails']> }) {
  const intl = useIntl();
  const tags = [details.utm.source, details.utm.medium, details.utm.campaign].filter((t): t is string => !!t);
  if (!tags.length) return null;
  return (
    <div className="card-utm" data-testid="card-utm" title={intl.formatMessage({ id: 'board.card.utmTitle', defaultMessage: 'Campaign of the web form lead (UTM)' })} dir="ltr">
      <bdi data-user-content>{tags.join(' · ')}</bdi>
    </div>
  );
}

/** A card's content: every field is rendered as text, whatever the caller or user typed. */
export function DealCardBody({ deal, linkTitle = true, titleId }: { deal: Deal; linkTitle?: boolean; titleId?: string }) {
  const intl = useIntl();
  // a hand-made deal says nothing about its source
  const source = deal.source === 'manual' ? null : intl.formatMessage(SOURCE_NAMES[deal.source]);
  const taskBadge = useTaskBadge(deal.pipelineId, deal.id);
  return (
    <>
      <div className="card-title-row">
        {linkTitle ? (
          <Link id={titleId} to={`/deals/${deal.id}`} className="card-title" draggable={false} tabIndex={-1} data-user-content>
            <bdi>{deal.title}</bdi>
          </Link>
        ) : (
          <span id={titleId} className="card-title" data-user-content>
            <bdi>{deal.title}</bdi>
          </span>
        )}
      </div>
      <div className="card-amount-row">
        <span className="card-amount" data-amount={deal.amount}>
          {formatMoney(deal.amount, deal.currency)}
        </span>
        <span className="card-days" data-testid="card-days" title={intl.formatMessage({ id: 'board.card.daysTitle', defaultMessage: 'Days in this stage' })}>
          <FormattedMessage id="board.card.daysInStage" defaultMessage="{days} in stage" values={{ days: formatDays(daysSince(deal.stageEnteredAt)) }} />
        </span>
      </div>
      {(deal.contactName || deal.contactPhone) && (
        <div className="card-contact">
          {deal.contactName && (
            <span className="card-contact-name" data-user-content>
              <bdi>{deal.contactName}</bdi>
            </span>
          )}
          {deal.contactPhone && (
            <span className="card-contact-phone" dir="ltr" data-user-content>
              {deal.contactPhone}
            </span>
          )}
        </div>
      )}
      {deal.leadDetails && <LeadTags details={deal.leadDetails} />}
      {deal.nextTask !== undefined && <NextTaskLine task={deal.nextTask} />}
      <TagChips tags={deal.tags} className="card-tags" />
      <div className="card-meta">
        {deal.ownerName ? (
          <span className="card-owner" data-user-content>
            <bdi>{deal.ownerName}</bdi>
          </span>
        ) : (
          <span className="card-owner card-owner-none">{intl.formatMessage(BOARD_WORDS.unassigned)}</span>
        )}
        <span className="card-badges">
          <TaskBadges badge={taskBadge} />
          {deal.missed && (
            <Badge tone="danger" title={intl.formatMessage({ id: 'board.card.missedTitle', defaultMessage: 'The last inbound call was not answered' })}>
              <FormattedMessage id="board.card.missed" defaultMessage="Missed call" />
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
