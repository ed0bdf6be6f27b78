import type { ReactNode } from 'react';
import { Direction } from 'radix-ui';

/** Tells the Radix primitives the page's writing direction (`<html dir>`, "ltr" when unset). */
export function DirectionProvider({ children }: { children: ReactNode }) {
  const dir = document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr';
  return <Direction.Provider dir={dir}>{children}</Direction.Provider>;
}
