import { FormattedMessage } from 'react-intl';
import { Navigate, useNavigate } from 'react-router';
import { SetupForm, useAuth } from '@/features/auth';

/** /setup#<token>: the one-time link printed at the first start of an install with no user. */
export function SetupRoute() {
  const { status } = useAuth();
  const navigate = useNavigate();
  const token = window.location.hash.slice(1);

  // The new Head lands in Admin to add the team (and a signed-in visitor of an old link too).
  if (status === 'authenticated') return <Navigate to="/admin" replace />;
  return (
    <div className="login-page">
      <main className="login-card">
        <h1 className="login-title">
          <FormattedMessage id="app.setup.title" defaultMessage="Set up {brand}" values={{ brand: <span translate="no">Callboard</span> }} />
        </h1>
        {token ? (
          <>
            <p className="muted">
              <FormattedMessage id="app.setup.intro" defaultMessage="Create the first Head account. This link works once." />
            </p>
            <SetupForm token={token} onDone={() => navigate('/admin', { replace: true })} />
          </>
        ) : (
          <p className="form-error" role="alert">
            <FormattedMessage
              id="app.setup.noToken"
              defaultMessage="This page needs the full setup link printed when {brand} started (it ends with {ending})."
              values={{ brand: <span translate="no">Callboard</span>, ending: <bdi dir="ltr">#…</bdi> }}
            />
          </p>
        )}
      </main>
    </div>
  );
}
