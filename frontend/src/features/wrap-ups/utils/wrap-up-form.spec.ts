import { needsTask, suggestedTask } from './wrap-up-form';

describe('suggestedTask', () => {
  const now = new Date(2026, 11, 7, 10, 20, 30);

  it('should suggest a call at the next full hour when a call back is requested', () => {
    expect(suggestedTask('call_back_requested', now)).toEqual({ type: 'call_back', dueAt: new Date(2026, 11, 7, 11, 0, 0) });
  });

  it('should suggest trying again in two hours when nobody answered or the line was busy', () => {
    expect(suggestedTask('no_answer', now)?.dueAt).toEqual(new Date(2026, 11, 7, 12, 0, 0));
    expect(suggestedTask('busy', now)?.type).toBe('call_back');
  });

  it('should suggest nothing when the outcome closes the matter or is the Head\'s own', () => {
    for (const outcome of ['talked', 'wrong_number', 'not_interested', 'demo_booked', null]) expect(suggestedTask(outcome, now)).toBeNull();
  });

  it('should need a task only when a call back is requested', () => {
    expect(needsTask('call_back_requested')).toBe(true);
    expect(needsTask('talked')).toBe(false);
  });
});
