import './tags.css';
import { useId, useState, type KeyboardEvent } from 'react';
import { TextField } from '@/components/ui';
import { addTag, removeTag } from '../utils/tags';
import { TagSuggestions } from './tag-suggestions';

interface TagEditorProps {
  tags: readonly string[];
  /** Saves the whole new list; rejects with a message to show. */
  onChange: (tags: string[]) => Promise<void>;
  busy?: boolean;
}

/** A deal's tags: each with a labelled remove button; a new one added with Enter, suggestions from the tags in use. */
export function TagEditor({ tags, onChange, busy }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();
  const listId = useId();

  const save = async (next: string[]) => {
    try {
      await onChange(next);
      setError(undefined);
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The tags could not be saved');
      return false;
    }
  };

  const onKeyDown = async (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const result = addTag(tags, draft);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    if (await save(result.tags)) setDraft('');
  };

  return (
    <div className="tag-editor" data-testid="tag-editor">
      {tags.length > 0 && (
        <ul className="tag-chips" aria-label="Tags">
          {tags.map((t) => (
            <li key={t} className="tag-chip tag-chip-removable" data-testid="tag-chip">
              <span>{t}</span>
              <button
                type="button"
                className="tag-remove"
                aria-label={`Remove the tag ${t}`}
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
        label="Add a tag"
        hint="Press Enter to add it"
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
