import './tags.css';
import { useId, useState, type KeyboardEvent } from 'react';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import { TextField } from '@/components/ui';
import { addTag, MAX_TAGS, removeTag, type TagRefusal } from '../utils/tags';
import { TagSuggestions } from './tag-suggestions';
import { TAG_WORDS } from './tag-words';

const REFUSALS: Record<TagRefusal, MessageDescriptor> = defineMessages({
  empty: { id: 'tags.refusal.empty', defaultMessage: 'Type a tag first' },
  tooLong: { id: 'tags.refusal.tooLong', defaultMessage: 'A tag has at most 32 characters' },
  controlCharacters: { id: 'tags.refusal.controlCharacters', defaultMessage: 'A tag cannot contain control characters' },
  duplicate: { id: 'tags.refusal.duplicate', defaultMessage: 'The deal already has the tag “{tag}”' },
  tooMany: { id: 'tags.refusal.tooMany', defaultMessage: '{max, plural, one {A deal has at most # tag} other {A deal has at most # tags}}' },
  invalid: { id: 'tags.refusal.invalid', defaultMessage: 'That tag cannot be added' },
});

interface TagEditorProps {
  tags: readonly string[];
  /** Saves the whole new list; rejects with a message to show. */
  onChange: (tags: string[]) => Promise<void>;
  busy?: boolean;
}

/** A deal's tags: each with a labelled remove button; a new one added with Enter, suggestions from the tags in use. */
export function TagEditor({ tags, onChange, busy }: TagEditorProps) {
  const intl = useIntl();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const listId = useId();

  const save = async (next: string[]) => {
    try {
      await onChange(next);
      setError(undefined);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : intl.formatMessage({ id: 'tags.editor.saveFailed', defaultMessage: 'The tags could not be saved' }));
      return false;
    }
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const result = addTag(tags, draft);
    if ('error' in result) {
      setError(intl.formatMessage(REFUSALS[result.error], { tag: result.tag, max: MAX_TAGS }));
      return;
    }
    if (await save(result.tags)) setDraft('');
  };

  return (
    <div className="tag-editor" data-testid="tag-editor">
      {tags.length > 0 && (
        <ul className="tag-chips" aria-label={intl.formatMessage(TAG_WORDS.list)}>
          {tags.map((t) => (
            <li key={t} className="tag-chip tag-chip-removable" data-testid="tag-chip">
              <bdi data-user-content>{t}</bdi>
              <button
                type="button"
                className="tag-remove"
                aria-label={intl.formatMessage({ id: 'tags.editor.remove', defaultMessage: 'Remove the tag {tag}' }, { tag: t })}
                disabled={busy}
                onClick={() => void save(removeTag(tags, t))}
                data-testid="tag-remove"
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <TextField
        label={intl.formatMessage({ id: 'tags.editor.label', defaultMessage: 'Add a tag' })}
        hint={intl.formatMessage({ id: 'tags.editor.hint', defaultMessage: 'Press Enter to add it' })}
        list={listId}
        value={draft}
        maxLength={64}
        error={error}
        autoComplete="off"
        onChange={(e) => {
          setDraft(e.target.value);
          if (error) setError(undefined);
        }}
        onKeyDown={(e) => void onKeyDown(e)}
        aria-busy={busy || undefined}
        data-testid="tag-input"
      />
      <TagSuggestions id={listId} exclude={tags} />
    </div>
  );
}
