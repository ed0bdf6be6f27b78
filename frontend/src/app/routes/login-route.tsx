import { FormattedMessage } from 'react-intl';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { LoginForm, useAuth } from '@/features/auth';
import { SignInTrust } from '@/features/tls';

function safeFrom(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login' ? from : '/board';
}

export function LoginRoute() {
  const { status } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = safeFrom(location.state);

  if (status === 'authenticated') return <Navigate to={from} replace />;
  return (
    <div className="login-page">
      <main className="login-card">
        <h1 className="login-title" translate="no">
          Callboard
        </h1>
        <p className="muted">
          <FormattedMessage id="app.login.intro" defaultMessage="Sign in to your sales board." />
        </p>
        <LoginForm onSuccess={() => navigate(from, { replace: true })} />
        <SignInTrust />
      </main>
    </div>
  );
}
