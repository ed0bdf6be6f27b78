import { useMemo } from 'react';
import { defineMessages, FormattedMessage, useIntl, type MessageDescriptor } from 'react-intl';
import { Link } from 'react-router';
import type { Board, Deal, Pipeline } from '@callboard/contracts';
import { EmptyState } from '@/components/ui';
import { TagChips } from '@/features/tags';
import { toCents } from '@/lib/money';
import { daysSince, formatDays, formatMoney, formatNumber } from '@/lib/format';
import type { ListSort, SortKey } from '../utils/board-filters';
import { BOARD_WORDS, SOURCE_NAMES } from '../utils/board-messages';
import { NextTaskLine } from './deal-card';

interface DealsTableProps {
  board: Board;
  pipeline: Pipeline;
  sort: ListSort;
  onSort: (sort: ListSort) => void;
}

const HEADERS: Record<SortKey, MessageDescriptor> = defineMessages({
  title: { id: 'board.listHeader.title', defaultMessage: 'Deal' },
  stage: { id: 'board.listHeader.stage', defaultMessage: 'Stage' },
  amount: { id: 'board.listHeader.amount', defaultMessage: 'Amount' },
  owner: { id: 'board.listHeader.owner', defaultMessage: 'Owner' },
  source: { id: 'board.listHeader.source', defaultMessage: 'Source' },
  days: { id: 'board.listHeader.days', defaultMessage: 'In stage' },
  next: { id: 'board.listHeader.next', defaultMessage: 'Next task' },
});

const COLUMNS: { key: SortKey; numeric?: boolean }[] = [
  { key: 'title' },
  { key: 'stage' },
  { key: 'amount', numeric: true },
  { key: 'owner' },
  { key: 'source' },
  { key: 'days', numeric: true },
  { key: 'next' },
];

const text = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });

/** Sorts a copy of the deals by one column; ties keep the board's order (stage, then position). */
export function sortDeals(deals: Deal[], sort: ListSort, stageOrder: Map<string, number>): Deal[] {
  const byBoard = (a: Deal, b: Deal) => (stageOrder.get(a.stageId) ?? 0) - (stageOrder.get(b.stageId) ?? 0) || a.position - b.position;
  const cmp: Record<SortKey, (a: Deal, b: Deal) => number> = {
    title: (a, b) => text(a.title, b.title),
    stage: () => 0,
    // amounts compare within a currency first: no conversion, so no mixing either
    amount: (a, b) => text(a.currency, b.currency) || Number((toCents(a.amount) ?? 0n) - (toCents(b.amount) ?? 0n)),
    owner: (a, b) => text(a.ownerName ?? '\uffff', b.ownerName ?? '\uffff'),
    source: (a, b) => text(a.source, b.source),
    days: (a, b) => Date.parse(b.stageEnteredAt) - Date.parse(a.stageEnteredAt),
    // deals with no next task last, then by due date (undated after dated)
    next: (a, b) => due(a) - due(b),
  };
  const sign = sort.dir === 'desc' ? -1 : 1;
  return deals.slice().sort((a, b) => sign * cmp[sort.key](a, b) || byBoard(a, b));
}

function due(d: Deal): number {
  if (!d.nextTask) return Number.MAX_SAFE_INTEGER;
  return d.nextTask.dueAt ? Date.parse(d.nextTask.dueAt) : Number.MAX_SAFE_INTEGER - 1;
}

/** The board's deals (same filters, same loaded pages) as a table, sorted by any column. */
export function DealsTable({ board, pipeline, sort, onSort }: DealsTableProps) {
  const intl = useIntl();
  const stageOrder = useMemo(() => new Map(pipeline.stages.map((s, i) => [s.id, i] as const)), [pipeline]);
  const stageName = useMemo(() => new Map(pipeline.stages.map((s) => [s.id, s.name] as const)), [pipeline]);
  const deals = useMemo(() => sortDeals(board.columns.flatMap((c) => c.deals), sort, stageOrder), [board, sort, stageOrder]);
  const total = board.columns.reduce((n, c) => n + c.count, 0);
  const now = new Date();

  if (total === 0)
    return (
      <EmptyState>
        <FormattedMessage id="board.list.empty" defaultMessage="No deals match these filters." />
      </EmptyState>
    );

  return (
    <div className="deals-list" data-testid="deals-list">
      <p className="deals-list-count" data-testid="deals-list-count">
        {deals.length < total ? (
          <FormattedMessage
            id="board.list.countFirst"
            defaultMessage="The first {shown} of {total, plural, one {# deal} other {# deals}}"
            values={{ shown: formatNumber(deals.length), total }}
          />
        ) : (
          intl.formatMessage(BOARD_WORDS.dealCount, { count: total })
        )}
      </p>
      <div className="deals-table-wrap">
        <table className="table deals-table">
          <caption className="visually-hidden">
            <FormattedMessage id="board.list.caption" defaultMessage="Deals, sorted by {column}" values={{ column: intl.formatMessage(HEADERS[sort.key]) }} />
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.key === c.key;
                return (
                  <th
                    key={c.key}
                    scope="col"
                    className={c.numeric ? 'is-numeric' : undefined}
                    aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => onSort({ key: c.key, dir: active && sort.dir === 'asc' ? 'desc' : 'asc' })}
                      data-testid={`sort-${c.key}`}
                    >
                      {intl.formatMessage(HEADERS[c.key])}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {deals.map((d) => (
              <tr key={d.id} data-testid={`deal-row-${d.id}`} data-deal-id={d.id}>
                <td>
                  <Link to={`/deals/${d.id}`} data-user-content>
                    <bdi>{d.title}</bdi>
                  </Link>
                  <TagChips tags={d.tags} className="row-tags" />
                </td>
                <td data-user-content>
                  <bdi>{stageName.get(d.stageId) ?? ''}</bdi>
                </td>
                <td className="is-numeric" data-amount={d.amount}>
                  {formatMoney(d.amount, d.currency)}
                </td>
                {d.ownerName ? (
                  <td data-user-content>
                    <bdi>{d.ownerName}</bdi>
                  </td>
                ) : (
                  <td>{intl.formatMessage(BOARD_WORDS.unassigned)}</td>
                )}
                <td>{intl.formatMessage(SOURCE_NAMES[d.source])}</td>
                <td className="is-numeric">{formatDays(daysSince(d.stageEnteredAt))}</td>
                <td>{d.nextTask !== undefined && <NextTaskLine task={d.nextTask} now={now} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
