import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '@callboard/contracts';
import { getToken, onTokenChange, setToken } from '@/lib/auth-token';
import { queryKeys } from '@/lib/query-client';
import { authApi } from '../api/auth-api';
import { AuthContext, type AuthState, type SessionUser } from '../hooks/auth-context';

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setTokenState] = useState<string | null>(() => getToken());

  useEffect(
    () =>
      onTokenChange((t) => {
        setTokenState(t);
        if (!t) queryClient.clear();
      }),
    [queryClient],
  );

  const me = useQuery<SessionUser>({
    queryKey: queryKeys.me,
    queryFn: authApi.me,
    enabled: !!token,
    staleTime: Infinity,
  });

  const login = useCallback(
    async (email: string, password: string): Promise<SessionUser> => {
      const res = await authApi.login({ email, password });
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, res.user);
      setToken(res.accessToken);
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(() => setToken(null), []);

  const user: SessionUser | null = token && me.data ? me.data : null;
  const status: AuthState['status'] = !token ? 'anonymous' : user ? 'authenticated' : me.isError ? 'anonymous' : 'loading';

  const value = useMemo<AuthState>(
    () => ({ status, user, token, login, logout, hasRole: (role: Role) => user?.role === role }),
    [status, user, token, login, logout],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
