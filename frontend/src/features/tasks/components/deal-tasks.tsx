import './tasks.css';
import { useState } from 'react';
import { Button, ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useDealTasks } from '../hooks/use-tasks';
import { TaskForm } from './task-form';
import { TaskRow } from './task-row';

/** The deal's tasks, open ones first (by due time), then the done ones. */
export function DealTasks({ dealId, ownerId }: { dealId: string; ownerId: string | null }) {
  const tasks = useDealTasks(dealId);
  const [adding, setAdding] = useState(false);

  if (tasks.isPending) return <Spinner label="Loading tasks" />;
  if (tasks.isError) return <ErrorState message={errorMessage(tasks.error)} />;
  const due = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  const open = tasks.data.filter((t) => t.status === 'open').sort((a, b) => due(a.dueAt) - due(b.dueAt));
  const done = tasks.data.filter((t) => t.status === 'done');

  return (
    <div className="deal-tasks" data-testid="deal-tasks">
      {open.length === 0 && done.length === 0 && <p className="muted">No tasks yet.</p>}
      <ul className="task-list">
        {[...open, ...done].map((t) => (
          <TaskRow key={`${t.id}-${t.updatedAt}`} task={t} />
        ))}
      </ul>
      {adding ? (
        <TaskForm dealId={dealId} ownerId={ownerId} onDone={() => setAdding(false)} />
      ) : (
        <Button size="sm" onClick={() => setAdding(true)} data-testid="task-add">
          Add task
        </Button>
      )}
    </div>
  );
}
