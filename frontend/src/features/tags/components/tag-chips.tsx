import './tags.css';
import { useIntl } from 'react-intl';
import { TAG_WORDS } from './tag-words';

/** A deal's tags as small chips; the words carry the meaning, the colour only groups them. */
export function TagChips({ tags, className }: { tags: readonly string[] | undefined; className?: string }) {
  const intl = useIntl();
  if (!tags?.length) return null;
  return (
    <ul className={['tag-chips', className ?? ''].filter(Boolean).join(' ')} aria-label={intl.formatMessage(TAG_WORDS.list)} data-testid="tag-chips">
      {tags.map((t) => (
        <li key={t} className="tag-chip" data-testid="tag-chip" data-user-content>
          <bdi>{t}</bdi>
        </li>
      ))}
    </ul>
  );
}
