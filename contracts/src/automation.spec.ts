import { RuleAction } from './automation';

describe('RuleAction set_field', () => {
  it('should take the values each field takes', () => {
    for (const value of ['target_group', 'not_target_group', null]) {
      expect(RuleAction.safeParse({ type: 'set_field', field: 'qualification', value }).success).toBe(true);
    }
    expect(RuleAction.safeParse({ type: 'set_field', field: 'missed', value: true }).success).toBe(true);
    expect(RuleAction.safeParse({ type: 'set_field', field: 'lostReason', value: 'price' }).success).toBe(true);
  });

  it('should refuse a value the field cannot hold, naming the value', () => {
    const bad = [
      { field: 'qualification', value: 'maybe' },
      { field: 'qualification', value: true },
      { field: 'missed', value: 'yes' },
      { field: 'lostReason', value: false },
    ];
    for (const b of bad) {
      const r = RuleAction.safeParse({ type: 'set_field', ...b });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path.join('.'))).toContain('value');
    }
  });
});
