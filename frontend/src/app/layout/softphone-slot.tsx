import { Component, Suspense, type ReactNode } from 'react';
import { FormattedMessage } from 'react-intl';
import { onPhoneCallEnded, SoftphoneDock } from '@/features/softphone';
import { useAuth, useSessionUser } from '@/features/auth';
import { useWrapUpQueue, WrapUpHost } from '@/features/wrap-ups';

/**
 * The softphone in the top bar. Its code loads after the first paint; if that fails (network, or a
 * chunk gone after a deploy) the rest of the app keeps working and the slot says so.
 */
export function SoftphoneSlot() {
  return (
    <DockLoadBoundary>
      <Suspense
        fallback={
          <span className="softphone" data-testid="softphone-loading">
            <FormattedMessage id="app.phone.loading" defaultMessage="Phone loading…" />
          </span>
        }
      >
        <SoftphoneDock />
      </Suspense>
    </DockLoadBoundary>
  );
}

class DockLoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <span className="softphone softphone-error" data-testid="softphone-load-failed" role="alert">
        <FormattedMessage id="app.phone.loadFailed" defaultMessage="The phone did not load." />{' '}
        <button type="button" className="btn btn-sm" onClick={() => window.location.reload()}>
          <FormattedMessage id="app.phone.reload" defaultMessage="Reload" />
        </button>
      </span>
    );
  }
}

/**
 * The wrap-up panel, beside the phone: it opens by itself when the rep's call ends. Which panel is
 * open is followed from the first paint; the panel's code loads when the first one opens. If that
 * fails, the app goes on without it (the calls stay on the Today list).
 */
export function WrapUpSlot() {
  const { token } = useAuth();
  const me = useSessionUser();
  const queue = useWrapUpQueue({ token, userId: me.id, onPhoneCallEnded });
  if (!queue.current) return null;
  return (
    <QuietLoadBoundary>
      <Suspense fallback={null}>
        <WrapUpHost {...queue} current={queue.current} />
      </Suspense>
    </QuietLoadBoundary>
  );
}

class QuietLoadBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? null : this.props.children;
  }
}
