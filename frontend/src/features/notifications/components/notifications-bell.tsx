import './notifications.css';
import { useEffect, useId, useRef, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { useNavigate } from 'react-router';
import type { Notification } from '@callboard/contracts';
import { apiErrorMessage, useToast } from '@/components/ui';
import { formatDateTime, formatNumber, timeAgo } from '@/lib/format';
import { useAuth } from '@/features/auth';
import { useLiveNotifications, useMarkRead, useNotifications } from '../hooks/use-notifications';

// badges stop counting here
const MAX_COUNT = 99;

/**
 * The bell in the top bar: unread count, the latest notifications, click to read and open the deal.
 * A notification's title and body are written by the server in the user's language: shown as data.
 */
export function NotificationsBell() {
  const intl = useIntl();
  const { token } = useAuth();
  useLiveNotifications(token);
  const list = useNotifications();
  const markRead = useMarkRead();
  const toast = useToast();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const items = list.data ?? [];
  const unread = items.filter((n) => !n.readAt);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  async function openOne(n: Notification) {
    try {
      if (!n.readAt) await markRead.mutateAsync(n.id);
    } catch (e) {
      toast.error(apiErrorMessage(intl, e));
    }
    if (n.dealId) {
      setOpen(false);
      void navigate(`/deals/${n.dealId}`);
    }
  }

  async function readAll() {
    try {
      await Promise.all(unread.map((n) => markRead.mutateAsync(n.id)));
    } catch (e) {
      toast.error(apiErrorMessage(intl, e));
    }
  }

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="btn btn-ghost btn-sm bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={intl.formatMessage(
          { id: 'notifications.bell.label', defaultMessage: '{count, plural, =0 {Notifications} one {Notifications, # unread} other {Notifications, # unread}}' },
          { count: unread.length },
        )}
        onClick={() => setOpen((v) => !v)}
        data-testid="notifications-bell"
        data-unread={unread.length}
      >
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M8 15a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2Zm5-4V7a5 5 0 0 0-4-4.9V1a1 1 0 0 0-2 0v1.1A5 5 0 0 0 3 7v4l-1 1v1h12v-1l-1-1Z" />
        </svg>
        {unread.length > 0 && (
          <span className="bell-count" data-testid="notifications-count">
            {unread.length > MAX_COUNT
              ? intl.formatMessage({ id: 'notifications.bell.countOverflow', defaultMessage: '{count}+' }, { count: formatNumber(MAX_COUNT) })
              : formatNumber(unread.length)}
          </span>
        )}
      </button>
      {open && (
        <div
          className="bell-panel"
          id={panelId}
          role="region"
          aria-label={intl.formatMessage({ id: 'notifications.panel.label', defaultMessage: 'Notifications' })}
          data-testid="notifications-panel"
        >
          <div className="bell-panel-head">
            <strong>
              <FormattedMessage id="notifications.panel.title" defaultMessage="Notifications" />
            </strong>
            {unread.length > 0 && (
              <button type="button" className="link-button" onClick={() => void readAll()} data-testid="notifications-read-all">
                <FormattedMessage id="notifications.panel.markAllRead" defaultMessage="Mark all read" />
              </button>
            )}
          </div>
          {items.length === 0 ? (
            <p className="muted bell-empty">
              <FormattedMessage id="notifications.panel.empty" defaultMessage="Nothing yet." />
            </p>
          ) : (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className={`bell-item${n.readAt ? '' : ' is-unread'}`}
                    onClick={() => void openOne(n)}
                    data-testid={`notification-${n.id}`}
                    data-read={Boolean(n.readAt)}
                  >
                    <span className="bell-title" data-user-content>
                      {n.title}
                    </span>
                    <span className="bell-body" data-user-content>
                      {n.body}
                    </span>
                    <time className="muted" dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                      {timeAgo(n.createdAt)}
                    </time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
