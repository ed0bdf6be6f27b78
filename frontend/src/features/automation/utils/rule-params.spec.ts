import type { Rule } from '@callboard/contracts';
import { applyParams, paramsOf } from './rule-params';

const rule: Rule = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Speed to lead',
  enabled: true,
  systemKey: 'speed_to_lead',
  trigger: { type: 'timer', timer: 'in_stage', amount: 10, unit: 'minutes', stageKey: 'unsorted' },
  conditions: [
    { field: 'deal.stageKey', op: 'eq', value: 'unsorted' },
    { field: 'deal.completedTasks', op: 'gte', value: 3 },
  ],
  actions: [
    { type: 'notify', to: 'heads', message: 'Nobody took it' },
    { type: 'create_task', title: 'Call', taskType: 'call_back', dueInHours: 48, assignTo: 'owner' },
  ],
  summary: '',
  position: 0,
  createdAt: '',
  updatedAt: '',
};

describe('rule params', () => {
  it('should expose the delay, numeric thresholds and action parameters when read from a rule', () => {
    const p = paramsOf(rule);
    expect(p.timer).toEqual({ amount: '10', unit: 'minutes' });
    expect(p.thresholds).toEqual({ 1: '3' });
    expect(p.messages).toEqual({ 0: 'Nobody took it' });
    expect(p.dueInHours).toEqual({ 1: '48' });
  });

  it('should keep everything else of the rule when the delay and a threshold are changed', () => {
    const p = paramsOf(rule);
    const result = applyParams(rule, { ...p, timer: { amount: '3', unit: 'hours' }, thresholds: { 1: '4' } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.body.trigger).toEqual({ type: 'timer', timer: 'in_stage', amount: 3, unit: 'hours', stageKey: 'unsorted' });
    expect(result.body.conditions).toEqual([rule.conditions[0], { field: 'deal.completedTasks', op: 'gte', value: 4 }]);
    expect(result.body.actions).toEqual(rule.actions);
  });

  it('should refuse a delay that is not a whole positive number when saving', () => {
    for (const amount of ['0', '1.5', '', 'ten']) {
      const result = applyParams(rule, { ...paramsOf(rule), timer: { amount, unit: 'minutes' } });
      expect(result.ok).toBe(false);
    }
  });

  it('should not offer a delay when the timer uses the stage limit', () => {
    const p = paramsOf({ ...rule, trigger: { type: 'timer', timer: 'in_stage', useStageLimit: true, unit: 'hours' } });
    expect(p.timer).toBeNull();
  });

  it('should offer the qualification list for a qualification condition and set_field action, and save the choice', () => {
    const qualified: Rule = {
      ...rule,
      trigger: { type: 'event', event: 'task.completed' },
      conditions: [{ field: 'deal.qualification', op: 'eq', value: 'target_group' }],
      actions: [{ type: 'set_field', field: 'qualification', value: null }],
    };
    const p = paramsOf(qualified);
    expect(p.conditionChoices).toEqual({ 0: 'target_group' });
    expect(p.actionChoices).toEqual({ 0: '' });
    const result = applyParams(qualified, { ...p, conditionChoices: { 0: 'not_target_group' }, actionChoices: { 0: 'target_group' } });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.body.conditions).toEqual([{ field: 'deal.qualification', op: 'eq', value: 'not_target_group' }]);
    expect(result.body.actions).toEqual([{ type: 'set_field', field: 'qualification', value: 'target_group' }]);
  });
});
