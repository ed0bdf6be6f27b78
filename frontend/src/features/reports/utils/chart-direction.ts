/** How a chart lays out its axes so it reads in the page's direction. */
export interface ChartDirection {
  rtl: boolean;
  /** Reverse the horizontal axis: values (or time) grow from the right in a right-to-left page. */
  reversed: boolean;
  /** Where the vertical axis stands: at the start of the line. */
  yOrientation: 'left' | 'right';
}

/** The axis choice for a page whose `dir` is `dir` ("rtl", "ltr" or empty). */
export function chartDirection(dir: string | null | undefined): ChartDirection {
  const rtl = (dir ?? '').toLowerCase() === 'rtl';
  return { rtl, reversed: rtl, yOrientation: rtl ? 'right' : 'left' };
}
