import { lazy, type ReactNode } from 'react';
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
const HouseholdListPage = lazy(() => import('../features/registry/HouseholdListPage'));
const HouseholdPage = lazy(() => import('../features/registry/HouseholdPage'));
const HouseholdFormPage = lazy(() => import('../features/registry/HouseholdFormPage'));
const AssessPage = lazy(() => import('../features/registry/AssessPage'));
const DibaoLinesPage = lazy(() => import('../features/registry/DibaoLinesPage'));
const RegistryStatsPage = lazy(() => import('../features/registry/StatsPage'));
const ImportPage = lazy(() => import('../features/registry/ImportPage'));

const guard = (perm: Permission, element: ReactNode) => <RequirePerm perm={perm}>{element}</RequirePerm>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'orgs', element: guard(Permission.OrgRead, <OrgsPage />) },
          { path: 'users', element: guard(Permission.UserRead, <UsersPage />) },
          { path: 'audit', element: guard(Permission.AuditRead, <AuditPage />) },
          {
            path: 'registry',
            children: [
              { index: true, element: guard(Permission.RegistryRead, <HouseholdListPage />) },
              { path: 'new', element: guard(Permission.RegistryWrite, <HouseholdFormPage />) },
              { path: 'households/:id', element: guard(Permission.RegistryRead, <HouseholdPage />) },
              { path: 'households/:id/edit', element: guard(Permission.RegistryWrite, <HouseholdFormPage />) },
              { path: 'assess', element: guard(Permission.RegistryRead, <AssessPage />) },
              { path: 'dibao-lines', element: guard(Permission.RegistryRead, <DibaoLinesPage />) },
              { path: 'stats', element: guard(Permission.RegistryRead, <RegistryStatsPage />) },
              { path: 'import', element: guard(Permission.RegistryWrite, <ImportPage />) },
            ],
          },
          ...MODULES.filter((m) => m.soon).map((m) => ({ path: m.path.slice(1), element: <ComingSoon module={m} /> })),
          { path: '403', element: <Forbidden /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
