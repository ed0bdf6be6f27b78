import './wallboard.css';
import { useState } from 'react';
import { defineMessages, useIntl, type MessageDescriptor } from 'react-intl';
import type { Presence, WallboardFigures } from '@callboard/contracts';
import { Spinner } from '@/components/ui';
import { formatDate, formatMoney, formatNumber, formatTime } from '@/lib/format';
import { useWallboardFigures } from '../hooks/use-wallboard';
import { takeWallboardToken } from '../utils/wallboard-token';

const PRESENCE_LABELS: Record<Presence, MessageDescriptor> = defineMessages({
  available: { id: 'wallboard.presence.available', defaultMessage: 'Available' },
  busy: { id: 'wallboard.presence.busy', defaultMessage: 'Busy' },
  dnd: { id: 'wallboard.presence.dnd', defaultMessage: 'Do not disturb' },
  offline: { id: 'wallboard.presence.offline', defaultMessage: 'Offline' },
  on_call: { id: 'wallboard.presence.onCall', defaultMessage: 'On call' },
});

const M = defineMessages({
  notConnected: { id: 'wallboard.screen.notConnected', defaultMessage: 'This wallboard is not connected' },
  revoked: { id: 'wallboard.screen.revoked', defaultMessage: 'Its link was revoked. Ask a Head for a new wallboard link (Admin → Wallboards).' },
  noLink: { id: 'wallboard.screen.noLink', defaultMessage: 'It has no link. Ask a Head for a new wallboard link (Admin → Wallboards).' },
  loadFailed: { id: 'wallboard.screen.loadFailed', defaultMessage: 'The figures could not be loaded; trying again.' },
  loading: { id: 'wallboard.screen.loading', defaultMessage: 'Loading today’s figures' },
  reconnecting: { id: 'wallboard.screen.reconnecting', defaultMessage: '· reconnecting…' },
  today: { id: 'wallboard.screen.today', defaultMessage: 'Today' },
  answered: { id: 'wallboard.tile.answered', defaultMessage: 'Answered today' },
  missed: { id: 'wallboard.tile.missed', defaultMessage: 'Missed today' },
  speed: { id: 'wallboard.tile.speed', defaultMessage: 'Speed to lead (median)' },
  waiting: { id: 'wallboard.tile.waiting', defaultMessage: 'Leads waiting' },
  noneWaiting: { id: 'wallboard.tile.noneWaiting', defaultMessage: 'none waiting' },
  won: { id: 'wallboard.tile.won', defaultMessage: 'Won today' },
  team: { id: 'wallboard.reps.title', defaultMessage: 'Team' },
  rep: { id: 'wallboard.reps.rep', defaultMessage: 'Rep' },
  status: { id: 'wallboard.reps.status', defaultMessage: 'Status' },
  calls: { id: 'wallboard.reps.calls', defaultMessage: 'Calls' },
  wonColumn: { id: 'wallboard.reps.won', defaultMessage: 'Won' },
});

const minutes = (m: number) => formatNumber(m, { style: 'unit', unit: 'minute', unitDisplay: 'short', maximumFractionDigits: 1 });

function readToken(): string | null {
  return takeWallboardToken({
    hash: window.location.hash,
    storage: window.localStorage,
    clearHash: () => window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search),
  });
}

/** The TV on the sales floor: today's figures in large type, no controls, live from `figures.changed`. */
export function WallboardScreen() {
  const intl = useIntl();
  const [token] = useState(readToken);
  const { figures, revoked } = useWallboardFigures(token);

  if (!token || revoked) {
    return (
      <main className="wallboard wallboard-message" data-testid="wallboard-revoked">
        <h1>{intl.formatMessage(M.notConnected)}</h1>
        <p>{intl.formatMessage(token ? M.revoked : M.noLink)}</p>
      </main>
    );
  }
  if (!figures.data) {
    return (
      <main className="wallboard wallboard-message">
        {figures.isError ? <p role="alert">{intl.formatMessage(M.loadFailed)}</p> : <Spinner label={intl.formatMessage(M.loading)} />}
      </main>
    );
  }
  return <Figures f={figures.data} stale={figures.isError} />;
}

