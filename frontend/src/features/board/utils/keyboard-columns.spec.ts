import { adjacentColumn } from './keyboard-columns';

const col = (id: string, left: number) => ({ id, rect: { left, top: 100, width: 270, height: 600 } });

describe('the column a card held with the keyboard moves to', () => {
  // stages A, B, C drawn left to right (English) and right to left (Hebrew)
  const ltr = [col('A', 0), col('B', 282), col('C', 564)];
  const rtl = [col('A', 564), col('B', 282), col('C', 0)];
  const cardIn = (left: number) => ({ left: left + 10, top: 140, width: 250, height: 90 });

  it('should go to the next stage with ArrowRight when the columns run left to right', () => {
    expect(adjacentColumn('ArrowRight', cardIn(282), ltr)?.id).toBe('C');
    expect(adjacentColumn('ArrowLeft', cardIn(282), ltr)?.id).toBe('A');
  });

  it('should go to the next stage with ArrowLeft when the columns run right to left (Hebrew)', () => {
    expect(adjacentColumn('ArrowLeft', cardIn(282), rtl)?.id).toBe('C');
    expect(adjacentColumn('ArrowRight', cardIn(282), rtl)?.id).toBe('A');
  });

  it('should take the nearest column on that side, and none past the last', () => {
    expect(adjacentColumn('ArrowLeft', cardIn(564), rtl.concat(col('far', -600)))?.id).toBe('B');
    expect(adjacentColumn('ArrowLeft', cardIn(0), rtl)).toBeNull();
    expect(adjacentColumn('ArrowRight', cardIn(564), ltr)).toBeNull();
  });
});
