import './wallboard.css';
import { useState } from 'react';
import type { Presence, WallboardFigures } from '@callboard/contracts';
import { Spinner } from '@/components/ui';
import { formatDate, formatMoney, formatNumber, formatTime } from '@/lib/format';
import { useWallboardFigures } from '../hooks/use-wallboard';
import { takeWallboardToken } from '../utils/wallboard-token';

const PRESENCE_LABELS: Record<Presence, string> = { available: 'Available', busy: 'Busy', dnd: 'Do not disturb', offline: 'Offline', on_call: 'On call' };

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
  const [token] = useState(readToken);
  const { figures, revoked } = useWallboardFigures(token);

  if (!token || revoked) {
    return (
      <main className="wallboard wallboard-message" data-testid="wallboard-revoked">
        <h1>This wallboard is not connected</h1>
        <p>{token ? 'Its link was revoked.' : 'It has no link.'} Ask a Head for a new wallboard link (Admin → Wallboards).</p>
      </main>
    );
  }
  if (!figures.data) {
    return (
      <main className="wallboard wallboard-message">
        {figures.isError ? <p role="alert">The figures could not be loaded; trying again.</p> : <Spinner label="Loading today’s figures" />}
      </main>
    );
  }
  return <Figures f={figures.data} stale={figures.isError} />;
}

function Figures({ f, stale }: { f: WallboardFigures; stale: boolean }) {
  const s = f.speedToLead;
  return (
    <main className="wallboard" data-testid="wallboard">
      <header className="wallboard-header">
        <h1>{f.name}</h1>
        <p>
          {formatDate(f.date)} · updated {formatTime(f.generatedAt)}
          {stale && <span className="wallboard-stale"> · reconnecting…</span>}
        </p>
      </header>
      <section className="wallboard-tiles" aria-label="Today">
        <Tile label="Answered today" value={formatNumber(f.calls.answered)} testId="wallboard-answered" />
        <Tile label="Missed today" value={formatNumber(f.calls.missed)} testId="wallboard-missed" tone={f.calls.missed > 0 ? 'alert' : undefined} />
        <Tile
          label="Speed to lead (median)"
          value={s.medianMinutes === null ? '–' : minutes(s.medianMinutes)}
          note={`${formatNumber(s.contacted)} contacted today`}
          testId="wallboard-speed"
        />
        <Tile
          label="Leads waiting"
          value={formatNumber(s.waiting)}
          note={s.oldestWaitingMinutes === null ? 'none waiting' : `oldest ${minutes(s.oldestWaitingMinutes)}`}
          testId="wallboard-waiting"
          tone={s.waiting > 0 ? 'alert' : undefined}
        />
        <Tile
          label="Won today"
          value={formatNumber(f.won.count)}
          note={f.won.amounts.map((a) => formatMoney(a.amount, a.currency)).join(' · ') || undefined}
          testId="wallboard-won"
          tone="good"
        />
      </section>
      <section aria-labelledby="wallboard-reps">
        <h2 id="wallboard-reps" className="wallboard-subtitle">
          Team
        </h2>
        <table className="wallboard-reps" data-testid="wallboard-reps">
          <thead>
            <tr>
              <th scope="col">Rep</th>
              <th scope="col">Status</th>
              <th scope="col">Calls</th>
              <th scope="col">Won</th>
            </tr>
          </thead>
          <tbody>
            {f.reps.map((r) => (
              <tr key={r.userId} data-testid={`wallboard-rep-${r.userId}`}>
                <td>{r.name}</td>
                <td>
                  <span className={`wallboard-presence presence-${r.presence}`}>{PRESENCE_LABELS[r.presence] ?? r.presence}</span>
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
