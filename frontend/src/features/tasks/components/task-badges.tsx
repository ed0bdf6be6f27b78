import type { TaskBadge } from '@callboard/contracts';
import { Badge } from '@/components/ui';

/** "2 overdue" / "1 today" on a board card. */
export function TaskBadges({ badge }: { badge: TaskBadge | undefined }) {
  if (!badge || (badge.overdue === 0 && badge.dueToday === 0)) return null;
  return (
    <>
      {badge.overdue > 0 && (
        <Badge tone="danger" title={`${badge.overdue} overdue task${badge.overdue === 1 ? '' : 's'}`}>
          <span data-testid="card-overdue">{badge.overdue} overdue</span>
        </Badge>
      )}
      {badge.dueToday > 0 && (
        <Badge tone="info" title={`${badge.dueToday} task${badge.dueToday === 1 ? '' : 's'} due today`}>
          <span data-testid="card-due-today">{badge.dueToday} today</span>
        </Badge>
      )}
    </>
  );
}
