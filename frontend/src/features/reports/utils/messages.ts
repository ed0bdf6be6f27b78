import type { MessageDescriptor } from 'react-intl';

/**
 * Messages from defineMessages() as plain descriptors. react-intl 12 types a defined message as
 * taking no values unless a type parameter spells out the values of every message; these take
 * theirs where they are formatted, and the catalogue test checks that every language uses the
 * same variables.
 */
export function withValues<K extends string>(messages: { readonly [P in K]: MessageDescriptor }): { readonly [P in K]: MessageDescriptor } {
  return messages;
}
