import { useTagSuggestions } from '../hooks/use-tag-suggestions';

/** A native <datalist> of the tags in use (most used first), for an input's `list`. */
export function TagSuggestions({ id, exclude = [] }: { id: string; exclude?: readonly string[] }) {
  const tags = useTagSuggestions();
  const taken = new Set(exclude.map((t) => t.toLowerCase()));
  return (
    <datalist id={id} data-testid="tag-suggestions">
      {(tags.data ?? [])
        .filter((t) => !taken.has(t.tag.toLowerCase()))
        .map((t) => (
          <option key={t.tag} value={t.tag} />
        ))}
    </datalist>
  );
}
