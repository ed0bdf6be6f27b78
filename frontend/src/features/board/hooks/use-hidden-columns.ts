import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';

export interface HiddenColumns {
  /** Columns out of sight (wholly or in part) before the visible part, in reading order. */
  start: number;
  /** ... and after it. */
  end: number;
  /** Scrolls about one screen of columns toward the start (-1) or the end (1). */
  scroll: (toward: -1 | 1) => void;
}

/** How many of a scrolling row's children are out of sight on each side, kept up to date on scroll and resize. */
export function useHiddenColumns(ref: RefObject<HTMLElement | null>, columnCount: number): HiddenColumns {
  const [hidden, setHidden] = useState({ start: 0, end: 0 });

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const box = el.getBoundingClientRect();
      const rtl = getComputedStyle(el).direction === 'rtl';
      let left = 0;
      let right = 0;
      for (const child of Array.from(el.children)) {
        const r = child.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.right > box.right + 1) right++;
        else if (r.left < box.left - 1) left++;
      }
      const next = rtl ? { start: right, end: left } : { start: left, end: right };
      setHidden((h) => (h.start === next.start && h.end === next.end ? h : next));
    };
    measure();
    el.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [ref, columnCount]);

  const scroll = useCallback(
    (toward: -1 | 1) => {
      const el = ref.current;
      if (!el) return;
      const rtl = getComputedStyle(el).direction === 'rtl';
      el.scrollBy({ left: toward * (rtl ? -1 : 1) * Math.max(200, el.clientWidth * 0.8), behavior: 'smooth' });
    },
    [ref],
  );

  return { ...hidden, scroll };
}
