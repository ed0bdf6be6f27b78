import './today.css';
import { Link, useSearchParams } from 'react-router';
import type { TodayItem } from '@callboard/contracts';
import { EmptyState, ErrorState, SelectField, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatMoney } from '@/lib/money';
import { formatDateTime, timeAgo } from '@/lib/time';
import { useSessionUser } from '@/features/auth';
import { ClickToCall } from '@/features/softphone';
import { useTaskRealtime } from '@/features/tasks';
import { useAssignableUsers } from '@/features/users';
import { useToday } from '../hooks/use-today';

const KIND_LABELS: Record<TodayItem['kind'], string> = {
  new_lead: 'New lead',
  due_today: 'Due today',
  unanswered_yesterday: 'Unanswered yesterday',
  overdue: 'Overdue',
};

function when(item: TodayItem): string | null {
  if (item.kind === 'new_lead' || item.kind === 'unanswered_yesterday') return item.at ? timeAgo(item.at) : null;
  return item.dueAt ? `due ${formatDateTime(item.dueAt)}` : null;
}

/** The Seller's prioritised list, in the server's order. A Head can look at any Seller's list. */
export function TodayPage() {
  const me = useSessionUser();
  const users = useAssignableUsers();
  const [params, setParams] = useSearchParams();
  const isHead = me.role === 'head';
  const userId = isHead ? (params.get('user') ?? undefined) : undefined;
  const today = useToday(userId);
  useTaskRealtime();

  return (
    <div className="page today-page" data-testid="today-page">
      <div className="toolbar">
        <h1 className="page-title">Today</h1>
        <span className="toolbar-spacer" />
        {isHead && (
          <SelectField
            label="Seller"
            value={userId ?? me.id}
            onChange={(e) => setParams(e.target.value === me.id ? {} : { user: e.target.value }, { replace: true })}
            data-testid="today-user"
          >
            {users.filter((u) => u.role === 'seller' || u.id === me.id).map((u) => (
              <option key={u.id} value={u.id}>
                {u.id === me.id ? `${u.name} (you)` : u.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {today.isPending && <Spinner label="Loading today's list" />}
      {today.isError && <ErrorState message={errorMessage(today.error)} />}
      {today.data && today.data.items.length === 0 && <EmptyState>Nothing waiting. Well done.</EmptyState>}
      {today.data && today.data.items.length > 0 && (
        <ol className="today-list" data-testid="today-list">
          {today.data.items.map((item, i) => (
            <li key={`${item.kind}-${item.taskId ?? item.dealId ?? i}`} className={`today-item today-${item.kind}`} data-testid="today-item" data-kind={item.kind} data-deal-id={item.dealId ?? undefined}>
              <span className={`today-kind today-kind-${item.kind}`}>{KIND_LABELS[item.kind]}</span>
              <div className="today-main">
                {item.dealId ? (
                  <Link to={`/deals/${item.dealId}`} className="today-title" data-testid="today-open">
                    {item.taskTitle ?? item.dealTitle ?? 'Deal'}
                  </Link>
                ) : (
                  <span className="today-title">{item.taskTitle ?? item.dealTitle ?? 'Task'}</span>
                )}
                <span className="muted today-meta">
                  {[item.taskTitle ? item.dealTitle : null, item.contactName, when(item)].filter(Boolean).join(' · ')}
                </span>
              </div>
              {item.amount && item.currency && <span className="today-amount">{formatMoney(item.amount, item.currency)}</span>}
              {item.contactPhone && <ClickToCall number={item.contactPhone} dealId={item.dealId ?? undefined} />}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
