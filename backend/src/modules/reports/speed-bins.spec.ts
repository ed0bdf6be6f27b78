import { binStats } from './speed-bins';

describe('binStats', () => {
  it('should count each duration at its bin, the SLA inclusive, buckets (from, to]', () => {
    const s = binStats([{ bin: null, n: 2 }, { bin: 60, n: 1 }, { bin: 600, n: 1 }, { bin: 660, n: 1 }, { bin: 172800, n: 1 }], 600);
    expect(s).toMatchObject({ count: 6, measured: 4, within: 2 });
    expect(s.buckets).toMatchObject({ lt1m: 1, '5to10m': 1, '10to30m': 1, gt24h: 1, '1to5m': 0 });
  });

  it('should take percentiles as PostgreSQL percentile_cont does, over the bins', () => {
    expect(binStats([{ bin: 180, n: 1 }, { bin: 2700, n: 1 }]).median).toBe(1440);
    expect(binStats([{ bin: 60, n: 3 }, { bin: 120, n: 1 }]).median).toBe(60);
    expect(binStats([{ bin: 60, n: 9 }, { bin: 3600, n: 1 }]).p90).toBeCloseTo(60 + (3600 - 60) * 0.1);
    expect(binStats([{ bin: null, n: 4 }]).median).toBeNull();
  });
});
