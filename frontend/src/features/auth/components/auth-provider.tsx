import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginResponse, Role } from '@callboard/contracts';
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

  const adopt = useCallback(
    (res: LoginResponse): SessionUser => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.me, res.user);
      setToken(res.accessToken);
      return res.user;
    },
    [queryClient],
  );

  const login = useCallback(
    async (email: string, password: string): Promise<SessionUser> => adopt(await authApi.login({ email, password })),
    [adopt],
  );

  // The server revokes the session first (the token stops working everywhere it was copied);
  // the page signs out even when the server cannot be reached.
  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // already ended, or offline: nothing more to revoke from here
    }
    setToken(null);
  }, []);

  const user: SessionUser | null = token && me.data ? me.data : null;
  const status: AuthState['status'] = !token ? 'anonymous' : user ? 'authenticated' : me.isError ? 'anonymous' : 'loading';

  const value = useMemo<AuthState>(
    () => ({ status, user, token, login, adopt, logout, hasRole: (role: Role) => user?.role === role }),
    [status, user, token, login, adopt, logout],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
