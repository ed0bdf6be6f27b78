import type { TaskType } from '@callboard/contracts';

export const TASK_TYPE_LABELS: Record<TaskType, string> = {
  call_back: 'Call back',
  send_offer: 'Send offer',
  meeting: 'Meeting',
  other: 'Other',
};

export const TASK_TYPES = Object.keys(TASK_TYPE_LABELS) as TaskType[];

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