function Figures({ f, stale }: { f: WallboardFigures; stale: boolean }) {
  const intl = useIntl();
  const s = f.speedToLead;
  return (
    <main className="wallboard" data-testid="wallboard">
      <header className="wallboard-header">
        <h1>
          <bdi data-user-content>{f.name}</bdi>
        </h1>
        <p>
          {intl.formatMessage({ id: 'wallboard.screen.updated', defaultMessage: '{date} · updated {time}' }, { date: formatDate(f.date), time: formatTime(f.generatedAt) })}
          {stale && <span className="wallboard-stale"> {intl.formatMessage(M.reconnecting)}</span>}
        </p>
      </header>
      <section className="wallboard-tiles" aria-label={intl.formatMessage(M.today)}>
        <Tile label={intl.formatMessage(M.answered)} value={formatNumber(f.calls.answered)} testId="wallboard-answered" />
        <Tile label={intl.formatMessage(M.missed)} value={formatNumber(f.calls.missed)} testId="wallboard-missed" tone={f.calls.missed > 0 ? 'alert' : undefined} />
        <Tile
          label={intl.formatMessage(M.speed)}
          value={s.medianMinutes === null ? '–' : minutes(s.medianMinutes)}
          note={intl.formatMessage(
            { id: 'wallboard.tile.contactedToday', defaultMessage: '{count, plural, one {# contacted today} other {# contacted today}}' },
            { count: s.contacted },
          )}
          testId="wallboard-speed"
        />
        <Tile
          label={intl.formatMessage(M.waiting)}
          value={formatNumber(s.waiting)}
          note={
            s.oldestWaitingMinutes === null
              ? intl.formatMessage(M.noneWaiting)
              : intl.formatMessage({ id: 'wallboard.tile.oldestWaiting', defaultMessage: 'oldest {wait}' }, { wait: minutes(s.oldestWaitingMinutes) })
          }
          testId="wallboard-waiting"
          tone={s.waiting > 0 ? 'alert' : undefined}
        />
        <Tile
          label={intl.formatMessage(M.won)}
          value={formatNumber(f.won.count)}
          note={f.won.amounts.map((a) => formatMoney(a.amount, a.currency)).join(' · ') || undefined}
          testId="wallboard-won"
          tone="good"
        />
      </section>
      <section aria-labelledby="wallboard-reps">
        <h2 id="wallboard-reps" className="wallboard-subtitle">
          {intl.formatMessage(M.team)}
        </h2>
        <table className="wallboard-reps" data-testid="wallboard-reps">
          <thead>
            <tr>
              <th scope="col">{intl.formatMessage(M.rep)}</th>
              <th scope="col">{intl.formatMessage(M.status)}</th>
              <th scope="col">{intl.formatMessage(M.calls)}</th>
              <th scope="col">{intl.formatMessage(M.wonColumn)}</th>
            </tr>
          </thead>
          <tbody>
            {f.reps.map((r) => (
              <tr key={r.userId} data-testid={`wallboard-rep-${r.userId}`}>
                <td>
                  <bdi data-user-content>{r.name}</bdi>
                </td>
                <td>
                  <span className={`wallboard-presence presence-${r.presence}`}>
                    {Object.hasOwn(PRESENCE_LABELS, r.presence) ? intl.formatMessage(PRESENCE_LABELS[r.presence]) : r.presence}
                  </span>
                </td>
                <td>{formatNumber(r.calls)}</td>
                <td>{formatNumber(r.wonToday)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}

function Tile({ label, value, note, testId, tone }: { label: string; value: string; note?: string; testId: string; tone?: 'alert' | 'good' }) {
  return (
    <div className={`wallboard-tile${tone ? ` is-${tone}` : ''}`} data-testid={testId}>
      <div className="wallboard-tile-label">{label}</div>
      <div className="wallboard-tile-value" data-testid={`${testId}-value`}>
        {value}
      </div>
      {note && <div className="wallboard-tile-note">{note}</div>}
    </div>
  );
}
