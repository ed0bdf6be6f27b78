import { createElement, Fragment, isValidElement, type ReactNode } from 'react';
import { formatList } from '@/lib/format';

// Private-use characters around an index: a place for an element in the list's text.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The text a node shows (its elements' text in order). */
function textOf(node: ReactNode): string {
  if (node === null || node === undefined || typeof node === 'boolean') return '';
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'bigint') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement(node)) return textOf((node.props as { children?: ReactNode }).children);
  return '';
}

/**
 * Whole clauses joined the locale's way ("a, b and c"), by lib/format's list format. A clause may
 * hold elements (a name in <bdi>): the list is formatted around placeholders, which are then
 * replaced by the clauses themselves. Each placeholder starts with its clause's first letters,
 * because a language may write the joining word by them (Hebrew "ו" before a Hebrew word, "ו-"
 * before a Latin one).
 */
export function joinList(parts: ReactNode[]): ReactNode {
  if (parts.every((p): p is string => typeof p === 'string')) return formatList(parts);
  const slots = parts.map((p, i) => `${Array.from(textOf(p)).slice(0, 3).join('')}${OPEN}${i}${CLOSE}`);
  const text = formatList(slots);
  const pieces: ReactNode[] = [];
  let at = 0;
  slots.forEach((slot, i) => {
    const found = text.indexOf(slot, at);
    if (found < 0) {
      pieces.push(' ', parts[i]); // not expected (a list format keeps its items whole and in order), but never lose a clause
      return;
    }
    if (found > at) pieces.push(text.slice(at, found));
    pieces.push(parts[i]);
    at = found + slot.length;
  });
  if (at < text.length) pieces.push(text.slice(at));
  return createElement(Fragment, null, ...pieces.map((piece, i) => createElement(Fragment, { key: i }, piece)));
}
