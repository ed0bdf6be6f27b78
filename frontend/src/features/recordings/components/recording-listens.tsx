import { useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { RecordingListen } from '@callboard/contracts';
import { Badge, Button, EmptyState, ErrorState, SelectField, Spinner, TextField } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDateTime, formatNumber } from '@/lib/format';
import { useUsers } from '@/features/users';
import { type ListenFilters, recordingsApi } from '../api/recordings-api';
import './recordings.css';

const PAGE = 50;

const M = defineMessages({
  loading: { id: 'recordings.listens.loading', defaultMessage: 'Loading the listen log' },
  retry: { id: 'recordings.listens.retry', defaultMessage: 'Try again' },
  listener: { id: 'recordings.listens.listener', defaultMessage: 'Listener' },
  everyone: { id: 'recordings.listens.everyone', defaultMessage: 'Everyone' },
  from: { id: 'recordings.listens.from', defaultMessage: 'From' },
  to: { id: 'recordings.listens.to', defaultMessage: 'To' },
  inbound: { id: 'recordings.listens.inbound', defaultMessage: 'Inbound' },
  outbound: { id: 'recordings.listens.outbound', defaultMessage: 'Outbound' },
  unknownNumber: { id: 'recordings.listens.unknownNumber', defaultMessage: 'unknown number' },
  nobody: { id: 'recordings.listens.nobody', defaultMessage: 'Nobody' },
  noDeal: { id: 'recordings.listens.noDeal', defaultMessage: 'No deal' },
  deleted: { id: 'recordings.listens.deleted', defaultMessage: 'Recording deleted' },
  downloadFailedPlain: { id: 'recordings.listens.downloadFailedPlain', defaultMessage: 'the server did not send the file' },
  when: { id: 'recordings.listens.when', defaultMessage: 'When' },
  call: { id: 'recordings.listens.call', defaultMessage: 'Call' },
  rep: { id: 'recordings.listens.rep', defaultMessage: 'Rep on the call' },
  deal: { id: 'recordings.listens.deal', defaultMessage: 'Deal' },
});

const FILTER_PARAMS = { userId: 'listener', recordingId: 'recording', from: 'from', to: 'to' } as const;

/** The filters and the page, kept in the address so a link (the deal timeline's "listened N times") opens them. */
function useListenParams() {
  const [params, setParams] = useSearchParams();
  const filters: ListenFilters = {};
  for (const [key, param] of Object.entries(FILTER_PARAMS) as [keyof ListenFilters, string][]) {
    const value = params.get(param);
    if (value) filters[key] = value;
  }
  const offset = Math.max(0, Math.floor(Number(params.get('offset')) || 0));
  const update = (changes: Partial<Record<keyof ListenFilters, string | undefined>>, nextOffset = 0) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes) as [keyof ListenFilters, string | undefined][]) {
      if (value) next.set(FILTER_PARAMS[key], value);
      else next.delete(FILTER_PARAMS[key]);
    }
    if (nextOffset) next.set('offset', String(nextOffset));
    else next.delete('offset');
    setParams(next, { replace: true });
  };
  return { filters, offset, update };
}

