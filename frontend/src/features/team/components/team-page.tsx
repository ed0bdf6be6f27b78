import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Call, Presence } from '@callboard/contracts';
import { useAuth } from '@/features/auth';
import { fetchLiveCalls, fetchTeam, teamKeys } from '../api/team-api';
import { useTeamLive } from '../hooks/use-team-live';

const PRESENCE_LABELS: Record<Presence, string> = { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', offline: 'Offline', on_call: 'On call' };
// a safety net beside the socket events (a missed event heals within this)
const POLL_MS = 15_000;

function otherParty(call: Call): string {
  if (call.direction === 'outbound') return call.toNumber ?? call.toRaw ?? 'unknown number';
  const number = call.fromNumber ?? call.fromRaw ?? 'unknown number';
  return call.fromName ? `${call.fromName} (${number})` : number;
}

/** The Head's live team view: everyone's presence and who is on a call with whom, on which deal. */
export function TeamPage() {
  const { token } = useAuth();
  useTeamLive(token);
  const users = useQuery({ queryKey: teamKeys.users, queryFn: fetchTeam, refetchInterval: POLL_MS });
  const calls = useQuery({ queryKey: teamKeys.liveCalls, queryFn: fetchLiveCalls, refetchInterval: POLL_MS });
  const callOf = (userId: string) => calls.data?.find((c) => (c.answeredBy ?? c.userId) === userId);
  const team = (users.data ?? []).filter((u) => u.active).sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className="team" data-testid="team">
      <h1>Team</h1>
      {users.isPending && <p>Loading…</p>}
      {users.isError && <p role="alert">Could not load the team.</p>}
      <table className="table">
        <thead>
          <tr>
            <th>Rep</th>
            <th>Presence</th>
            <th>On a call with</th>
            <th>Deal</th>
          </tr>
        </thead>
        <tbody>
          {team.map((u) => {
            const call = callOf(u.id);
            return (
              <tr key={u.id} data-testid="team-member" data-user-id={u.id} data-presence={u.presence} data-call-id={call?.sipCallId ?? ''}>
                <td>{u.name}</td>
                <td data-testid="team-presence">{PRESENCE_LABELS[u.presence] ?? u.presence}</td>
                <td data-testid="team-call-party" dir="ltr">
                  {call ? `${call.direction === 'outbound' ? '→ ' : '← '}${otherParty(call)}` : '—'}
                </td>
                <td>
                  {call?.dealId ? (
                    <Link to={`/deals/${call.dealId}`} data-testid="team-call-deal">
                      {call.dealTitle ?? 'Deal'}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
