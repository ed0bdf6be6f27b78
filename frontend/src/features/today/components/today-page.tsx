import './today.css';
import { Fragment, type ReactNode, useState } from 'react';
import { defineMessages, useIntl, type IntlShape, type MessageDescriptor } from 'react-intl';
import { Link, useSearchParams } from 'react-router';
import type { TodayItem } from '@callboard/contracts';
import { Button, EmptyState, ErrorState, SelectField, Spinner, useToast } from '@/components/ui';
import { ApiRequestError, errorMessage } from '@/lib/api-client';
import { formatDateTime, formatMoney, formatNumber, timeAgo } from '@/lib/format';
import { useSessionUser } from '@/features/auth';
import { ClickToCall } from '@/features/softphone';
import { useTaskRealtime } from '@/features/tasks';
import { useAssignableUsers } from '@/features/users';
import { openWrapUpById } from '@/features/wrap-ups';
import { ExportMenu } from '@/features/exports';
import { useClaimCallBack, useToday, useTodayDone } from '../hooks/use-today';

const KIND_LABELS: Record<TodayItem['kind'], MessageDescriptor> = defineMessages({
  new_lead: { id: 'today.kind.newLead', defaultMessage: 'New lead' },
  due_today: { id: 'today.kind.dueToday', defaultMessage: 'Due today' },
  unanswered_yesterday: { id: 'today.kind.unansweredYesterday', defaultMessage: 'Unanswered yesterday' },
  overdue: { id: 'today.kind.overdue', defaultMessage: 'Overdue' },
  unclaimed_call_back: { id: 'today.kind.unclaimedCallBack', defaultMessage: 'Missed call' },
  wrap_up: { id: 'today.kind.wrapUp', defaultMessage: 'Call to wrap up' },
});

/** The counts: "3 new leads", "1 overdue"; `<num>` is the figure, set in bold. */
const COUNT_LABELS: Record<TodayItem['kind'], MessageDescriptor> = defineMessages({
  new_lead: { id: 'today.count.newLead', defaultMessage: '{count, plural, one {<num>#</num> new lead} other {<num>#</num> new leads}}' },
  due_today: { id: 'today.count.dueToday', defaultMessage: '{count, plural, one {<num>#</num> due today} other {<num>#</num> due today}}' },
  unanswered_yesterday: {
    id: 'today.count.unansweredYesterday',
    defaultMessage: '{count, plural, one {<num>#</num> unanswered yesterday} other {<num>#</num> unanswered yesterday}}',
  },
  overdue: { id: 'today.count.overdue', defaultMessage: '{count, plural, one {<num>#</num> overdue} other {<num>#</num> overdue}}' },
  unclaimed_call_back: {
    id: 'today.count.unclaimedCallBack',
    defaultMessage: '{count, plural, one {<num>#</num> missed call to claim} other {<num>#</num> missed calls to claim}}',
  },
  wrap_up: {
    id: 'today.count.wrapUp',
    defaultMessage: '{count, plural, one {<num>#</num> call to wrap up} other {<num>#</num> calls to wrap up}}',
  },
});

/** The kinds in the order the list shows them, for the counts at the top. */
const KIND_ORDER: TodayItem['kind'][] = ['wrap_up', 'unclaimed_call_back', 'new_lead', 'due_today', 'unanswered_yesterday', 'overdue'];

const DONE_MESSAGES: Record<TodayItem['kind'], MessageDescriptor> = defineMessages({
  new_lead: { id: 'today.done.newLead', defaultMessage: 'Lead cleared from today’s list' },
  due_today: { id: 'today.done.dueToday', defaultMessage: 'Task completed' },
  unanswered_yesterday: { id: 'today.done.unansweredYesterday', defaultMessage: 'Cleared from today’s list' },
  overdue: { id: 'today.done.overdue', defaultMessage: 'Task completed' },
  unclaimed_call_back: { id: 'today.done.unclaimedCallBack', defaultMessage: 'Call-back completed' },
  wrap_up: { id: 'today.done.wrapUp', defaultMessage: 'Wrap-up saved' },
});

const DUE = defineMessages<{ due: { when: string } }>({
  due: { id: 'today.row.due', defaultMessage: 'due {when}' },
});

