import { liveCallIds, MissingSince } from './live-dialogs';

describe('liveCallIds', () => {
  it('should list the Call-IDs of a dlg.list answer, leaving out dialogs in the deleted state', () => {
    const answer = [
      { h_entry: 1, h_id: 1, 'call-id': 'a@x', state: 4, caller: { tag: 't1' } },
      { h_entry: 2, h_id: 7, 'call-id': 'b@x', state: 2 },
      { h_entry: 3, h_id: 9, 'call-id': 'gone@x', state: 5 },
    ];
    expect([...liveCallIds(answer)].sort()).toEqual(['a@x', 'b@x']);
  });

  it('should find dialogs wrapped in an object and give nothing for answers of another shape', () => {
    expect([...liveCallIds({ dialogs: [{ 'call-id': 'c@x', state: 4 }] })]).toEqual(['c@x']);
    for (const odd of [null, undefined, 'text', 42, [], {}, [{ 'call-id': '' }], [{ 'call-id': 7 }]]) {
      expect(liveCallIds(odd).size).toBe(0);
    }
  });
});

describe('MissingSince', () => {
  it('should make a key due only once it has been missing for the grace period', () => {
    const m = new MissingSince(3000);
    expect(m.due(['a'], 1000)).toEqual([]);
    expect(m.pending).toBe(true);
    expect(m.due(['a', 'b'], 3999)).toEqual([]);
    expect(m.due(['a', 'b'], 4000)).toEqual(['a']);
    expect(m.due(['a', 'b'], 7000)).toEqual(['a', 'b']);
  });

  it('should forget a key that came back (its dialog or its ended event arrived) and start again when it goes missing later', () => {
    const m = new MissingSince(3000);
    m.due(['a'], 0);
    expect(m.due([], 1000)).toEqual([]);
    expect(m.pending).toBe(false);
    expect(m.due(['a'], 2000)).toEqual([]);
    expect(m.due(['a'], 4999)).toEqual([]);
    expect(m.due(['a'], 5000)).toEqual(['a']);
  });

  it('should act at once with no grace period', () => {
    expect(new MissingSince(0).due(['a'], 10)).toEqual(['a']);
  });
});
