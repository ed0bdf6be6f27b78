import './tags.css';

/** A deal's tags as small chips; the words carry the meaning, the colour only groups them. */
export function TagChips({ tags, className }: { tags: readonly string[] | undefined; className?: string }) {
  if (!tags?.length) return null;
  return (
    <ul className={['tag-chips', className ?? ''].filter(Boolean).join(' ')} aria-label="Tags" data-testid="tag-chips">
      {tags.map((t) => (
        <li key={t} className="tag-chip" data-testid="tag-chip">
          {t}
        </li>
      ))}
    </ul>
  );
}
