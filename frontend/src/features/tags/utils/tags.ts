import { Tag, Tags } from '@callboard/contracts';

// A deal's tags as a person edits them: the contract's own rules (trimmed, 1-32 characters, no
// control characters, at most 10, unique regardless of case), said in words before the server
// says the same. Pure.

export const MAX_TAGS = 10;

/** The tags with `input` added, or why it cannot be. */
export function addTag(tags: readonly string[], input: string): { tags: string[] } | { error: string } {
  const parsed = Tag.safeParse(input);
  if (!parsed.success) {
    const trimmed = input.trim();
    if (trimmed === '') return { error: 'Type a tag first' };
    if (trimmed.length > 32) return { error: 'A tag has at most 32 characters' };
    return { error: 'A tag cannot contain control characters' };
  }
  if (tags.some((t) => sameTag(t, parsed.data))) return { error: `The deal already has the tag “${parsed.data}”` };
  if (tags.length >= MAX_TAGS) return { error: `A deal has at most ${MAX_TAGS} tags` };
  const next = [...tags, parsed.data];
  return Tags.safeParse(next).success ? { tags: next } : { error: 'That tag cannot be added' };
}

export function removeTag(tags: readonly string[], tag: string): string[] {
  return tags.filter((t) => !sameTag(t, tag));
}

export function sameTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
