import './today.css';
import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { TodayItem } from '@callboard/contracts';
import { Button, EmptyState, ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatDateTime, formatMoney, formatNumber, pluralWord, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { ClickToCall } from '@/features/softphone';
import { useTaskRealtime } from '@/features/tasks';
import { useAssignableUsers } from '@/features/users';
import { useClaimCallBack, useToday, useTodayDone } from '../hooks/use-today';

const KIND_LABELS: Record<TodayItem['kind'], string> = {
  new_lead: 'New lead',
  due_today: 'Due today',
  unanswered_yesterday: 'Unanswered yesterday',
  overdue: 'Overdue',
  unclaimed_call_back: 'Missed call',
};

/** The counts' words: "3 new leads", "1 overdue". */
const COUNT_LABELS: Record<TodayItem['kind'], { one: string; other: string }> = {
  new_lead: { one: 'new lead', other: 'new leads' },
  due_today: { one: 'due today', other: 'due today' },
  unanswered_yesterday: { one: 'unanswered yesterday', other: 'unanswered yesterday' },
  overdue: { one: 'overdue', other: 'overdue' },
  unclaimed_call_back: { one: 'missed call to claim', other: 'missed calls to claim' },
};

/** The kinds in the order the list shows them, for the counts at the top. */
const KIND_ORDER: TodayItem['kind'][] = ['unclaimed_call_back', 'new_lead', 'due_today', 'unanswered_yesterday', 'overdue'];

const DONE_MESSAGES: Record<TodayItem['kind'], string> = {
  new_lead: 'Lead cleared from today’s list',
  due_today: 'Task completed',
  unanswered_yesterday: 'Cleared from today’s list',
  overdue: 'Task completed',
  unclaimed_call_back: 'Call-back completed',
};

function when(item: TodayItem): string | null {
  if (item.kind === 'new_lead' || item.kind === 'unanswered_yesterday' || item.kind === 'unclaimed_call_back') return item.at ? timeAgo(item.at) : null;
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
  const items = today.data?.items ?? [];
  const unclaimed = items.filter((i) => i.kind === 'unclaimed_call_back');
  const rest = items.filter((i) => i.kind !== 'unclaimed_call_back');
  // a Head looking at a Seller's list does not claim or tick off on their behalf
  const canClaim = userId === undefined || userId === me.id;
  const done = useTodayDone(userId);
  const toast = useToast();
  async function markDone(item: TodayItem) {
    try {
      await done.mutateAsync(item);
      toast.success(DONE_MESSAGES[item.kind]);
    } catch (e) {
      toast.error(`Could not mark “${rowTitle(item)}” done: ${errorMessage(e)}`);
    }
  }
  const doneBox = (item: TodayItem) => (canClaim ? <DoneBox item={item} onDone={() => void markDone(item)} /> : null);

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
      {today.data && items.length > 0 && <TodayCounts items={items} />}
      {today.isPending && <Spinner label="Loading today's list" />}
      {today.isError && <ErrorState message={errorMessage(today.error)} />}
      {today.data && today.data.items.length === 0 && <EmptyState>Nothing waiting. Well done.</EmptyState>}
      {unclaimed.length > 0 && (
        <section className="today-unclaimed" aria-labelledby="today-unclaimed-title" data-testid="today-unclaimed">
          <h2 id="today-unclaimed-title" className="today-group-title">
            Unclaimed call-backs ({unclaimed.length})
          </h2>
          <p className="muted today-group-hint">Missed calls nobody owns yet. Claim one, or call the number back, and it is yours.</p>
          <ol className="today-list">
            {unclaimed.map((item) => (
              <TodayRow key={`${item.kind}-${item.taskId}`} item={item} done={doneBox(item)}>
                {canClaim && item.taskId && <ClaimButton taskId={item.taskId} />}
              </TodayRow>
            ))}
          </ol>
        </section>
      )}
      {rest.length > 0 && (
        <ol className="today-list" data-testid="today-list">
          {rest.map((item, i) => (
            <TodayRow key={`${item.kind}-${item.taskId ?? item.dealId ?? i}`} item={item} done={doneBox(item)} />
          ))}
        </ol>
      )}
    </div>
  );
}

function rowTitle(item: TodayItem): string {
  return item.taskTitle ?? item.dealTitle ?? (item.dealId ? 'Deal' : 'Task');
}

/** How many rows of each kind, in the list's order; kinds with none are left out. */
function TodayCounts({ items }: { items: TodayItem[] }) {
  const counts = KIND_ORDER.map((kind) => ({ kind, n: items.filter((i) => i.kind === kind).length })).filter((c) => c.n > 0);
  return (
    <ul className="today-counts" aria-label="Rows per kind" data-testid="today-counts">
      {counts.map(({ kind, n }) => (
        <li key={kind} className={`today-count today-kind-${kind}`} data-testid="today-count" data-kind={kind}>
          <span className="today-count-n">{formatNumber(n)}</span> {pluralWord(n, COUNT_LABELS[kind])}
        </li>
      ))}
    </ul>
  );
}

function DoneBox({ item, onDone }: { item: TodayItem; onDone: () => void }) {
  // ticked until the row leaves; a refused "done" brings the row back as a new, unticked one
  const [ticked, setTicked] = useState(false);
  const label = item.taskId ? `Mark “${rowTitle(item)}” done` : `Clear “${rowTitle(item)}” from today’s list`;
  return (
    <input
      type="checkbox"
      className="today-done"
      aria-label={label}
      title={label}
      checked={ticked}
      disabled={ticked}
      onChange={(e) => {
        if (!e.target.checked) return;
        setTicked(true);
        onDone();
      }}
      data-testid="today-done"
    />
  );
}

function TodayRow({ item, done, children }: { item: TodayItem; done?: ReactNode; children?: ReactNode }) {
  return (
    <li className={`today-item today-${item.kind}`} data-testid="today-item" data-kind={item.kind} data-deal-id={item.dealId ?? undefined} data-task-id={item.taskId ?? undefined}>
      {done}
      <div className="today-main">
        <span className={`today-kind today-kind-${item.kind}`}>{KIND_LABELS[item.kind]}</span>
        {item.dealId ? (
          <Link to={`/deals/${item.dealId}`} className="today-title" data-testid="today-open">
            {rowTitle(item)}
          </Link>
        ) : (
          <span className="today-title">{rowTitle(item)}</span>
        )}
        <span className="muted today-meta">{[item.taskTitle ? item.dealTitle : null, item.contactName, when(item)].filter(Boolean).join(' · ')}</span>
      </div>
      <div className="today-actions">
        {item.amount && item.currency && <span className="today-amount">{formatMoney(item.amount, item.currency)}</span>}
        {children}
        {item.contactPhone && <ClickToCall number={item.contactPhone} dealId={item.dealId ?? undefined} />}
      </div>
    </li>
  );
}

/** Claims a call-back; a colleague who was faster is told so, and the row leaves with the list's refresh. */
function ClaimButton({ taskId }: { taskId: string }) {
  const claim = useClaimCallBack();
  const toast = useToast();
  async function onClick() {
    try {
      await claim.mutateAsync(taskId);
      toast.success('The call-back is yours');
    } catch (e) {
      toast.error(e instanceof ApiRequestError && e.is('TASK_ALREADY_CLAIMED') ? 'A colleague has already claimed this call-back' : errorMessage(e));
    }
  }
  return (
    <Button size="sm" variant="primary" busy={claim.isPending} onClick={() => void onClick()} data-testid="today-claim">
      Claim
    </Button>
  );
}
