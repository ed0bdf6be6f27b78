import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { DealSource, Tag } from '@callboard/contracts';
import { Button, SelectField, TextField } from '@/components/ui';
import { normaliseAmountInput } from '@/lib/money';
import { TagSuggestions } from '@/features/tags';
import { FILTER_PARAMS, hasFilters, type BoardFilters, type BoardViewMode } from '../utils/board-filters';
import { BOARD_WORDS, SOURCE_NAMES } from '../utils/board-messages';

interface DealFiltersBarProps {
  filters: BoardFilters;
  view: BoardViewMode;
  /** Sets one URL parameter; an empty value removes it. */
  onParam: (name: string, value: string) => void;
  onClear: () => void;
}

/** An amount box that changes the URL when left or on Enter, not on every keystroke. */
function AmountField({ label, value, param, onParam, testId }: { label: string; value: string | undefined; param: string; onParam: DealFiltersBarProps['onParam']; testId: string }) {
  const intl = useIntl();
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const amount = draft.trim() === '' ? '' : normaliseAmountInput(draft);
    if (amount === null) {
      setError(intl.formatMessage({ id: 'board.filter.amountInvalid', defaultMessage: 'Enter an amount, e.g. 1500' }));
      return;
    }
    setError(undefined);
    if (amount !== (value ?? '')) onParam(param, amount);
  };
  return (
    <TextField
      label={label}
      fieldClassName="field-inline filter-amount"
      inputMode="decimal"
      value={draft}
      error={error}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && commit()}
      data-testid={testId}
    />
  );
}

/** A tag box (suggestions from the tags in use) that changes the URL when left or on Enter. */
function TagFilterField({ value, onParam }: { value: string | undefined; onParam: DealFiltersBarProps['onParam'] }) {
  const intl = useIntl();
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | undefined>();
  const listId = useId();
  useEffect(() => setDraft(value ?? ''), [value]);
  const commit = () => {
    const tag = draft.trim() === '' ? { success: true as const, data: '' } : Tag.safeParse(draft);
    if (!tag.success) {
      setError(intl.formatMessage({ id: 'board.filter.tagInvalid', defaultMessage: 'A tag has 1 to 32 characters' }));
      return;
    }
    setError(undefined);
    if (tag.data !== (value ?? '')) onParam(FILTER_PARAMS.tag, tag.data);
  };
  return (
    <>
      <TextField
        label={intl.formatMessage({ id: 'board.filter.tag', defaultMessage: 'Tag' })}
        fieldClassName="field-inline filter-tag"
        list={listId}
        autoComplete="off"
        value={draft}
        error={error}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && commit()}
        data-testid="filter-tag"
      />
      <TagSuggestions id={listId} />
    </>
  );
}

/** Source, amount range and "no next task" (owner is the Head's rep filter), plus board/list. */
export function DealFiltersBar({ filters, view, onParam, onClear }: DealFiltersBarProps) {
  const intl = useIntl();
  return (
    <div className="filter-bar" role="group" aria-label={intl.formatMessage({ id: 'board.filter.label', defaultMessage: 'Filter the deals' })} data-testid="deal-filters">
      <SelectField
        label={intl.formatMessage({ id: 'board.filter.source', defaultMessage: 'Source' })}
        fieldClassName="field-inline"
        value={filters.source ?? ''}
        onChange={(e) => onParam(FILTER_PARAMS.source, e.target.value)}
        data-testid="filter-source"
      >
        <option value="">{intl.formatMessage({ id: 'board.filter.anySource', defaultMessage: 'Any source' })}</option>
        {DealSource.options.map((s) => (
          <option key={s} value={s}>
            {intl.formatMessage(SOURCE_NAMES[s])}
          </option>
        ))}
      </SelectField>
      <AmountField
        label={intl.formatMessage({ id: 'board.filter.amountFrom', defaultMessage: 'Amount from' })}
        value={filters.minAmount}
        param={FILTER_PARAMS.minAmount}
        onParam={onParam}
        testId="filter-min"
      />
      <AmountField
        label={intl.formatMessage({ id: 'board.filter.amountTo', defaultMessage: 'to' })}
        value={filters.maxAmount}
        param={FILTER_PARAMS.maxAmount}
        onParam={onParam}
        testId="filter-max"
      />
      <TagFilterField value={filters.tag} onParam={onParam} />
      <label className="filter-check">
        <input
          type="checkbox"
          checked={filters.noNextTask === true}
          onChange={(e) => onParam(FILTER_PARAMS.noNextTask, e.target.checked ? '1' : '')}
          data-testid="filter-no-task"
        />
        {intl.formatMessage(BOARD_WORDS.noNextTask)}
      </label>
      {hasFilters(filters) && (
        <Button size="sm" variant="ghost" onClick={onClear} data-testid="filter-clear">
          <FormattedMessage id="board.filter.clear" defaultMessage="Clear filters" />
        </Button>
      )}
      <span className="toolbar-spacer" />
      <div className="view-switch" role="group" aria-label={intl.formatMessage({ id: 'board.view.label', defaultMessage: 'Show the deals as' })}>
        <Button size="sm" variant={view === 'board' ? 'primary' : 'secondary'} aria-pressed={view === 'board'} onClick={() => onParam('view', '')} data-testid="view-board">
          <FormattedMessage id="board.view.board" defaultMessage="Board" />
        </Button>
        <Button size="sm" variant={view === 'list' ? 'primary' : 'secondary'} aria-pressed={view === 'list'} onClick={() => onParam('view', 'list')} data-testid="view-list">
          <FormattedMessage id="board.view.list" defaultMessage="List" />
        </Button>
      </div>
    </div>
  );
}
