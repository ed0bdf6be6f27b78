import { createContext, useContext } from 'react';
import type { LoginResponse, Role } from '@callboard/contracts';

export type SessionUser = LoginResponse['user'];

export interface AuthState {
  status: 'loading' | 'anonymous' | 'authenticated';
  user: SessionUser | null;
  token: string | null;
  login: (email: string, password: string) => Promise<SessionUser>;
  /** Starts the session a sign-in-like call returned (the first-Head setup). */
  adopt: (res: LoginResponse) => SessionUser;
  /** Revokes the session on the server, then forgets the token. */
  logout: () => Promise<void>;
  hasRole: (role: Role) => boolean;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}

/** The signed-in user; only for components rendered behind the auth guard. */
export function useSessionUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error('useSessionUser needs a signed-in user');
  return user;
}
