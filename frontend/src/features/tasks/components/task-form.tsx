import { useState, type FormEvent } from 'react';
import { defineMessages, useIntl } from 'react-intl';
import type { TaskType } from '@callboard/contracts';
import { Button, SelectField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useAssignableUsers } from '@/features/users';
import { useCreateTask } from '../hooks/use-tasks';
import { defaultDue, fromLocalInput, TASK_TYPE_MESSAGES, TASK_TYPES } from '../utils/task-labels';

const M = defineMessages({
  form: { id: 'tasks.form.label', defaultMessage: 'New task' },
  title: { id: 'tasks.form.title', defaultMessage: 'Task' },
  titleRequired: { id: 'tasks.form.titleRequired', defaultMessage: 'Give the task a title' },
  type: { id: 'tasks.form.type', defaultMessage: 'Type' },
  due: { id: 'tasks.form.due', defaultMessage: 'Due' },
  assignee: { id: 'tasks.form.assignee', defaultMessage: 'Assignee' },
  submit: { id: 'tasks.form.submit', defaultMessage: 'Add task' },
  added: { id: 'tasks.form.added', defaultMessage: 'Task added' },
});

/** New task on a deal. A Head may assign it to anyone; a Seller's tasks are their own. */
export function TaskForm({ dealId, ownerId, onDone }: { dealId: string; ownerId: string | null; onDone?: () => void }) {
  const intl = useIntl();
  const me = useSessionUser();
  const users = useAssignableUsers();
  const create = useCreateTask();
  const toast = useToast();
  const isHead = me.role === 'head';
  const [title, setTitle] = useState('');
  const [type, setType] = useState<TaskType>('call_back');
  const [due, setDue] = useState(defaultDue);
  const [assigneeId, setAssigneeId] = useState(isHead ? (ownerId ?? me.id) : me.id);
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) {
      setErrors({ title: intl.formatMessage(M.titleRequired) });
      return;
    }
    setErrors({});
    try {
      await create.mutateAsync({ title: title.trim(), type, dueAt: fromLocalInput(due), assigneeId: isHead ? assigneeId : undefined, dealId });
      setTitle('');
      toast.success(intl.formatMessage(M.added));
      onDone?.();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ title: f.title ?? '', dueAt: f.dueAt ?? '', form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid task-form" onSubmit={submit} noValidate aria-label={intl.formatMessage(M.form)} data-testid="task-form">
      <TextField label={intl.formatMessage(M.title)} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={errors.title || undefined} data-testid="task-form-title" />
      <SelectField label={intl.formatMessage(M.type)} value={type} onChange={(e) => setType(e.target.value as TaskType)} data-testid="task-form-type">
        {TASK_TYPES.map((t) => (
          <option key={t} value={t}>
            {intl.formatMessage(TASK_TYPE_MESSAGES[t])}
          </option>
        ))}
      </SelectField>
      <TextField label={intl.formatMessage(M.due)} type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors.dueAt || undefined} data-testid="task-form-due" />
      {isHead && (
        <SelectField label={intl.formatMessage(M.assignee)} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} data-testid="task-form-assignee">
          {users.map((u) => (
            <option key={u.id} value={u.id} data-user-content>
              {u.name}
            </option>
          ))}
        </SelectField>
      )}
      {errors.form && (
        <div className="form-error" role="alert">
          {errors.form}
        </div>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending} data-testid="task-form-submit">
          {intl.formatMessage(M.submit)}
        </Button>
      </div>
    </form>
  );
}
