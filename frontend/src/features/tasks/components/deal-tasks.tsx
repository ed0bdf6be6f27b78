import './tasks.css';
import { useEffect, useRef, useState } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useTaskRealtime } from '../hooks/use-task-realtime';
import { taskKeys, useDealTasks } from '../hooks/use-tasks';
import { TaskForm } from './task-form';
import { TaskRow } from './task-row';

const M = defineMessages({
  loading: { id: 'tasks.deal.loading', defaultMessage: 'Loading tasks' },
  empty: { id: 'tasks.deal.empty', defaultMessage: 'No tasks yet.' },
  add: { id: 'tasks.deal.add', defaultMessage: 'Add task' },
});

/**
 * The deal's tasks, open ones first (by due time), then the done ones; live from the task events.
 * A newer deal (`dealVersion`, its updatedAt from the live cache) re-reads them too, since the
 * unassigned tasks of a deal follow the deal's audience, not an assignee's room.
 */
export function DealTasks({ dealId, ownerId, dealVersion }: { dealId: string; ownerId: string | null; dealVersion: string }) {
  const intl = useIntl();
  const tasks = useDealTasks(dealId);
  useTaskRealtime();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const seenVersion = useRef(dealVersion);

  useEffect(() => {
    if (seenVersion.current === dealVersion) return;
    seenVersion.current = dealVersion;
    void queryClient.invalidateQueries({ queryKey: taskKeys.ofDeal(dealId) });
  }, [dealVersion, dealId, queryClient]);

  if (tasks.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (tasks.isError) return <ErrorState message={errorMessage(tasks.error)} />;
  const due = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  const open = tasks.data.filter((t) => t.status === 'open').sort((a, b) => due(a.dueAt) - due(b.dueAt));
  const done = tasks.data.filter((t) => t.status === 'done');

  return (
    <div className="deal-tasks" data-testid="deal-tasks">
      {open.length === 0 && done.length === 0 && <p className="muted">{intl.formatMessage(M.empty)}</p>}
      <ul className="task-list">
        {[...open, ...done].map((t) => (
          <TaskRow key={`${t.id}-${t.updatedAt}`} task={t} />
        ))}
      </ul>
      {adding ? (
        <TaskForm dealId={dealId} ownerId={ownerId} onDone={() => setAdding(false)} />
      ) : (
        <Button size="sm" onClick={() => setAdding(true)} data-testid="task-add">
          {intl.formatMessage(M.add)}
        </Button>
      )}
    </div>
  );
}
