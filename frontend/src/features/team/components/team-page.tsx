import './team.css';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Call, Presence, RepTodayFigures } from '@callboard/contracts';
import { ErrorState, Spinner } from '@/components/ui';
import { errorMessage } from '@/lib/api-client';
import { formatDuration, formatNumber } from '@/lib/format';
import { useAuth } from '@/features/auth';
import { fetchLiveCalls, fetchTeam, fetchTeamFigures, teamKeys } from '../api/team-api';
import { useTeamLive } from '../hooks/use-team-live';

const PRESENCE_LABELS: Record<Presence, string> = { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', offline: 'Offline', on_call: 'On call' };
// a safety net beside the socket events (a missed event heals within this)
const POLL_MS = 15_000;
const NO_FIGURES: Omit<RepTodayFigures, 'userId' | 'name'> = { calls: 0, talkSeconds: 0, missed: 0, dealsMoved: 0 };

function otherParty(call: Call): string {
  if (call.direction === 'outbound') return call.toNumber ?? call.toRaw ?? 'unknown number';
  const number = call.fromNumber ?? call.fromRaw ?? 'unknown number';
  return call.fromName ? `${call.fromName} (${number})` : number;
}

/** The Head's team view: everyone's presence, who is on a call with whom, and each rep's figures for today. */
export function TeamPage() {
  const { token } = useAuth();
  useTeamLive(token);
  const users = useQuery({ queryKey: teamKeys.users, queryFn: fetchTeam, refetchInterval: POLL_MS });
  const calls = useQuery({ queryKey: teamKeys.liveCalls, queryFn: fetchLiveCalls, refetchInterval: POLL_MS });
  const figures = useQuery({ queryKey: teamKeys.figures, queryFn: fetchTeamFigures, refetchInterval: 60_000 });
  const callOf = (userId: string) => calls.data?.find((c) => (c.answeredBy ?? c.userId) === userId);
  const figuresOf = (userId: string) => figures.data?.reps.find((r) => r.userId === userId) ?? NO_FIGURES;
  const team = (users.data ?? []).filter((u) => u.active).sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className="page team" data-testid="team">
      <h1 className="page-title">Team</h1>
      {users.isPending && <Spinner label="Loading the team" />}
      {users.isError && <ErrorState message={`Could not load the team: ${errorMessage(users.error)}`} />}
      {figures.isError && <ErrorState message={`Could not load today’s figures: ${errorMessage(figures.error)}`} />}
      <table className="table team-table">
        <caption className="team-caption">Presence, calls in progress and today’s figures per rep</caption>
        <thead>
          <tr>
            <th scope="col">Rep</th>
            <th scope="col">Presence</th>
            <th scope="col">On a call with</th>
            <th scope="col">Deal</th>
            <th scope="col" className="team-num">Calls today</th>
            <th scope="col" className="team-num">Talk time</th>
            <th scope="col" className="team-num">Missed</th>
            <th scope="col" className="team-num">Deals moved</th>
          </tr>
        </thead>
        <tbody>
          {team.map((u) => {
            const call = callOf(u.id);
            const f = figuresOf(u.id);
            return (
              <tr key={u.id} data-testid="team-member" data-user-id={u.id} data-presence={u.presence} data-call-id={call?.sipCallId ?? ''}>
                <th scope="row" className="team-name">
                  <Link to={`/board?owner=${encodeURIComponent(u.id)}`} title={`${u.name}’s deals on the board`} data-testid="team-member-board">
                    {u.name}
                  </Link>
                </th>
                <td data-label="Presence" data-testid="team-presence">
                  {PRESENCE_LABELS[u.presence] ?? u.presence}
                </td>
                <td data-label="On a call with" data-testid="team-call-party" dir="ltr">
                  {call ? `${call.direction === 'outbound' ? '→ ' : '← '}${otherParty(call)}` : '—'}
                </td>
                <td data-label="Deal">
                  {call?.dealId ? (
                    <Link to={`/deals/${call.dealId}`} data-testid="team-call-deal">
                      {call.dealTitle ?? 'Deal'}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label="Calls today" className="team-num" data-testid="team-calls">
                  {formatNumber(f.calls)}
                </td>
                <td data-label="Talk time" className="team-num" data-testid="team-talk">
                  {formatDuration(f.talkSeconds)}
                </td>
                <td data-label="Missed" className="team-num" data-testid="team-missed">
                  {formatNumber(f.missed)}
                </td>
                <td data-label="Deals moved" className="team-num" data-testid="team-moved">
                  {formatNumber(f.dealsMoved)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
