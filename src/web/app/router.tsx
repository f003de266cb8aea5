import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Permission } from '../../contracts/auth';
import LoginPage from '../features/auth/LoginPage';
import { ComingSoon } from '../features/home/ComingSoon';
import { Forbidden, NotFound } from '../ui/results';
import { RequireAuth, RequirePerm } from './auth';
import { AppLayout, MODULES } from './layout';

const DashboardPage = lazy(() => import('../features/home/DashboardPage'));
const OrgsPage = lazy(() => import('../features/orgs/OrgsPage'));
const UsersPage = lazy(() => import('../features/users/UsersPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          {
            path: 'orgs',
            element: (
              <RequirePerm perm={Permission.OrgRead}>
                <OrgsPage />
              </RequirePerm>
            ),
          },
          {
            path: 'users',
            element: (
              <RequirePerm perm={Permission.UserRead}>
                <UsersPage />
              </RequirePerm>
            ),
          },
          {
            path: 'audit',
            element: (
              <RequirePerm perm={Permission.AuditRead}>
                <AuditPage />
              </RequirePerm>
            ),
          },
          ...MODULES.filter((m) => m.soon).map((m) => ({ path: m.path.slice(1), element: <ComingSoon module={m} /> })),
          { path: '403', element: <Forbidden /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