const M = defineMessages({
  deal: { id: 'today.row.deal', defaultMessage: 'Deal' },
  task: { id: 'today.row.task', defaultMessage: 'Task' },
  title: { id: 'today.page.title', defaultMessage: 'Today' },
  seller: { id: 'today.page.seller', defaultMessage: 'Seller' },
  loading: { id: 'today.page.loading', defaultMessage: "Loading today's list" },
  empty: { id: 'today.page.empty', defaultMessage: 'Nothing waiting. Well done.' },
  unclaimedHint: { id: 'today.unclaimed.hint', defaultMessage: 'Missed calls nobody owns yet. Claim one, or call the number back, and it is yours.' },
  counts: { id: 'today.counts.label', defaultMessage: 'Rows per kind' },
  claim: { id: 'today.claim.button', defaultMessage: 'Claim' },
  claimed: { id: 'today.claim.claimed', defaultMessage: 'The call-back is yours' },
  alreadyClaimed: { id: 'today.claim.alreadyClaimed', defaultMessage: 'A colleague has already claimed this call-back' },
});

/** When the row happened (a lead, an unanswered attempt, a missed call) or falls due. */
function when(intl: IntlShape, item: TodayItem): string | null {
  if (item.kind === 'new_lead' || item.kind === 'unanswered_yesterday' || item.kind === 'unclaimed_call_back' || item.kind === 'wrap_up') return item.at ? timeAgo(item.at) : null;
  return item.dueAt ? intl.formatMessage(DUE.due, { when: formatDateTime(item.dueAt) }) : null;
}

