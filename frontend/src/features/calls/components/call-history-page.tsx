import './calls.css';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { Button, EmptyState, ErrorState, SelectField, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { callKeys, listCalls, type CallFilter, type CallKind } from '../api/calls-api';
import { useRecordRealtime } from '../hooks/use-record-realtime';
import { CallList } from './call-list';

const PAGE = 50;

const KINDS: { kind: CallKind; label: string }[] = [
  { kind: 'all', label: 'All' },
  { kind: 'missed', label: 'Missed' },
  { kind: 'inbound', label: 'Inbound' },
  { kind: 'outbound', label: 'Outbound' },
];

/**
 * Call history. Whose calls it shows is said in words: a Head starts with everyone's and may pick
 * one rep (themselves included); a Seller starts with every call they may see (their deals', the
 * inbox's, the ones they took) and may narrow it to the calls they took or placed. Pages of 50.
 */
export function CallHistoryPage() {
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
      ? 'Showing the calls you took or placed.'
      : `Showing the calls ${repName ?? 'this rep'} took or placed.`
    : isHead
      ? "Showing everyone's calls."
      : 'Showing the calls on your deals and the inbox, and the calls you took or placed.';
  const rows = calls.data?.pages.flat() ?? [];

  return (
    <section className="calls-page" data-testid="call-history" aria-labelledby="calls-title">
      <h1 id="calls-title" className="page-title">
        Calls
      </h1>
      <div className="calls-filters">
        <div className="calls-kinds" role="group" aria-label="Kind of call">
          {KINDS.map((k) => (
            <Button
              key={k.kind}
              size="sm"
              variant={k.kind === kind ? 'primary' : 'secondary'}
              aria-pressed={k.kind === kind}
              data-testid={`calls-filter-${k.kind}`}
              onClick={() => set('kind', k.kind === 'all' ? null : k.kind)}
            >
              {k.label}
            </Button>
          ))}
        </div>
        <SelectField label="Whose calls" value={userId ?? ''} onChange={(e) => set('userId', e.target.value || null)} data-testid="calls-rep">
          <option value="">{isHead ? "Everyone's calls" : 'All calls I can see'}</option>
          <option value={me.id}>{isHead ? 'My calls' : 'Only the calls I took or placed'}</option>
          {isHead &&
            (users.data ?? [])
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
        </SelectField>
      </div>
      <p className="calls-showing" data-testid="calls-showing" aria-live="polite">
        {showing}
      </p>
      {calls.isPending && <Spinner label="Loading the calls" />}
      {calls.isError && <ErrorState message={`Could not load the calls: ${errorMessage(calls.error)}`} />}
      {calls.isSuccess && rows.length === 0 && (
        <EmptyState>
          <span data-testid="calls-empty">No calls here.</span>
        </EmptyState>
      )}
      {rows.length > 0 && <CallList calls={rows} caption="Calls, newest first" />}
      {calls.hasNextPage && (
        <Button className="calls-more" busy={calls.isFetchingNextPage} onClick={() => void calls.fetchNextPage()} data-testid="calls-more">
          Show older calls
        </Button>
      )}
    </section>
  );
}
