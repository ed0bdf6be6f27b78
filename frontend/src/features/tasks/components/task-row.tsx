import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import type { Task } from '@callboard/contracts';
import { Badge, Button, ConfirmDialog, useToast } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime } from '@/lib/format';
import { useDeleteTask, useSetTaskDone, useUpdateTask } from '../hooks/use-tasks';
import { fromLocalInput, TASK_TYPE_MESSAGES, toLocalInput } from '../utils/task-labels';

const M = defineMessages({
  automatic: { id: 'tasks.row.automatic', defaultMessage: 'created automatically' },
  newDue: { id: 'tasks.row.newDue', defaultMessage: 'New due time' },
  save: { id: 'tasks.row.save', defaultMessage: 'Save' },
  cancel: { id: 'tasks.row.cancel', defaultMessage: 'Cancel' },
  overdue: { id: 'tasks.row.overdue', defaultMessage: 'Overdue' },
  today: { id: 'tasks.row.today', defaultMessage: 'Today' },
  reschedule: { id: 'tasks.row.reschedule', defaultMessage: 'Reschedule' },
  rescheduled: { id: 'tasks.row.rescheduled', defaultMessage: 'Task rescheduled' },
  delete: { id: 'tasks.row.delete', defaultMessage: 'Delete' },
  deleteTitle: { id: 'tasks.row.deleteTitle', defaultMessage: 'Delete the task?' },
  deleted: { id: 'tasks.row.deleted', defaultMessage: 'Task deleted' },
});

function isDueToday(task: Task, now = new Date()): boolean {
  if (!task.dueAt || task.status !== 'open' || task.overdue) return false;
  return new Date(task.dueAt).toDateString() === now.toDateString();
}

export function TaskRow({ task }: { task: Task }) {
  const intl = useIntl();
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
      toast.success(intl.formatMessage(M.rescheduled));
    } catch (e) {
      toast.error(errorMessage(e));
    }
  }

  async function deleteTask() {
    try {
      await remove.mutateAsync(task);
      toast.success(intl.formatMessage(M.deleted));
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
        aria-label={
          done
            ? intl.formatMessage({ id: 'tasks.row.reopen', defaultMessage: 'Reopen “{title}”' }, { title: task.title })
            : intl.formatMessage({ id: 'tasks.row.complete', defaultMessage: 'Complete “{title}”' }, { title: task.title })
        }
        data-testid={`task-toggle-${task.id}`}
      />
      <div className="task-main">
        <span className="task-title" data-user-content>
          <bdi>{task.title}</bdi>
        </span>
        <span className="task-meta muted">
          {intl.formatMessage(TASK_TYPE_MESSAGES[task.type])}
          {task.dueAt && <> · {intl.formatMessage({ id: 'tasks.row.due', defaultMessage: 'due {when}' }, { when: formatDateTime(task.dueAt) })}</>}
          {task.assigneeName && (
            <>
              {' · '}
              <bdi data-user-content>{task.assigneeName}</bdi>
            </>
          )}
          {task.createdBy === null && <> · {intl.formatMessage(M.automatic)}</>}
        </span>
        {rescheduling && (
          <span className="task-reschedule">
            <label className="visually-hidden" htmlFor={`due-${task.id}`}>
              {intl.formatMessage(M.newDue)}
            </label>
            <input id={`due-${task.id}`} type="datetime-local" className="input input-sm" value={due} onChange={(e) => setDue(e.target.value)} data-testid={`task-due-${task.id}`} />
            <Button size="sm" variant="primary" busy={update.isPending} onClick={() => void reschedule()} data-testid={`task-due-save-${task.id}`}>
              {intl.formatMessage(M.save)}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setRescheduling(false)}>
              {intl.formatMessage(M.cancel)}
            </Button>
          </span>
        )}
      </div>
      <span className="task-badges">
        {task.overdue && <Badge tone="danger">{intl.formatMessage(M.overdue)}</Badge>}
        {isDueToday(task) && <Badge tone="info">{intl.formatMessage(M.today)}</Badge>}
      </span>
      {!done && !rescheduling && (
        <Button size="sm" variant="ghost" onClick={() => setRescheduling(true)} data-testid={`task-reschedule-${task.id}`}>
          {intl.formatMessage(M.reschedule)}
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={() => setConfirmDelete(true)} aria-label={intl.formatMessage({ id: 'tasks.row.deleteNamed', defaultMessage: 'Delete “{title}”' }, { title: task.title })} data-testid={`task-delete-${task.id}`}>
        {intl.formatMessage(M.delete)}
      </Button>
      <ConfirmDialog
        open={confirmDelete}
        title={intl.formatMessage(M.deleteTitle)}
        confirmLabel={intl.formatMessage(M.delete)}
        busy={remove.isPending}
        onConfirm={() => void deleteTask()}
        onClose={() => setConfirmDelete(false)}
      >
        <FormattedMessage
          id="tasks.row.deleteBody"
          defaultMessage="“{title}” goes away for everyone; the deal's history keeps a line saying so."
          values={{ title: <bdi data-user-content>{task.title}</bdi> }}
        />
      </ConfirmDialog>
    </li>
  );
}
