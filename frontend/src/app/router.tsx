import { createBrowserRouter, Navigate } from 'react-router';
import { AppShell } from './layout/app-shell';
import { RequireAuth, RequireHead } from './layout/guards';
import { AccountRoute } from './routes/account-route';
import { AdminRoute } from './routes/admin-route';
import { BoardRoute } from './routes/board-route';
import { CallsRoute } from './routes/calls-route';
import { ContactRoute } from './routes/contact-route';
import { ContactsRoute } from './routes/contacts-route';
import { DealRoute } from './routes/deal-route';
import { DevicesRoute } from './routes/devices-route';
import { LoginRoute } from './routes/login-route';
import { NotFoundRoute } from './routes/not-found-route';
import { SetupRoute } from './routes/setup-route';
import { TeamRoute } from './routes/team-route';
import { TodayRoute } from './routes/today-route';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginRoute /> },
  { path: '/setup', element: <SetupRoute /> },
  {
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/board" replace /> },
      { path: 'board', element: <BoardRoute /> },
      { path: 'today', element: <TodayRoute /> },
      { path: 'deals/:id', element: <DealRoute /> },
      { path: 'contacts', element: <ContactsRoute /> },
      { path: 'contacts/:id', element: <ContactRoute /> },
      { path: 'calls', element: <CallsRoute /> },
      { path: 'phones', element: <DevicesRoute /> },
      { path: 'account', element: <AccountRoute /> },
      {
        path: 'admin',
        element: (
          <RequireHead>
            <AdminRoute />
          </RequireHead>
        ),
      },
      {
        path: 'team',
        element: (
          <RequireHead>
            <TeamRoute />
          </RequireHead>
        ),
      },
      { path: 'admin/rules', element: <Navigate to="/admin?tab=rules" replace /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
]);
