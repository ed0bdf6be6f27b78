import './tasks.css';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { tasksApi } from '../api/tasks-api';
import { useTaskRealtime } from '../hooks/use-task-realtime';
import { taskKeys } from '../hooks/use-tasks';
import { TaskRow } from './task-row';

/** A contact's tasks (on any of their deals, or on the contact), open ones first by due time. */
export function ContactTasks({ contactId }: { contactId: string }) {
  useTaskRealtime();
  const tasks = useQuery({ queryKey: taskKeys.ofContact(contactId), queryFn: () => tasksApi.list({ contactId, limit: 200 }) });
  if (tasks.isPending) return <Spinner label="Loading tasks" />;
  if (tasks.isError) return <ErrorState message={errorMessage(tasks.error)} />;
  const due = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  const open = tasks.data.filter((t) => t.status === 'open').sort((a, b) => due(a.dueAt) - due(b.dueAt));
  const done = tasks.data.filter((t) => t.status === 'done');
  if (open.length + done.length === 0) return <p className="muted">No tasks.</p>;
  return (
    <ul className="task-list" data-testid="contact-tasks">
      {[...open, ...done].map((t) => (
        <TaskRow key={`${t.id}-${t.updatedAt}`} task={t} />
      ))}
    </ul>
  );
}
