import { Tag, Tags } from '@callboard/contracts';

// A deal's tags as a person edits them: the contract's own rules (trimmed, 1-32 characters, no
// control characters, at most 10, unique regardless of case), checked before the server checks
// the same. Pure: it says which rule a tag breaks, and the editor says it in the page's language.

export const MAX_TAGS = 10;

/** Why a tag cannot be added. */
export type TagRefusal = 'empty' | 'tooLong' | 'controlCharacters' | 'duplicate' | 'tooMany' | 'invalid';

/** The tags with `input` added, or why it cannot be (with the tag as it would be saved). */
export function addTag(tags: readonly string[], input: string): { tags: string[] } | { error: TagRefusal; tag: string } {
  const parsed = Tag.safeParse(input);
  const trimmed = input.trim();
  if (!parsed.success) {
    if (trimmed === '') return { error: 'empty', tag: trimmed };
    if (trimmed.length > 32) return { error: 'tooLong', tag: trimmed };
    return { error: 'controlCharacters', tag: trimmed };
  }
  if (tags.some((t) => sameTag(t, parsed.data))) return { error: 'duplicate', tag: parsed.data };
  if (tags.length >= MAX_TAGS) return { error: 'tooMany', tag: parsed.data };
  const next = [...tags, parsed.data];
  return Tags.safeParse(next).success ? { tags: next } : { error: 'invalid', tag: parsed.data };
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => !sameTag(t, tag));
}

export function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
