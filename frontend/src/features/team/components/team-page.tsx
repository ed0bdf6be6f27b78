import './team.css';
import type { ReactNode } from 'react';
import { defineMessages, FormattedMessage, useIntl, type IntlShape, type MessageValue } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Call, Presence, RepTodayFigures } from '@callboard/contracts';
import { apiErrorMessage, ErrorState, isolate, Spinner } from '@/components/ui';
import { formatDuration, formatNumber, formatPercent } from '@/lib/format';
import { useAuth } from '@/features/auth';
import { fetchLiveCalls, fetchTeam, fetchTeamFigures, teamKeys } from '../api/team-api';
import { useTeamLive } from '../hooks/use-team-live';

const PRESENCE_LABELS = defineMessages({
  available: { id: 'team.presence.available', defaultMessage: 'Available' },
  busy: { id: 'team.presence.busy', defaultMessage: 'Busy' },
  dnd: { id: 'team.presence.dnd', defaultMessage: 'Do not disturb' },
  offline: { id: 'team.presence.offline', defaultMessage: 'Offline' },
  on_call: { id: 'team.presence.onCall', defaultMessage: 'On call' },
}) satisfies Record<Presence, unknown>;

const CALL_WORDS = defineMessages<{ unknownNumber: {}; nameAndNumber: { name: MessageValue; number: MessageValue } }>({
  unknownNumber: { id: 'team.call.unknownNumber', defaultMessage: 'unknown number' },
  nameAndNumber: { id: 'team.call.nameAndNumber', defaultMessage: '{name} ({number})' },
});

const MESSAGES = defineMessages({
  outbound: { id: 'team.call.outbound', defaultMessage: 'Outgoing call:' },
  inbound: { id: 'team.call.inbound', defaultMessage: 'Incoming call:' },
  rep: { id: 'team.column.rep', defaultMessage: 'Rep' },
  presence: { id: 'team.column.presence', defaultMessage: 'Presence' },
  party: { id: 'team.column.party', defaultMessage: 'On a call with' },
  deal: { id: 'team.column.deal', defaultMessage: 'Deal' },
  calls: { id: 'team.column.calls', defaultMessage: 'Calls today' },
  talk: { id: 'team.column.talk', defaultMessage: 'Talk time' },
  missed: { id: 'team.column.missed', defaultMessage: 'Missed' },
  moved: { id: 'team.column.moved', defaultMessage: 'Deals moved' },
  wrapUps: { id: 'team.column.wrapUps', defaultMessage: 'Wrap-ups done' },
});
const WRAP_UP_WORDS = defineMessages<{ done: { done: MessageValue; owed: MessageValue; share: MessageValue }; pending: { count: number }; dismissed: { count: number } }>({
  done: { id: 'team.wrapUps.done', defaultMessage: '{done} of {owed} ({share})' },
  pending: { id: 'team.wrapUps.pending', defaultMessage: '{count, plural, one {# pending} other {# pending}}' },
  dismissed: { id: 'team.wrapUps.dismissed', defaultMessage: '{count, plural, one {# dismissed} other {# dismissed}}' },
});
// a safety net beside the socket events (a missed event heals within this)
const POLL_MS = 15_000;
const NO_FIGURES: Omit<RepTodayFigures, 'userId' | 'name'> = { calls: 0, talkSeconds: 0, missed: 0, dealsMoved: 0, wrapUpsDone: 0, wrapUpsPending: 0, wrapUpsDismissed: 0 };

/** Who the rep is talking to: the number (and the caller's name on an inbound call). */
function otherParty(intl: IntlShape, call: Call): ReactNode {
  const raw = call.direction === 'outbound' ? (call.toNumber ?? call.toRaw) : (call.fromNumber ?? call.fromRaw);
  const number = raw ? (
    <bdi dir="ltr" data-user-content>
      {raw}
    </bdi>
  ) : (
    intl.formatMessage(CALL_WORDS.unknownNumber)
  );
  if (call.direction === 'outbound' || !call.fromName) return number;
  return intl.formatMessage(CALL_WORDS.nameAndNumber, { name: <bdi data-user-content>{call.fromName}</bdi>, number });
}

/** The call's direction: an arrow that follows the line (→ out, ← in) and its words for a screen reader. */
function CallDirection({ call }: { call: Call }) {
  const intl = useIntl();
  const outbound = call.direction === 'outbound';
  return (
    <>
      <span className="flip-rtl" aria-hidden="true">
        {outbound ? '→' : '←'}
      </span>{' '}
      <span className="visually-hidden">{intl.formatMessage(outbound ? MESSAGES.outbound : MESSAGES.inbound)} </span>
    </>
  );
}

