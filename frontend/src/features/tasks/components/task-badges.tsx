import { useIntl } from 'react-intl';
import type { TaskBadge } from '@callboard/contracts';
import { Badge } from '@/components/ui';

/** "2 overdue" / "1 today" on a board card. */
export function TaskBadges({ badge }: { badge: TaskBadge | undefined }) {
  const intl = useIntl();
  if (!badge || (badge.overdue === 0 && badge.dueToday === 0)) return null;
  const overdue = { count: badge.overdue };
  const dueToday = { count: badge.dueToday };
  return (
    <>
      {badge.overdue > 0 && (
        <Badge
          tone="danger"
          title={intl.formatMessage({ id: 'tasks.badge.overdueTitle', defaultMessage: '{count, plural, one {# overdue task} other {# overdue tasks}}' }, overdue)}
        >
          <span data-testid="card-overdue">
            {intl.formatMessage({ id: 'tasks.badge.overdue', defaultMessage: '{count, plural, one {# overdue} other {# overdue}}' }, overdue)}
          </span>
        </Badge>
      )}
      {badge.dueToday > 0 && (
        <Badge
          tone="info"
          title={intl.formatMessage({ id: 'tasks.badge.todayTitle', defaultMessage: '{count, plural, one {# task due today} other {# tasks due today}}' }, dueToday)}
        >
          <span data-testid="card-due-today">
            {intl.formatMessage({ id: 'tasks.badge.today', defaultMessage: '{count, plural, one {# today} other {# today}}' }, dueToday)}
          </span>
        </Badge>
      )}
    </>
  );
}