/** The listen log for the Heads: who played which call's recording, when; filtered, paged, and as a CSV. */
export function RecordingListens() {
  const intl = useIntl();
  const { filters, offset, update } = useListenParams();
  const users = useUsers();
  const listens = useQuery({
    queryKey: ['recordings', 'listens', filters, offset] as const,
    queryFn: ({ signal }) => recordingsApi.listens(filters, offset, PAGE, signal),
    placeholderData: keepPreviousData,
  });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const people = [...(users.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const page = listens.data;
  const filtered = Object.keys(filters).length > 0;

  async function download() {
    setDownloading(true);
    setDownloadError(null);
    try {
      await recordingsApi.downloadListens(filters);
    } catch (e) {
      setDownloadError(intl.formatMessage({ id: 'recordings.listens.downloadFailed', defaultMessage: 'Could not download the listen log: {error}' }, { error: errorMessage(e) || intl.formatMessage(M.downloadFailedPlain) }));
    } finally {
      setDownloading(false);
    }
  }

  return (
    <section aria-labelledby="listens-heading" className="admin-section" data-testid="listens-view">
      <div className="toolbar">
        <h2 id="listens-heading" className="section-title">
          <FormattedMessage id="recordings.listens.heading" defaultMessage="Who listened to which call" />
        </h2>
        <span className="toolbar-spacer" />
        <Button onClick={() => void download()} busy={downloading} disabled={!page?.total} data-testid="listens-csv">
          <FormattedMessage id="recordings.listens.downloadCsv" defaultMessage="Download CSV" />
        </Button>
      </div>
      <p className="muted" data-testid="listens-intro">
        <FormattedMessage
          id="recordings.listens.intro"
          defaultMessage="Every time someone presses Play on a call recording, it is written here. The log stays after the recording itself is deleted. Days are in the team’s time zone."
        />
      </p>
      <div className="listens-filters" role="group" aria-label={intl.formatMessage({ id: 'recordings.listens.filters', defaultMessage: 'Filter the listens' })}>
        <SelectField label={intl.formatMessage(M.listener)} value={filters.userId ?? ''} onChange={(e) => update({ userId: e.target.value || undefined })} data-testid="listens-filter-listener">
          <option value="">{intl.formatMessage(M.everyone)}</option>
          {people.map((u) => (
            <option key={u.id} value={u.id} data-user-content>
              {u.name}
            </option>
          ))}
        </SelectField>
        <TextField label={intl.formatMessage(M.from)} type="date" value={filters.from ?? ''} max={filters.to} onChange={(e) => update({ from: e.target.value || undefined })} data-testid="listens-filter-from" />
        <TextField label={intl.formatMessage(M.to)} type="date" value={filters.to ?? ''} min={filters.from} onChange={(e) => update({ to: e.target.value || undefined })} data-testid="listens-filter-to" />
        {filtered && (
          <Button size="sm" variant="ghost" onClick={() => update({ userId: undefined, recordingId: undefined, from: undefined, to: undefined })} data-testid="listens-clear">
            <FormattedMessage id="recordings.listens.clear" defaultMessage="Clear the filters" />
          </Button>
        )}
      </div>
      {filters.recordingId && (
        <p className="listens-scope" data-testid="listens-recording-filter">
          <FormattedMessage id="recordings.listens.oneRecording" defaultMessage="Only the listens of one call’s recording." />{' '}
          <Button size="sm" variant="ghost" onClick={() => update({ recordingId: undefined })} data-testid="listens-all-recordings">
            <FormattedMessage id="recordings.listens.allRecordings" defaultMessage="Show every recording" />
          </Button>
        </p>
      )}
      {downloadError && <ErrorState message={downloadError} />}
      {listens.isPending && <Spinner label={intl.formatMessage(M.loading)} />}
      {listens.isError && (
        <ErrorState
          message={intl.formatMessage({ id: 'recordings.listens.loadFailed', defaultMessage: 'Could not load the listen log: {error}' }, { error: errorMessage(listens.error) })}
          action={
            <Button size="sm" onClick={() => void listens.refetch()}>
              {intl.formatMessage(M.retry)}
            </Button>
          }
        />
      )}
      {page && page.total === 0 && (
        <EmptyState>
          {filtered ? (
            <FormattedMessage id="recordings.listens.noneFiltered" defaultMessage="No listens match these filters." />
          ) : (
            <FormattedMessage id="recordings.listens.none" defaultMessage="Nobody has listened to a recording yet." />
          )}
        </EmptyState>
      )}
      {page && page.rows.length > 0 && (
        <>
          <table className="table listens-table" data-testid="listens-table" aria-busy={listens.isFetching}>
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage(M.when)}</th>
                <th scope="col">{intl.formatMessage(M.listener)}</th>
                <th scope="col">{intl.formatMessage(M.call)}</th>
                <th scope="col">{intl.formatMessage(M.rep)}</th>
                <th scope="col">{intl.formatMessage(M.deal)}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((l) => (
                <ListenRow key={l.id} listen={l} />
              ))}
            </tbody>
          </table>
          <div className="listens-pager">
            <span className="muted" data-testid="listens-total" data-total={page.total}>
              {intl.formatMessage(
                { id: 'recordings.listens.range', defaultMessage: '{first}–{last} of {total}{atLeast, select, yes {+} other {}}' },
                { first: formatNumber(page.offset + 1), last: formatNumber(page.offset + page.rows.length), total: formatNumber(page.total), atLeast: page.totalAtLeast ? 'yes' : 'no' },
              )}
            </span>
            <span className="toolbar-spacer" />
            <Button size="sm" disabled={offset === 0} onClick={() => update(filters, Math.max(0, offset - PAGE))} data-testid="listens-prev">
              <FormattedMessage id="recordings.listens.previous" defaultMessage="Newer" />
            </Button>
            <Button size="sm" disabled={page.rows.length < PAGE || (!page.totalAtLeast && offset + page.rows.length >= page.total)} onClick={() => update(filters, offset + PAGE)} data-testid="listens-next">
              <FormattedMessage id="recordings.listens.next" defaultMessage="Older" />
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

function ListenRow({ listen: l }: { listen: RecordingListen }) {
  const intl = useIntl();
  const c = l.call;
  return (
    <tr data-testid="listens-row" data-listener-id={l.userId} data-recording-id={l.recordingId}>
      <td data-label={intl.formatMessage(M.when)}>
        <time dateTime={l.at}>{formatDateTime(l.at)}</time>
      </td>
      <td data-label={intl.formatMessage(M.listener)}>
        <bdi data-user-content data-testid="listens-listener">
          {l.userName}
        </bdi>
      </td>
      <td data-label={intl.formatMessage(M.call)} data-testid="listens-call">
        {c ? (
          <>
            {c.direction && intl.formatMessage(c.direction === 'inbound' ? M.inbound : M.outbound)}
            {' · '}
            {c.number ? (
              // a contact named by its number (a caller nobody named yet): the number is the link
              c.contactId && c.contactName === c.number ? (
                <Link to={`/contacts/${c.contactId}`}>
                  <bdi dir="ltr" data-user-content>
                    {c.number}
                  </bdi>
                </Link>
              ) : (
                <bdi dir="ltr" data-user-content>
                  {c.number}
                </bdi>
              )
            ) : (
              intl.formatMessage(M.unknownNumber)
            )}
            {c.contactName && c.contactName !== c.number && (
              <>
                {' · '}
                {c.contactId ? (
                  <Link to={`/contacts/${c.contactId}`}>
                    <bdi data-user-content>{c.contactName}</bdi>
                  </Link>
                ) : (
                  <bdi data-user-content>{c.contactName}</bdi>
                )}
              </>
            )}
            {c.at && (
              <span className="muted listens-call-at">
                {' · '}
                <time dateTime={c.at}>{formatDateTime(c.at)}</time>
              </span>
            )}
          </>
        ) : (
          intl.formatMessage(M.unknownNumber)
        )}
        {!l.recordingKept && (
          <>
            {' '}
            <Badge>{intl.formatMessage(M.deleted)}</Badge>
          </>
        )}
      </td>
      <td data-label={intl.formatMessage(M.rep)}>
        {c?.repName ? <bdi data-user-content>{c.repName}</bdi> : intl.formatMessage(M.nobody)}
      </td>
      <td data-label={intl.formatMessage(M.deal)}>
        {c?.dealId ? (
          <Link to={`/deals/${c.dealId}`} data-testid="listens-deal">
            <bdi data-user-content>{c.dealTitle}</bdi>
          </Link>
        ) : (
          <span className="muted">{intl.formatMessage(M.noDeal)}</span>
        )}
      </td>
    </tr>
  );
}
