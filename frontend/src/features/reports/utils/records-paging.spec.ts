import { nextRecordsOffset } from './records-paging';

const rows = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('nextRecordsOffset', () => {
  it('should start the next page after the rows listed so far when the total is larger', () => {
    expect(nextRecordsOffset({ offset: 0, total: 250, rows: rows(100) })).toBe(100);
    expect(nextRecordsOffset({ offset: 100, total: 250, rows: rows(100) })).toBe(200);
  });

  it('should stop when the last page reaches the total', () => {
    expect(nextRecordsOffset({ offset: 200, total: 250, rows: rows(50) })).toBeUndefined();
    expect(nextRecordsOffset({ offset: 0, total: 100, rows: rows(100) })).toBeUndefined();
    expect(nextRecordsOffset({ offset: 0, total: 0, rows: [] })).toBeUndefined();
  });

  it('should stop on an empty page when records went away since the total was counted', () => {
    expect(nextRecordsOffset({ offset: 100, total: 150, rows: [] })).toBeUndefined();
  });
});
