import { useEffect, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { Spinner } from '@/components/ui';
import { useAuth } from '@/features/auth';
import { prefetchFirstLoad } from './prefetch-first-load';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const intl = useIntl();
  const location = useLocation();
  const queryClient = useQueryClient();
  const signingIn = status === 'loading';
  useEffect(() => {
    if (signingIn) prefetchFirstLoad(queryClient, window.location);
  }, [signingIn, queryClient]);
  if (status === 'loading') return <Spinner label={intl.formatMessage({ id: 'app.auth.signingIn', defaultMessage: 'Signing in' })} />;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}
