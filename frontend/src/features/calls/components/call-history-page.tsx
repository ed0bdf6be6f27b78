import './calls.css';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Button, EmptyState, ErrorState, SelectField, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { ExportMenu } from '@/features/exports';
import { callKeys, listCalls, type CallFilter, type CallKind } from '../api/calls-api';
import { useRecordRealtime } from '../hooks/use-record-realtime';
import { CallList } from './call-list';

const PAGE = 50;

const KIND_LABELS = defineMessages({
  all: { id: 'calls.kind.all', defaultMessage: 'All' },
  missed: { id: 'calls.kind.missed', defaultMessage: 'Missed' },
  inbound: { id: 'calls.kind.inbound', defaultMessage: 'Inbound' },
  outbound: { id: 'calls.kind.outbound', defaultMessage: 'Outbound' },
});

const KINDS: { kind: CallKind; label: MessageDescriptor }[] = [
  { kind: 'all', label: KIND_LABELS.all },
  { kind: 'missed', label: KIND_LABELS.missed },
  { kind: 'inbound', label: KIND_LABELS.inbound },
  { kind: 'outbound', label: KIND_LABELS.outbound },
];

const M = defineMessages({
  showingMine: { id: 'calls.history.showingMine', defaultMessage: 'Showing the calls you took or placed.' },
  showingThisRep: { id: 'calls.history.showingThisRep', defaultMessage: 'Showing the calls this rep took or placed.' },
  showingEveryone: { id: 'calls.history.showingEveryone', defaultMessage: "Showing everyone's calls." },
  showingVisible: { id: 'calls.history.showingVisible', defaultMessage: 'Showing the calls on your deals and the inbox, and the calls you took or placed.' },
  title: { id: 'calls.history.title', defaultMessage: 'Calls' },
  kindOfCall: { id: 'calls.history.kindOfCall', defaultMessage: 'Kind of call' },
  whose: { id: 'calls.history.whose', defaultMessage: 'Whose calls' },
  everyone: { id: 'calls.history.everyone', defaultMessage: "Everyone's calls" },
  allVisible: { id: 'calls.history.allVisible', defaultMessage: 'All calls I can see' },
  mine: { id: 'calls.history.mine', defaultMessage: 'My calls' },
  onlyMine: { id: 'calls.history.onlyMine', defaultMessage: 'Only the calls I took or placed' },
  loading: { id: 'calls.history.loading', defaultMessage: 'Loading the calls' },
  empty: { id: 'calls.history.empty', defaultMessage: 'No calls here.' },
  caption: { id: 'calls.history.caption', defaultMessage: 'Calls, newest first' },
  more: { id: 'calls.history.more', defaultMessage: 'Show older calls' },
});

/**
 * Call history. Whose calls it shows is said in words: a Head starts with everyone's and may pick
 * one rep (themselves included); a Seller starts with every call they may see (their deals', the
 * inbox's, the ones they took) and may narrow it to the calls they took or placed. Pages of 50.
 */
export function CallHistoryPage() {
  const intl = useIntl();
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const [params, setParams] = useSearchParams();
  const kind = (KINDS.find((k) => k.kind === params.get('kind'))?.kind ?? 'all') as CallKind;
  const asked = params.get('userId');
  // a Seller may only narrow to their own calls; the API ignores another rep's id from them anyway
  const userId = isHead ? asked : asked === me.id ? me.id : null;
  const users = useUsers();
  const filter: CallFilter = { kind, userId };
  useRecordRealtime();
  const calls = useInfiniteQuery({
    queryKey: callKeys.list(filter, PAGE),
    queryFn: ({ pageParam, signal }) => listCalls(filter, PAGE, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last.at(-1)?.id : undefined),
  });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const repName = userId === me.id ? null : users.data?.find((u) => u.id === userId)?.name;
  const showing = userId
    ? userId === me.id
      ? intl.formatMessage(M.showingMine)
      : repName
        ? intl.formatMessage(
            { id: 'calls.history.showingRep', defaultMessage: 'Showing the calls {name} took or placed.' },
            { name: <bdi data-user-content>{repName}</bdi> },
          )
        : intl.formatMessage(M.showingThisRep)
    : intl.formatMessage(isHead ? M.showingEveryone : M.showingVisible);
  const rows = calls.data?.pages.flat() ?? [];

  return (
    <section className="calls-page" data-testid="call-history" aria-labelledby="calls-title">
      <h1 id="calls-title" className="page-title">
        {intl.formatMessage(M.title)}
      </h1>
      <div className="calls-filters">
        <div className="calls-kinds" role="group" aria-label={intl.formatMessage(M.kindOfCall)}>
          {KINDS.map((k) => (
            <Button
              key={k.kind}
              size="sm"
              variant={k.kind === kind ? 'primary' : 'secondary'}
              aria-pressed={k.kind === kind}
              data-testid={`calls-filter-${k.kind}`}
              onClick={() => set('kind', k.kind === 'all' ? null : k.kind)}
            >
              {intl.formatMessage(k.label)}
            </Button>
          ))}
        </div>
        <SelectField label={intl.formatMessage(M.whose)} value={userId ?? ''} onChange={(e) => set('userId', e.target.value || null)} data-testid="calls-rep">
          <option value="">{intl.formatMessage(isHead ? M.everyone : M.allVisible)}</option>
          <option value={me.id}>{intl.formatMessage(isHead ? M.mine : M.onlyMine)}</option>
          {isHead &&
            (users.data ?? [])
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={u.id} data-user-content>
                  {u.name}
                </option>
              ))}
        </SelectField>
        <ExportMenu kind="calls" filters={{ kind, userId }} />
      </div>
      <p className="calls-showing" data-testid="calls-showing" aria-live="polite">
        {showing}
      </p>
      {calls.isPending && <Spinner label={intl.formatMessage(M.loading)} />}
      {calls.isError && <ErrorState message={intl.formatMessage({ id: 'calls.history.loadFailed', defaultMessage: 'Could not load the calls: {error}' }, { error: errorMessage(calls.error) })} />}
      {calls.isSuccess && rows.length === 0 && (
        <EmptyState>
          <span data-testid="calls-empty">{intl.formatMessage(M.empty)}</span>
        </EmptyState>
      )}
      {rows.length > 0 && <CallList calls={rows} caption={intl.formatMessage(M.caption)} />}
      {calls.hasNextPage && (
        <Button className="calls-more" busy={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()} data-testid="calls-more">
          {intl.formatMessage(M.more)}
        </Button>
      )}
    </section>
  );
}