/** Today's wrap-ups of a rep: "3 of 4 (75%)", then what is still pending or was dismissed. */
function WrapUpCompletion({ f }: { f: Omit<RepTodayFigures, 'userId' | 'name'> }) {
  const intl = useIntl();
  const owed = f.wrapUpsDone + f.wrapUpsPending + f.wrapUpsDismissed;
  if (owed === 0) return <>—</>;
  return (
    <span>
      {intl.formatMessage(WRAP_UP_WORDS.done, { done: formatNumber(f.wrapUpsDone), owed: formatNumber(owed), share: formatPercent(f.wrapUpsDone / owed) })}
      {f.wrapUpsPending > 0 && (
        <>
          <br />
          <span className="muted">{intl.formatMessage(WRAP_UP_WORDS.pending, { count: f.wrapUpsPending })}</span>
        </>
      )}
      {f.wrapUpsDismissed > 0 && (
        <>
          <br />
          <span className="muted">{intl.formatMessage(WRAP_UP_WORDS.dismissed, { count: f.wrapUpsDismissed })}</span>
        </>
      )}
    </span>
  );
}

/** The Head's team view: everyone's presence, who is on a call with whom, and each rep's figures for today. */
export function TeamPage() {
  const intl = useIntl();
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
      <h1 className="page-title">
        <FormattedMessage id="team.page.title" defaultMessage="Team" />
      </h1>
      {users.isPending && <Spinner label={intl.formatMessage({ id: 'team.page.loading', defaultMessage: 'Loading the team' })} />}
      {users.isError && (
        <ErrorState
          message={intl.formatMessage({ id: 'team.page.loadFailed', defaultMessage: 'Could not load the team: {error}' }, { error: apiErrorMessage(intl, users.error) })}
        />
      )}
      {figures.isError && (
        <ErrorState
          message={intl.formatMessage(
            { id: 'team.page.figuresFailed', defaultMessage: 'Could not load today’s figures: {error}' },
            { error: apiErrorMessage(intl, figures.error) },
          )}
        />
      )}
      <table className="table team-table">
        <caption className="team-caption">
          <FormattedMessage id="team.page.caption" defaultMessage="Presence, calls in progress and today’s figures per rep" />
        </caption>
        <thead>
          <tr>
            <th scope="col">{intl.formatMessage(MESSAGES.rep)}</th>
            <th scope="col">{intl.formatMessage(MESSAGES.presence)}</th>
            <th scope="col">{intl.formatMessage(MESSAGES.party)}</th>
            <th scope="col">{intl.formatMessage(MESSAGES.deal)}</th>
            <th scope="col" className="team-num">
              {intl.formatMessage(MESSAGES.calls)}
            </th>
            <th scope="col" className="team-num">
              {intl.formatMessage(MESSAGES.talk)}
            </th>
            <th scope="col" className="team-num">
              {intl.formatMessage(MESSAGES.missed)}
            </th>
            <th scope="col" className="team-num">
              {intl.formatMessage(MESSAGES.moved)}
            </th>
            <th scope="col" className="team-num">
              {intl.formatMessage(MESSAGES.wrapUps)}
            </th>
          </tr>
        </thead>
        <tbody>
          {team.map((u) => {
            const call = callOf(u.id);
            const f = figuresOf(u.id);
            return (
              <tr key={u.id} data-testid="team-member" data-user-id={u.id} data-presence={u.presence} data-call-id={call?.sipCallId ?? ''}>
                <th scope="row" className="team-name">
                  <Link
                    to={`/board?owner=${encodeURIComponent(u.id)}`}
                    title={intl.formatMessage({ id: 'team.member.boardTitle', defaultMessage: '{name}’s deals on the board' }, { name: isolate(u.name) })}
                    data-testid="team-member-board"
                  >
                    <bdi data-user-content>{u.name}</bdi>
                  </Link>
                </th>
                <td data-label={intl.formatMessage(MESSAGES.presence)} data-testid="team-presence">
                  {u.presence in PRESENCE_LABELS ? intl.formatMessage(PRESENCE_LABELS[u.presence]) : u.presence}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.party)} data-testid="team-call-party">
                  {call ? (
                    // one box: on a phone the cell is a flex row of its label and this
                    <span>
                      <CallDirection call={call} />
                      {otherParty(intl, call)}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.deal)}>
                  {call?.dealId ? (
                    <Link to={`/deals/${call.dealId}`} data-testid="team-call-deal">
                      {call.dealTitle ? <bdi data-user-content>{call.dealTitle}</bdi> : intl.formatMessage({ id: 'team.call.dealFallback', defaultMessage: 'Deal' })}
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.calls)} className="team-num" data-testid="team-calls">
                  {formatNumber(f.calls)}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.talk)} className="team-num" data-testid="team-talk">
                  {formatDuration(f.talkSeconds)}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.missed)} className="team-num" data-testid="team-missed">
                  {formatNumber(f.missed)}
                </td>
                <td data-label={intl.formatMessage(MESSAGES.moved)} className="team-num" data-testid="team-moved">
                  {formatNumber(f.dealsMoved)}
                </td>
                <td
                  data-label={intl.formatMessage(MESSAGES.wrapUps)}
                  className="team-num"
                  data-testid="team-wrap-ups"
                  data-done={f.wrapUpsDone}
                  data-pending={f.wrapUpsPending}
                  data-dismissed={f.wrapUpsDismissed}
                >
                  <WrapUpCompletion f={f} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
