import { createBrowserRouter, Navigate } from 'react-router';
import { AppShell } from './layout/app-shell';
import { RequireAuth } from './layout/guards';
import { BoardRoute } from './routes/board-route';
import { LoginRoute } from './routes/login-route';
import { afterWords } from '@/i18n';

// The board (the first page after signing in) and the sign-in page are in the first bundle; every
// other page is its own chunk, fetched when it is first opened (issue 13: first page ≤ 250 kB gzip),
// with the rest of the page's language (issue 15: the first page's words come first).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/setup', lazy: () => afterWords(import('./routes/setup-route')).then((m) => ({ Component: m.SetupRoute })) },
  // the TV on the sales floor: its own token (no sign-in), no top bar
  { path: '/wallboard', lazy: () => afterWords(import('./routes/wallboard-route')).then((m) => ({ Component: m.WallboardRoute })) },
  {
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/board" replace /> },
      { path: 'board', element: <BoardRoute /> },
      { path: 'today', lazy: () => afterWords(import('./routes/today-route')).then((m) => ({ Component: m.TodayRoute })) },
      { path: 'deals/:id', lazy: () => afterWords(import('./routes/deal-route')).then((m) => ({ Component: m.DealRoute })) },
      { path: 'contacts', lazy: () => afterWords(import('./routes/contacts-route')).then((m) => ({ Component: m.ContactsRoute })) },
      { path: 'contacts/:id', lazy: () => afterWords(import('./routes/contact-route')).then((m) => ({ Component: m.ContactRoute })) },
      { path: 'calls', lazy: () => afterWords(import('./routes/calls-route')).then((m) => ({ Component: m.CallsRoute })) },
      { path: 'reports', lazy: () => afterWords(import('./routes/reports-route')).then((m) => ({ Component: m.ReportsRoute })) },
      { path: 'phones', lazy: () => afterWords(import('./routes/devices-route')).then((m) => ({ Component: m.DevicesRoute })) },
      { path: 'account', lazy: () => afterWords(import('./routes/account-route')).then((m) => ({ Component: m.AccountRoute })) },
      {
        path: 'admin',
        lazy: () =>
          afterWords(Promise.all([import('./routes/admin-route'), import('./layout/require-head')])).then(([{ AdminRoute }, { RequireHead }]) => ({
            element: <RequireHead><AdminRoute /></RequireHead>,
          })),
      },
      {
        path: 'team',
        lazy: () =>
          afterWords(Promise.all([import('./routes/team-route'), import('./layout/require-head')])).then(([{ TeamRoute }, { RequireHead }]) => ({
            element: <RequireHead><TeamRoute /></RequireHead>,
          })),
      },
      { path: 'admin/rules', element: <Navigate to="/admin?tab=rules" replace /> },
      { path: '*', lazy: () => afterWords(import('./routes/not-found-route')).then((m) => ({ Component: m.NotFoundRoute })) },
    ],
  },
]);
