import { useState } from 'react';
import type { Task } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useDeleteTask, useSetTaskDone, useUpdateTask } from '../hooks/use-tasks';
import { fromLocalInput, TASK_TYPE_LABELS, toLocalInput } from '../utils/task-labels';

function isDueToday(task: Task, now = new Date()): boolean {
  if (!task.dueAt || task.status !== 'open' || task.overdue) return false;
  return new Date(task.dueAt).toDateString() === now.toDateString();
}

export function TaskRow({ task }: { task: Task }) {
  const toast = useToast();
  const setDone = useSetTaskDone();
  const update = useUpdateTask();
  const remove = useDeleteTask();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [rescheduling, setRescheduling] = useState(false);
  const [due, setDue] = useState(() => toLocalInput(task.dueAt));
  const done = task.status === 'done';
  // the box follows the click in the same render; a failed request puts it back
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const checked = optimistic ?? done;

  async function toggle() {
    setOptimistic(!done);
    try {
      await setDone.mutateAsync({ id: task.id, done: !done });
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setOptimistic(null);
    }
  }

  async function reschedule() {
    try {
      await update.mutateAsync({ id: task.id, body: { dueAt: fromLocalInput(due) } });
      setRescheduling(false);
      toast.success('Task rescheduled');
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  async function deleteTask() {
    try {
      await remove.mutateAsync(task);
      toast.success('Task deleted');
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setConfirmDelete(false);
    }
  }

  return (
    <li className={`task-row${done ? ' is-done' : ''}`} data-testid={`task-row-${task.id}`} data-status={task.status} data-overdue={task.overdue || undefined}>
      <input
        type="checkbox"
        className="task-check"
        checked={checked}
        disabled={optimistic !== null}
        onChange={() => void toggle()}
        aria-label={done ? `Reopen “${task.title}”` : `Complete “${task.title}”`}
        data-testid={`task-toggle-${task.id}`}
      />
      <div className="task-main">
        <span className="task-title">{task.title}</span>
        <span className="task-meta muted">
          {TASK_TYPE_LABELS[task.type]}
          {task.dueAt && <> · due {formatDateTime(task.dueAt)}</>}
          {task.assigneeName && <> · {task.assigneeName}</>}
          {task.createdBy === null && <> · created automatically</>}
        </span>
        {rescheduling && (
          <span className="task-reschedule">
            <label className="visually-hidden" htmlFor={`due-${task.id}`}>
              New due time
            </label>
            <input id={`due-${task.id}`} type="datetime-local" className="input input-sm" value={due} onChange={(e) => setDue(e.target.value)} data-testid={`task-due-${task.id}`} />
            <Button size="sm" variant="primary" busy={update.isPending} onClick={() => void reschedule()} data-testid={`task-due-save-${task.id}`}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRescheduling(false)}>
              Cancel
            </Button>
          </span>
        )}
      </div>
      <span className="task-badges">
        {task.overdue && <Badge tone="danger">Overdue</Badge>}
        {isDueToday(task) && <Badge tone="info">Today</Badge>}
      </span>
      {!done && !rescheduling && (
        <Button size="sm" variant="ghost" onClick={() => setRescheduling(true)} data-testid={`task-reschedule-${task.id}`}>
          Reschedule
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(true)} aria-label={`Delete “${task.title}”`} data-testid={`task-delete-${task.id}`}>
        Delete
      </Button>
      <ConfirmDialog open={confirmDelete} title="Delete the task?" confirmLabel="Delete" busy={remove.isPending} onConfirm={() => void deleteTask()} onClose={() => setConfirmDelete(false)}>
        “{task.title}” goes away for everyone; the deal's history keeps a line saying so.
      </ConfirmDialog>
    </li>
  );
}
