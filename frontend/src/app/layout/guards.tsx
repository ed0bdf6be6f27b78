import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Spinner } from '@/components/ui';
import { useAuth } from '@/features/auth';

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Spinner label="Signing in" />;
  if (status === 'anonymous') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return children;
}

/** Head-only pages; a Seller is sent back to the board (the server refuses them anyway). */
export function RequireHead({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (user?.role !== 'head') return <Navigate to="/board" replace />;
  return children;
}
