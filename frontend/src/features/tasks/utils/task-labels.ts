import { defineMessages, type MessageDescriptor } from 'react-intl';
import { TaskType } from '@callboard/contracts';

/** A task type in words: `intl.formatMessage(TASK_TYPE_MESSAGES[task.type])`. */
export const TASK_TYPE_MESSAGES: Record<TaskType, MessageDescriptor> = defineMessages({
  call_back: { id: 'tasks.type.callBack', defaultMessage: 'Call back' },
  send_offer: { id: 'tasks.type.sendOffer', defaultMessage: 'Send offer' },
  meeting: { id: 'tasks.type.meeting', defaultMessage: 'Meeting' },
  other: { id: 'tasks.type.other', defaultMessage: 'Other' },
});

export const TASK_TYPES: TaskType[] = TaskType.options;

/** An ISO instant as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of a datetime-local input as an ISO instant; empty means no due time. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Tomorrow at 9:00 local time: the default due time of a new task. */
export function defaultDue(now: Date = new Date()): string {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return toLocalInput(d.toISOString());
}
