import type { ClientRect, CollisionDetection, DroppableContainer } from '@dnd-kit/core';
import { boardCollisionDetection } from './board-collision';
import { columnDroppableId, type ColumnItems } from './board-order';

// Two columns 272 px wide with a 10 px gap; cards 60 px tall. Coordinates as dnd-kit measures them.
const rect = (left: number, top: number, width: number, height: number): ClientRect => ({ left, top, width, height, right: left + width, bottom: top + height });
const COL_A = rect(0, 0, 272, 800);
const COL_B = rect(282, 0, 272, 800);
const card = (column: ClientRect, index: number) => rect(column.left + 8, 40 + index * 66, 256, 60);

function args(items: ColumnItems, pointer: { x: number; y: number } | null): Parameters<CollisionDetection>[0] {
  const rects = new Map<string, ClientRect>([
    [columnDroppableId('A'), COL_A],
    [columnDroppableId('B'), COL_B],
  ]);
  for (const [stage, column] of [
    ['A', COL_A],
    ['B', COL_B],
  ] as const) {
    (items[stage] ?? []).forEach((id, i) => rects.set(id, card(column, i)));
  }
  const containers = [...rects.keys()].map((id) => ({ id, key: id, data: { current: {} }, disabled: false, node: { current: null }, rect: { current: rects.get(id) } }) as unknown as DroppableContainer);
  const at = pointer ?? { x: 136, y: 70 };
  return {
    active: { id: 'x', data: { current: {} }, rect: { current: { initial: null, translated: null } } },
    collisionRect: rect(at.x - 128, at.y - 30, 256, 60),
    droppableRects: rects,
    droppableContainers: containers,
    pointerCoordinates: pointer,
  } as unknown as Parameters<CollisionDetection>[0];
}

describe('boardCollisionDetection', () => {
  let frames: FrameRequestCallback[];
  beforeEach(() => {
    frames = [];
    (globalThis as { requestAnimationFrame?: (cb: FrameRequestCallback) => number }).requestAnimationFrame = (cb) => frames.push(cb);
  });
  const nextFrame = () => frames.splice(0).forEach((cb) => cb(0));

  it('should pick the column under the pointer, then its nearest card, when the pointer is over a column', () => {
    let items: ColumnItems = { A: ['x', 'a1'], B: ['b1', 'b2'] };
    const c = boardCollisionDetection(() => items);
    expect(c.detect(args(items, { x: 420, y: 110 })).map((h) => h.id)).toEqual(['b2']);
    items = { A: ['x', 'a1'], B: [] };
    expect(c.detect(args(items, { x: 420, y: 110 })).map((h) => h.id)).toEqual([columnDroppableId('B')]);
  });

  it('should keep the last target while the pointer is in a gap, however the cards shift when the card is re-filed', () => {
    // the card was over b1; the pointer moves into the gap between the columns
    let items: ColumnItems = { A: ['x', 'a1', 'a2'], B: ['b1', 'b2'] };
    const c = boardCollisionDetection(() => items);
    expect(c.detect(args(items, { x: 300, y: 70 })).map((h) => h.id)).toEqual(['b1']);
    const inGap = { x: 277, y: 100 };
    const seen = new Set<string>();
    // re-file the card back and forth as an onDragOver would: the answer must not follow the shifting cards
    for (let i = 0; i < 6; i++) {
      const hit = String(c.detect(args(items, inGap))[0]?.id);
      seen.add(hit);
      items = i % 2 === 0 ? { A: ['a1', 'a2'], B: ['b1', 'x', 'b2'] } : { A: ['x', 'a1', 'a2'], B: ['b1', 'b2'] };
    }
    expect([...seen]).toEqual(['b1']);
  });

  it('should hold the target for the frames after a re-filing, then follow the pointer again', () => {
    const items: ColumnItems = { A: ['x', 'a1'], B: ['b1'] };
    const c = boardCollisionDetection(() => items);
    expect(c.detect(args(items, { x: 400, y: 70 })).map((h) => h.id)).toEqual(['b1']);
    c.moved();
    expect(c.detect(args(items, { x: 100, y: 110 })).map((h) => h.id)).toEqual(['b1']);
    nextFrame();
    expect(c.detect(args(items, { x: 100, y: 110 })).map((h) => h.id)).toEqual(['b1']);
    nextFrame();
    expect(c.detect(args(items, { x: 100, y: 110 })).map((h) => h.id)).toEqual(['a1']);
  });

  it('should take the column the card overlaps most for a keyboard drag (no pointer)', () => {
    const items: ColumnItems = { A: ['x'], B: [] };
    const c = boardCollisionDetection(() => items);
    const a = args(items, null);
    a.collisionRect = rect(290, 40, 256, 60);
    expect(c.detect(a).map((h) => h.id)).toEqual([columnDroppableId('B')]);
  });

  it('should forget the last target on reset', () => {
    const items: ColumnItems = { A: ['x'], B: ['b1'] };
    const c = boardCollisionDetection(() => items);
    c.detect(args(items, { x: 400, y: 70 }));
    c.reset();
    // in a gap with nothing remembered: the column the card overlaps most (A), then its nearest card
    expect(c.detect(args(items, { x: 270, y: 70 })).map((h) => h.id)).toEqual(['x']);
  });
});
