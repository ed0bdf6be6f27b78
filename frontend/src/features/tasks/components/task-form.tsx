import { useState, type FormEvent } from 'react';
import type { TaskType } from '@callboard/contracts';
import { Button, SelectField, TextField, useToast } from '@/components/ui';
import { errorMessage, fieldErrors } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useAssignableUsers } from '@/features/users';
import { useCreateTask } from '../hooks/use-tasks';
import { defaultDue, fromLocalInput, TASK_TYPE_LABELS, TASK_TYPES } from '../utils/task-labels';

/** New task on a deal. A Head may assign it to anyone; a Seller's tasks are their own. */
export function TaskForm({ dealId, ownerId, onDone }: { dealId: string; ownerId: string | null; onDone?: () => void }) {
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
      setErrors({ title: 'Give the task a title' });
      return;
    }
    setErrors({});
    try {
      await create.mutateAsync({ title: title.trim(), type, dueAt: fromLocalInput(due), assigneeId: isHead ? assigneeId : undefined, dealId });
      setTitle('');
      toast.success('Task added');
      onDone?.();
    } catch (err) {
      const f = fieldErrors(err);
      setErrors({ title: f.title ?? '', dueAt: f.dueAt ?? '', form: errorMessage(err) });
    }
  }

  return (
    <form className="form-grid task-form" onSubmit={submit} noValidate aria-label="New task" data-testid="task-form">
      <TextField label="Task" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} error={errors.title || undefined} data-testid="task-form-title" />
      <SelectField label="Type" value={type} onChange={(e) => setType(e.target.value as TaskType)} data-testid="task-form-type">
        {TASK_TYPES.map((t) => (
          <option key={t} value={t}>
            {TASK_TYPE_LABELS[t]}
          </option>
        ))}
      </SelectField>
      <TextField label="Due" type="datetime-local" value={due} onChange={(e) => setDue(e.target.value)} error={errors.dueAt || undefined} data-testid="task-form-due" />
      {isHead && (
        <SelectField label="Assignee" value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} data-testid="task-form-assignee">
          {users.map((u) => (
            <option key={u.id} value={u.id}>
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
          Add task
        </Button>
      </div>
    </form>
  );
}
