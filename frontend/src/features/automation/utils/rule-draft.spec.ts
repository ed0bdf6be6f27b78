import { createIntl } from 'react-intl';
import type { Rule } from '@callboard/contracts';
import { blankAction, blankDraft, bodyOf, draftOf, validateDraft } from './rule-draft';

const intl = createIntl({ locale: 'en', defaultLocale: 'en', onError: () => {} });

const catalog = {
  fields: [
    { field: 'deal.stageKey', label: 'stage', type: 'string' as const },
    { field: 'deal.completedTasks', label: 'completed tasks', type: 'number' as const },
    { field: 'deal.missed', label: 'missed-call mark', type: 'boolean' as const },
    { field: 'event.direction', label: 'call direction', type: 'string' as const, events: ['call.missed'] },
  ],
};

const rule: Rule = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Six attempts',
  enabled: true,
  systemKey: null,
  trigger: { type: 'event', event: 'call.missed' },
  conditions: [
    { field: 'event.direction', op: 'eq', value: 'outbound' },
    { field: 'deal.stageKey', op: 'in', value: ['new', 'no_answer'] },
    { field: 'deal.completedTasks', op: 'gte', value: 6 },
    { field: 'deal.missed', op: 'eq', value: true },
  ],
  actions: [
    { type: 'move_stage', stageKey: 'lost', lostReason: 'unreachable' },
    { type: 'create_task', title: 'Call again', taskType: 'call_back', dueInHours: 2, assignTo: 'owner' },
    { type: 'email', to: 'boss@example.com', subject: 'Lost', body: 'A deal was lost' },
  ],
  summary: '',
  position: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('rule drafts', () => {
  it('should give back the same trigger, conditions and actions when a saved rule is edited untouched', () => {
    const body = bodyOf(draftOf(rule), catalog);
    expect(body).toEqual({ name: rule.name, enabled: true, trigger: rule.trigger, conditions: rule.conditions, actions: rule.actions });
    expect(validateDraft(draftOf(rule), catalog, 'update', intl).ok).toBe(true);
  });

  it('should keep a timer that uses the stage limit without an amount', () => {
    const draft = { ...blankDraft(), name: 'Stuck', triggerType: 'timer' as const, timer: 'in_stage' as const, useStageLimit: true, amount: '' };
    draft.actions = [{ ...blankAction('notify'), message: 'Stuck: {deal.title}' }];
    const checked = validateDraft(draft, catalog, 'create', intl);
    expect(checked.ok && checked.body.trigger).toEqual({ type: 'timer', timer: 'in_stage', unit: 'hours', useStageLimit: true });
  });

  it('should name in words what is missing when the API schema refuses the draft', () => {
    const draft = { ...blankDraft(), name: ' ', actions: [blankAction('move_stage')] };
    draft.conditions = [{ field: 'deal.completedTasks', op: 'gte', value: 'three', values: [] }];
    const checked = validateDraft(draft, catalog, 'create', intl);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({ name: 'Give the rule a name', 'conditions.0': expect.any(String), 'actions.0': 'Choose a stage' });
    expect(Object.values(checked.errors).join(' ')).not.toMatch(/stageKey|completedTasks|deal\./);
  });

  it('should refuse a timer without an amount, and a task without a title', () => {
    const draft = { ...blankDraft(), name: 'Quiet', triggerType: 'timer' as const, timer: 'no_contact' as const, amount: '' };
    draft.actions = [{ ...blankAction('create_task'), title: '' }];
    const checked = validateDraft(draft, catalog, 'create', intl);
    expect(!checked.ok && Object.keys(checked.errors).sort()).toEqual(['actions.0', 'trigger']);
  });
});
