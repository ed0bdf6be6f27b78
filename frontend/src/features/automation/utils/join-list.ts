import { createElement, Fragment, type ReactNode } from 'react';
import { formatList } from '@/lib/format';

// Private-use characters around an index: a place for an element in the list's text.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = new RegExp(`(${OPEN}\\d+${CLOSE})`);

/**
 * Whole clauses joined the locale's way ("a, b and c"), by lib/format's list format. A clause may
 * hold elements (a name in <bdi>): the list is formatted around placeholders, which are then
 * replaced by the clauses themselves.
 */
export function joinList(parts: ReactNode[]): ReactNode {
  if (parts.every((p): p is string => typeof p === 'string')) return formatList(parts);
  const text = formatList(parts.map((_, i) => `${OPEN}${i}${CLOSE}`));
  return createElement(
    Fragment,
    null,
    ...text
      .split(SLOT)
      .filter((piece) => piece !== '')
      .map((piece, i) => {
        const slot = piece.startsWith(OPEN) && piece.endsWith(CLOSE) ? Number(piece.slice(1, -1)) : null;
        return createElement(Fragment, { key: i }, slot === null ? piece : parts[slot]);
      }),
  );
}
