import { formatDate, timeZoneNames } from './format';

describe('format', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should write a calendar date as that day in UTC, so a browser west of UTC does not show the day before', () => {
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    expect(formatDate('2027-03-15')).toMatch(/15/);
    expect(made.mock.calls.map((c) => c[1])).toContainEqual({ dateStyle: 'medium', timeZone: 'UTC' });
  });

  it('should write a moment in the browser’s own zone', () => {
    const made = jest.spyOn(Intl, 'DateTimeFormat');
    formatDate('2027-03-15T03:00:00Z');
    expect(made.mock.calls.map((c) => c[1])).toContainEqual({ dateStyle: 'medium' });
  });

  it('should list the IANA zone names the runtime knows', () => {
    expect(timeZoneNames()).toContain('Europe/Budapest');
  });
});