/** The Seller's prioritised list, in the server's order. A Head can look at any Seller's list. */
export function TodayPage() {
  const intl = useIntl();
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
      toast.success(intl.formatMessage(DONE_MESSAGES[item.kind]));
    } catch (e) {
      toast.error(
        intl.formatMessage(
          { id: 'today.row.doneFailed', defaultMessage: 'Could not mark “{title}” done: {error}' },
          { title: rowTitle(intl, item), error: errorMessage(e) },
        ),
      );
    }
  }
  // a call to wrap up is done by saving (or dismissing) its wrap-up, not by a tick
  const doneBox = (item: TodayItem) => (canClaim && item.kind !== 'wrap_up' ? <DoneBox item={item} onDone={() => void markDone(item)} /> : null);

  return (
    <div className="page today-page" data-testid="today-page">
      <div className="toolbar">
        <h1 className="page-title">{intl.formatMessage(M.title)}</h1>
        <span className="toolbar-spacer" />
        {/* the open tasks of the list on screen: a Head's pick of rep (their own by default), a Seller's own and their deals' unassigned */}
        <ExportMenu kind="tasks" filters={{ status: 'open', assigneeId: isHead ? (userId ?? me.id) : undefined }} />
        {isHead && (
          <SelectField
            label={intl.formatMessage(M.seller)}
            value={userId ?? me.id}
            onChange={(e) => setParams(e.target.value === me.id ? {} : { user: e.target.value }, { replace: true })}
            data-testid="today-user"
          >
            {users.filter((u) => u.role === 'seller' || u.id === me.id).map((u) => (
              <option key={u.id} value={u.id} data-user-content={u.id === me.id ? undefined : true}>
                {u.id === me.id ? intl.formatMessage({ id: 'today.page.you', defaultMessage: '{name} (you)' }, { name: u.name }) : u.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {today.data && items.length > 0 && <TodayCounts items={items} />}
      {today.isPending && <Spinner label={intl.formatMessage(M.loading)} />}
      {today.isError && <ErrorState message={errorMessage(today.error)} />}
      {today.data && today.data.items.length === 0 && <EmptyState>{intl.formatMessage(M.empty)}</EmptyState>}
      {unclaimed.length > 0 && (
        <section className="today-unclaimed" aria-labelledby="today-unclaimed-title" data-testid="today-unclaimed">
          <h2 id="today-unclaimed-title" className="today-group-title">
            {intl.formatMessage({ id: 'today.unclaimed.title', defaultMessage: 'Unclaimed call-backs ({count})' }, { count: formatNumber(unclaimed.length) })}
          </h2>
          <p className="muted today-group-hint">{intl.formatMessage(M.unclaimedHint)}</p>
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
            <TodayRow key={`${item.kind}-${item.wrapUpId ?? item.taskId ?? item.dealId ?? i}`} item={item} done={doneBox(item)}>
              {canClaim && item.wrapUpId && <WrapUpButton wrapUpId={item.wrapUpId} />}
            </TodayRow>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The row's own title (the task's, else the deal's), as the user wrote it. */
function userTitle(item: TodayItem): string | null {
  return item.taskTitle ?? item.dealTitle;
}

/** The title for a label or a toast: the row's own, else what it is. */
function rowTitle(intl: IntlShape, item: TodayItem): string {
  return userTitle(item) ?? intl.formatMessage(item.dealId ? M.deal : M.task);
}

/** How many rows of each kind, in the list's order; kinds with none are left out. */
function TodayCounts({ items }: { items: TodayItem[] }) {
  const intl = useIntl();
  const counts = KIND_ORDER.map((kind) => ({ kind, n: items.filter((i) => i.kind === kind).length })).filter((c) => c.n > 0);
  return (
    <ul className="today-counts" aria-label={intl.formatMessage(M.counts)} data-testid="today-counts">
      {counts.map(({ kind, n }) => (
        <li key={kind} className={`today-count today-kind-${kind}`} data-testid="today-count" data-kind={kind}>
          {intl.formatMessage(COUNT_LABELS[kind], { count: n, num: (figure) => <span className="today-count-n">{figure}</span> })}
        </li>
      ))}
    </ul>
  );
}

function DoneBox({ item, onDone }: { item: TodayItem; onDone: () => void }) {
  const intl = useIntl();
  // ticked until the row leaves; a refused "done" brings the row back as a new, unticked one
  const [ticked, setTicked] = useState(false);
  const title = { title: rowTitle(intl, item) };
  const label = item.taskId
    ? intl.formatMessage({ id: 'today.row.markDone', defaultMessage: 'Mark “{title}” done' }, title)
    : intl.formatMessage({ id: 'today.row.clear', defaultMessage: 'Clear “{title}” from today’s list' }, title);
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
  const intl = useIntl();
  const own = userTitle(item);
  const title = own ? <bdi data-user-content>{own}</bdi> : rowTitle(intl, item);
  // the deal under a task's title, the contact, and when: user data isolated, joined by " · "
  const meta = [
    item.taskTitle && item.dealTitle ? <bdi data-user-content>{item.dealTitle}</bdi> : null,
    item.contactName ? <bdi data-user-content>{item.contactName}</bdi> : null,
    when(intl, item),
  ].filter(Boolean);
  return (
    <li className={`today-item today-${item.kind}`} data-testid="today-item" data-kind={item.kind} data-deal-id={item.dealId ?? undefined} data-task-id={item.taskId ?? undefined}>
      {done}
      <div className="today-main">
        <span className={`today-kind today-kind-${item.kind}`}>{intl.formatMessage(KIND_LABELS[item.kind])}</span>
        {item.dealId ? (
          <Link to={`/deals/${item.dealId}`} className="today-title" data-testid="today-open">
            {title}
          </Link>
        ) : (
          <span className="today-title">{title}</span>
        )}
        <span className="muted today-meta">
          {meta.map((part, i) => (
            <Fragment key={i}>
              {i > 0 && ' · '}
              {part}
            </Fragment>
          ))}
        </span>
      </div>
      <div className="today-actions">
        {item.amount && item.currency && <span className="today-amount">{formatMoney(item.amount, item.currency)}</span>}
        {children}
        {item.contactPhone && <ClickToCall number={item.contactPhone} dealId={item.dealId ?? undefined} />}
      </div>
    </li>
  );
}

/** Opens the call's wrap-up panel (the same one that opened when the call ended). */
function WrapUpButton({ wrapUpId }: { wrapUpId: string }) {
  const intl = useIntl();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  async function onClick() {
    setBusy(true);
    try {
      await openWrapUpById(wrapUpId);
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button size="sm" variant="primary" busy={busy} onClick={() => void onClick()} data-testid="today-wrap-up">
      {intl.formatMessage({ id: 'today.wrapUp.button', defaultMessage: 'Wrap up' })}
    </Button>
  );
}

/** Claims a call-back; a colleague who was faster is told so, and the row leaves with the list's refresh. */
function ClaimButton({ taskId }: { taskId: string }) {
  const intl = useIntl();
  const claim = useClaimCallBack();
  const toast = useToast();
  async function onClick() {
    try {
      await claim.mutateAsync(taskId);
      toast.success(intl.formatMessage(M.claimed));
    } catch (e) {
      toast.error(e instanceof ApiRequestError && e.is('TASK_ALREADY_CLAIMED') ? intl.formatMessage(M.alreadyClaimed) : errorMessage(e));
    }
  }
  return (
    <Button size="sm" variant="primary" busy={claim.isPending} onClick={() => void onClick()} data-testid="today-claim">
      {intl.formatMessage(M.claim)}
    </Button>
  );
}
