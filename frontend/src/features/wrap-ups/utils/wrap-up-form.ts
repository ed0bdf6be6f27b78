import type { TaskType } from '@callboard/contracts';

/** The next task a chosen outcome suggests: its type and when, or none. */
export interface SuggestedTask {
  type: TaskType;
  /** When, as a Date; the rep changes it to the time the customer said. */
  dueAt: Date;
}

/**
 * The next task prefilled for an outcome: "call back requested" → a call at the next full hour
 * (the rep sets the time the customer said); no answer / busy → try again in two hours; the
 * others → none. Pure (`now` is given).
 */
export function suggestedTask(outcome: string | null, now: Date): SuggestedTask | null {
  const inHours = (h: number) => {
    const d = new Date(now.getTime() + h * 3_600_000);
    d.setMinutes(0, 0, 0);
    return d;
  };
  switch (outcome) {
    case 'call_back_requested':
      return { type: 'call_back', dueAt: inHours(1) };
    case 'no_answer':
    case 'busy':
      return { type: 'call_back', dueAt: inHours(2) };
    default:
      return null;
  }
}

/** Whether an outcome can only be saved with a next task (the server refuses it otherwise). */
export function needsTask(outcome: string | null): boolean {
  return outcome === 'call_back_requested';
}
