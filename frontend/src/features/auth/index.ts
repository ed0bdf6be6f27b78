export { AuthProvider } from './components/auth-provider';
export { LoginForm } from './components/login-form';
export { useAuth, useSessionUser, type SessionUser } from './hooks/auth-context';
