import { presetRange, presetRangeAt } from './period';

describe('report period presets', () => {
  it('should cover today only when the preset is today', () => {
    expect(presetRange('today', '2026-12-06')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
  });

  it('should count today in the last 7, 30 and 365 days when they end today', () => {
    expect(presetRange('last-7', '2026-12-06')).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('last-30', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetRange('last-365', '2028-03-01')).toEqual({ from: '2027-03-03', to: '2028-03-01' });
  });

  it('should start this month on its first day and end last month on its last day when the year turns', () => {
    expect(presetRange('this-month', '2026-12-06')).toEqual({ from: '2026-12-01', to: '2026-12-06' });
    expect(presetRange('last-month', '2027-01-15')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(presetRange('last-month', '2028-03-31')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('should start this quarter on the first day of its first month when today is in any of its months', () => {
    expect(presetRange('this-quarter', '2026-01-01')).toEqual({ from: '2026-01-01', to: '2026-01-01' });
    expect(presetRange('this-quarter', '2026-06-30')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(presetRange('this-quarter', '2026-12-06')).toEqual({ from: '2026-10-01', to: '2026-12-06' });
  });

  it("should read today in the team's time zone when the browser's day differs", () => {
    // 23:30 UTC on 6 Dec is already 7 Dec in Budapest and still 6 Dec in New York
    const now = new Date('2026-12-06T23:30:00Z');
    expect(presetRangeAt('today', now, 'Europe/Budapest')).toEqual({ from: '2026-12-07', to: '2026-12-07' });
    expect(presetRangeAt('today', now, 'America/New_York')).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetRangeAt('this-month', new Date('2026-11-30T23:30:00Z'), 'Asia/Jakarta')).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });
});
