import { StatementNames } from './prepared-statements';

describe('StatementNames', () => {
  it('gives one text one stable name and two texts two names', () => {
    const names = new StatementNames();
    const a = names.nameOf('SELECT 1');
    expect(a).toMatch(/^cb_[0-9a-f]{24}$/);
    expect(names.nameOf('SELECT 1')).toBe(a);
    expect(new StatementNames().nameOf('SELECT 1')).toBe(a); // the same on every connection and process
    expect(names.nameOf('SELECT 2')).not.toBe(a);
  });

  it('stops naming new texts past its cap (they run unnamed) but keeps the names it gave', () => {
    const names = new StatementNames(2);
    const a = names.nameOf('SELECT 1');
    names.nameOf('SELECT 2');
    expect(names.nameOf('SELECT 3')).toBeNull();
    expect(names.nameOf('SELECT 1')).toBe(a);
    expect(names.size).toBe(2);
  });
});
