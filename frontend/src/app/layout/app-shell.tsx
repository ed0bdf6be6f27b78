import { useEffect, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { NavLink, Outlet, useLocation } from 'react-router';
import type { Role } from '@callboard/contracts';
import { isolate } from '@/components/ui';
import { useAuth, useSessionUser } from '@/features/auth';
import { useDealRealtime, type LiveStatus } from '@/features/board';
import { NotificationsBell } from '@/features/notifications';
import { GlobalSearch } from '@/features/search';
import { useLanguage } from '@/i18n';
import { SoftphoneSlot, WrapUpSlot } from './softphone-slot';

const LIVE_LABELS = defineMessages({
  connecting: { id: 'app.live.connecting', defaultMessage: 'Connecting…' },
  live: { id: 'app.live.live', defaultMessage: 'Live' },
  offline: { id: 'app.live.offline', defaultMessage: 'Offline — reconnecting' },
}) satisfies Record<LiveStatus, unknown>;

const ROLE_LABELS = defineMessages({
  head: { id: 'app.role.head', defaultMessage: 'Head' },
  seller: { id: 'app.role.seller', defaultMessage: 'Seller' },
}) satisfies Record<Role, unknown>;

export function AppShell() {
  const { token, logout } = useAuth();
  const me = useSessionUser();
  const live = useDealRealtime(token);
  const menu = useMenuDisclosure();
  const { language } = useLanguage();
  const intl = useIntl();

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        <FormattedMessage id="app.shell.skipToContent" defaultMessage="Skip to content" />
      </a>
      <header className="topbar">
        <span className="brand" translate="no">
          Callboard
        </span>
        <button
          type="button"
          ref={menu.button}
          className="btn btn-ghost btn-sm topbar-menu-button"
          aria-expanded={menu.open}
          aria-controls="topbar-menu"
          data-testid="nav-menu"
          onClick={() => menu.setOpen(!menu.open)}
        >
          <span aria-hidden="true">☰</span> <FormattedMessage id="app.shell.menu" defaultMessage="Menu" />
        </button>
        <div id="topbar-menu" ref={menu.panel} className={menu.open ? 'topbar-menu is-open' : 'topbar-menu'}>
          <nav className="nav" aria-label={intl.formatMessage({ id: 'app.nav.label', defaultMessage: 'Main' })}>
            <NavLink to="/board" data-testid="nav-board">
              <FormattedMessage id="app.nav.board" defaultMessage="Board" />
            </NavLink>
            <NavLink to="/today" data-testid="nav-today">
              <FormattedMessage id="app.nav.today" defaultMessage="Today" />
            </NavLink>
            <NavLink to="/contacts" data-testid="nav-contacts">
              <FormattedMessage id="app.nav.contacts" defaultMessage="Contacts" />
            </NavLink>
            <NavLink to="/calls" data-testid="nav-calls">
              <FormattedMessage id="app.nav.calls" defaultMessage="Calls" />
            </NavLink>
            <NavLink to="/reports" data-testid="nav-reports">
              <FormattedMessage id="app.nav.reports" defaultMessage="Reports" />
            </NavLink>
            <NavLink to="/phones" data-testid="nav-phones">
              <FormattedMessage id="app.nav.phones" defaultMessage="Desk phones" />
            </NavLink>
            {me.role === 'head' && (
              <NavLink to="/team" data-testid="nav-team">
                <FormattedMessage id="app.nav.team" defaultMessage="Team" />
              </NavLink>
            )}
            {me.role === 'head' && (
              <NavLink to="/admin" data-testid="nav-admin">
                <FormattedMessage id="app.nav.admin" defaultMessage="Admin" />
              </NavLink>
            )}
          </nav>
          <NavLink
            to="/account"
            className="me"
            title={intl.formatMessage({ id: 'app.shell.accountTitle', defaultMessage: '{email}: your account and password' }, { email: isolate(me.email) })}
            data-testid="nav-account"
          >
            <bdi data-user-content>{me.name}</bdi>
            <span className="me-role">{intl.formatMessage(ROLE_LABELS[me.role])}</span>
          </NavLink>
          <button type="button" className="btn btn-ghost btn-sm topbar-logout" onClick={() => void logout()} data-testid="logout">
            <FormattedMessage id="app.shell.logout" defaultMessage="Log out" />
          </button>
        </div>
        <GlobalSearch />
        <span className="topbar-spacer" />
        <span className={`live live-${live}`} data-testid="live-status" data-status={live} role="status">
          <span className="live-dot" aria-hidden="true" />
          <span className="live-text">{intl.formatMessage(LIVE_LABELS[live])}</span>
        </span>
        <SoftphoneSlot />
        <NotificationsBell />
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {/* a new language renders the page anew (values formatted outside react-intl too); the phone and the top bar stay */}
        <Outlet key={language} />
      </main>
      <WrapUpSlot />
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
