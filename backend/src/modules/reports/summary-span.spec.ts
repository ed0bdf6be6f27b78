import { Params } from './report-scope';
import { spanFrom, spanRanges } from './summary-span';

// Which summary rows a period reads: whole months from the monthly rows, the days around them daily.
describe('spanRanges', () => {
  it('should read a year from its whole months and the days of the months it cuts', () => {
    expect(spanRanges('2025-12-07', '2026-12-06')).toEqual([
      ['m', '2026-01-01', '2026-12-01'],
      ['d', '2025-12-07', '2026-01-01'],
      ['d', '2026-12-01', '2026-12-07'],
    ]);
  });

  it('should read whole calendar months from their monthly rows only', () => {
    expect(spanRanges('2026-02-01', '2026-02-28')).toEqual([['m', '2026-02-01', '2026-03-01']]);
    expect(spanRanges('2026-01-01', '2026-12-31')).toEqual([['m', '2026-01-01', '2027-01-01']]);
  });

  it('should read days only when no whole month fits', () => {
    expect(spanRanges('2026-01-15', '2026-02-10')).toEqual([['d', '2026-01-15', '2026-02-11']]);
    expect(spanRanges('2026-03-01', '2026-03-01')).toEqual([['d', '2026-03-01', '2026-03-02']]);
    expect(spanRanges('2026-02-27', '2026-03-31')).toEqual([['m', '2026-03-01', '2026-04-01'], ['d', '2026-02-27', '2026-03-01']]);
  });
});

describe('spanFrom', () => {
  it('should read each range with its own bounds, in the zone, as one subquery', () => {
    const p = new Params();
    const sql = spanFrom('report_deal_cohorts', p, 'Europe/Budapest', '2025-12-07', '2026-12-06');
    expect(sql.match(/UNION ALL/g)).toHaveLength(3);
    expect(p.values).toEqual(['Europe/Budapest', '2026-01-01', '2026-12-01', '2025-12-07', '2026-01-01', '2026-12-01', '2026-12-07']);
    expect(sql).toContain(`grain = 'm' AND day >= $2::date AND day < $3::date`);
    // the months' daily deltas not yet carried to them by the compactor
    expect(sql).toContain(`grain = 'd' AND NOT compacted AND day >= $2::date AND day < $3::date`);
  });
});
