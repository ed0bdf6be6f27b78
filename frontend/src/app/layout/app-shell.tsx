import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth, useSessionUser } from '@/features/auth';
import { useDealRealtime, type LiveStatus } from '@/features/board';
import { NotificationsBell } from '@/features/notifications';
import { GlobalSearch } from '@/features/search';
import { useLanguage } from '@/i18n';
import { SoftphoneSlot } from './softphone-slot';

const LIVE_LABELS: Record<LiveStatus, string> = { connecting: 'Connecting…', live: 'Live', offline: 'Offline — reconnecting' };

export function AppShell() {
  const { token, logout } = useAuth();
  const me = useSessionUser();
  const live = useDealRealtime(token);
  const menu = useMenuDisclosure();
  const { language } = useLanguage();

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Callboard</span>
        <button
          type="button"
          ref={menu.button}
          className="btn btn-ghost btn-sm topbar-menu-button"
          aria-expanded={menu.open}
          aria-controls="topbar-menu"
          data-testid="nav-menu"
          onClick={() => menu.setOpen(!menu.open)}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
        <div id="topbar-menu" ref={menu.panel} className={menu.open ? 'topbar-menu is-open' : 'topbar-menu'}>
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
            <NavLink to="/reports" data-testid="nav-reports">
              Reports
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
          <NavLink to="/account" className="me" title={`${me.email}: your account and password`} data-testid="nav-account">
            {me.name}
            <span className="me-role">{me.role === 'head' ? 'Head' : 'Seller'}</span>
          </NavLink>
          <button type="button" className="btn btn-ghost btn-sm topbar-logout" onClick={() => void logout()} data-testid="logout">
            Log out
          </button>
        </div>
        <GlobalSearch />
        <span className="topbar-spacer" />
        <span className={`live live-${live}`} data-testid="live-status" data-status={live} role="status">
          <span className="live-dot" aria-hidden="true" />
          <span className="live-text">{LIVE_LABELS[live]}</span>
        </span>
        <SoftphoneSlot />
        <NotificationsBell />
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {/* a new language renders the page anew (values formatted outside react-intl too); the phone and the top bar stay */}
        <Outlet key={language} />
      </main>
    </div>
  );
}

/**
 * The phone-sized menu (navigation, account, sign-out): a disclosure, not an ARIA menu, since it
 * holds links. Closes on navigation, Escape (focus back on the button) and a click outside.
 */
function useMenuDisclosure() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const { pathname } = useLocation();
  useEffect(() => setOpen(false), [pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  return { open, setOpen, button, panel };
}
