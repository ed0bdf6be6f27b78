import { NavLink, Outlet } from 'react-router';
import { useAuth, useSessionUser } from '@/features/auth';
import { useDealRealtime, type LiveStatus } from '@/features/board';
import { NotificationsBell } from '@/features/notifications';
import { GlobalSearch } from '@/features/search';
import { SoftphoneSlot } from './softphone-slot';

const LIVE_LABELS: Record<LiveStatus, string> = { connecting: 'Connecting…', live: 'Live', offline: 'Offline — reconnecting' };

export function AppShell() {
  const { token, logout } = useAuth();
  const me = useSessionUser();
  const live = useDealRealtime(token);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Callboard</span>
        <nav className="nav" aria-label="Main">
          <NavLink to="/board" data-testid="nav-board">
            Board
          </NavLink>
          <NavLink to="/today" data-testid="nav-today">
            Today
          </NavLink>
          <NavLink to="/contacts" data-testid="nav-contacts">
            Contacts
          </NavLink>
          <NavLink to="/calls" data-testid="nav-calls">
            Calls
          </NavLink>
          <NavLink to="/phones" data-testid="nav-phones">
            Desk phones
          </NavLink>
          {me.role === 'head' && (
            <NavLink to="/team" data-testid="nav-team">
              Team
            </NavLink>
          )}
          {me.role === 'head' && (
            <NavLink to="/admin" data-testid="nav-admin">
              Admin
            </NavLink>
          )}
        </nav>
        <GlobalSearch />
        <span className="topbar-spacer" />
        <span className={`live live-${live}`} data-testid="live-status" data-status={live} role="status">
          <span className="live-dot" aria-hidden="true" />
          <span className="live-text">{LIVE_LABELS[live]}</span>
        </span>
        <SoftphoneSlot />
        <NotificationsBell />
        <NavLink to="/account" className="me" title={`${me.email}: your account and password`} data-testid="nav-account">
          {me.name}
          <span className="me-role">{me.role === 'head' ? 'Head' : 'Seller'}</span>
        </NavLink>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => void logout()} data-testid="logout">
          Log out
        </button>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
