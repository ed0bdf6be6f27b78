import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import type { Call } from '@callboard/contracts';
import { useSessionUser } from '@/features/auth';
import { useUsers } from '@/features/users';
import { formatDateTime } from '@/lib/format';
import { listCalls, type CallKind } from '../api/calls-api';

const KINDS: { kind: CallKind; label: string }[] = [
  { kind: 'all', label: 'All' },
  { kind: 'missed', label: 'Missed' },
  { kind: 'inbound', label: 'Inbound' },
  { kind: 'outbound', label: 'Outbound' },
];

function duration(sec: number | null): string {
  if (sec == null) return '—';
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
}

/** The other party of a call: the caller for inbound, the dialled number for outbound. */
function party(call: Call): string {
  if (call.direction === 'outbound') return call.toNumber ?? call.toRaw ?? '—';
  const number = call.fromNumber ?? call.fromRaw ?? '—';
  return call.fromName ? `${call.fromName} (${number})` : number;
}

/** Call history with filters; each row links to its deal. Heads may pick a rep. */
export function CallHistoryPage() {
  const me = useSessionUser();
  const isHead = me.role === 'head';
  const [params, setParams] = useSearchParams();
  const kind = (KINDS.find((k) => k.kind === params.get('kind'))?.kind ?? 'all') as CallKind;
  const userId = isHead ? params.get('userId') : null;
  const users = useUsers();
  const calls = useQuery({ queryKey: ['calls', 'history', kind, userId], queryFn: () => listCalls(kind, userId) });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <section className="call-history" data-testid="call-history">
      <h1>Calls</h1>
      <div className="call-history-filters" role="group" aria-label="Filter calls">
        {KINDS.map((k) => (
          <button
            key={k.kind}
            type="button"
            className={`btn btn-sm${k.kind === kind ? ' btn-primary' : ''}`}
            aria-pressed={k.kind === kind}
            data-testid={`calls-filter-${k.kind}`}
            onClick={() => set('kind', k.kind === 'all' ? null : k.kind)}
          >
            {k.label}
          </button>
        ))}
        {isHead && (
          <select aria-label="Rep" data-testid="calls-rep" value={userId ?? ''} onChange={(e) => set('userId', e.target.value || null)}>
            <option value="">My calls</option>
            {(users.data ?? [])
              .filter((u) => u.id !== me.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        )}
      </div>
      {calls.isPending && <p>Loading…</p>}
      {calls.isError && <p role="alert">Could not load the calls.</p>}
      {calls.data && calls.data.length === 0 && <p data-testid="calls-empty">No calls.</p>}
      {calls.data && calls.data.length > 0 && (
        <table className="table" data-testid="calls-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Direction</th>
              <th>Who</th>
              <th>Outcome</th>
              <th>Duration</th>
              <th>Deal</th>
            </tr>
          </thead>
          <tbody>
            {calls.data.map((c) => (
              <tr key={c.id} data-testid="calls-row" data-call-id={c.id} data-outcome={c.outcome} data-direction={c.direction ?? ''}>
                <td>{c.offeredAt ? formatDateTime(c.offeredAt) : '—'}</td>
                <td>{c.direction ?? '—'}</td>
                <td dir="ltr">{party(c)}</td>
                <td>{c.outcome === 'missed' && c.missedReason ? `missed (${c.missedReason})` : c.outcome}</td>
                <td>{duration(c.durationSec)}</td>
                <td>
                  {c.dealId ? (
                    <Link to={`/deals/${c.dealId}`} data-testid="calls-deal-link">
                      {c.dealTitle ?? 'Deal'}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
