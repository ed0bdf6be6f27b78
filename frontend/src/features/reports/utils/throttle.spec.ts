import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should run at once on the first call and once more at the end when called again within the window', () => {
    const fn = jest.fn();
    const t = throttle(fn, 2000);
    t();
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    t();
    t();
    jest.advanceTimersByTime(1999);
    expect(fn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(2);
    // the trailing run opened a new window: nothing more without calls
    jest.advanceTimersByTime(10_000);
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('should not run at the end of the window when nothing was asked in it', () => {
    const fn = jest.fn();
    const t = throttle(fn, 2000);
    t();
    jest.advanceTimersByTime(2000);
    expect(fn).toHaveBeenCalledTimes(1);
    t();
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('should run at most once per window when calls keep coming', () => {
    const fn = jest.fn();
    const t = throttle(fn, 2000);
    for (let ms = 0; ms < 10_000; ms += 100) {
      t();
      jest.advanceTimersByTime(100);
    }
    // leading + one per elapsed window
    expect(fn.mock.calls.length).toBeLessThanOrEqual(6);
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(5);
  });

  it('should drop a pending run when cancelled', () => {
    const fn = jest.fn();
    const t = throttle(fn, 2000);
    t();
    t();
    t.cancel();
    jest.advanceTimersByTime(5000);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
