import './tasks.css';
import { defineMessages, useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { tasksApi } from '../api/tasks-api';
import { useTaskRealtime } from '../hooks/use-task-realtime';
import { taskKeys } from '../hooks/use-tasks';
import { TaskRow } from './task-row';

const M = defineMessages({
  loading: { id: 'tasks.contact.loading', defaultMessage: 'Loading tasks' },
  empty: { id: 'tasks.contact.empty', defaultMessage: 'No tasks.' },
});

/** A contact's tasks (on any of their deals, or on the contact), open ones first by due time. */
export function ContactTasks({ contactId }: { contactId: string }) {
  const intl = useIntl();
  useTaskRealtime();
  const tasks = useQuery({ queryKey: taskKeys.ofContact(contactId), queryFn: () => tasksApi.list({ contactId, limit: 200 }) });
  if (tasks.isPending) return <Spinner label={intl.formatMessage(M.loading)} />;
  if (tasks.isError) return <ErrorState message={errorMessage(tasks.error)} />;
  const due = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  const open = tasks.data.filter((t) => t.status === 'open').sort((a, b) => due(a.dueAt) - due(b.dueAt));
  const done = tasks.data.filter((t) => t.status === 'done');
  if (open.length + done.length === 0) return <p className="muted">{intl.formatMessage(M.empty)}</p>;
  return (
    <ul className="task-list" data-testid="contact-tasks">
      {[...open, ...done].map((t) => (
        <TaskRow key={`${t.id}-${t.updatedAt}`} task={t} />
      ))}
    </ul>
  );
}
