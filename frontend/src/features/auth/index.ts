export { AuthProvider } from './components/auth-provider';
export { LoginForm } from './components/login-form';
export { ChangePasswordForm } from './components/change-password-form';
export { SetupForm } from './components/setup-form';
export { useAuth, useSessionUser, type SessionUser } from './hooks/auth-context';
