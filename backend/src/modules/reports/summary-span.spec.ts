import { Params } from './report-scope';
import { spanSql } from './summary-span';

// Which summary rows a period reads: whole months from the monthly rows, the days around them daily.
const span = (from: string, to: string) => {
  const p = new Params();
  const sql = spanSql(p, 'UTC', from, to).replace(/\s+/g, ' ');
  return { sql, values: p.values };
};

describe('spanSql', () => {
  it('should read a year from its whole months and the days of the months it cuts', () => {
    const { sql, values } = span('2025-12-07', '2026-12-06');
    expect(values).toEqual(['UTC', '2025-12-07', '2026-01-01', '2026-12-01', '2026-12-07']);
    expect(sql).toContain(`r.grain = 'm' AND r.day >= $3::date AND r.day < $4::date`);
    expect(sql).toContain(`(r.day >= $2::date AND r.day < $3::date) OR (r.day >= $4::date AND r.day < $5::date)`);
  });

  it('should read a whole calendar month from its monthly row only', () => {
    expect(span('2026-02-01', '2026-02-28').values).toEqual(['UTC', '2026-02-01', '2026-02-01', '2026-03-01', '2026-03-01']);
  });

  it('should read days only when no whole month fits', () => {
    const { sql, values } = span('2026-01-15', '2026-02-10');
    expect(values).toEqual(['UTC', '2026-01-15', '2026-02-11']);
    expect(sql).not.toContain(`'m'`);
    expect(span('2026-03-01', '2026-03-01').values).toEqual(['UTC', '2026-03-01', '2026-03-02']);
  });
});
