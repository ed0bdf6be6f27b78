import { useEffect, useState } from 'react';
import { chartDirection, type ChartDirection } from '../utils/chart-direction';

const read = () => chartDirection(typeof document === 'undefined' ? null : document.documentElement.dir || document.dir);

/** The page's direction for charts, following a later change of `<html dir>`. */
export function useChartDirection(): ChartDirection {
  const [direction, setDirection] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setDirection(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['dir'] });
    return () => observer.disconnect();
  }, []);
  return direction;
}
