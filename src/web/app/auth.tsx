import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Result, Spin } from 'antd';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import type { MeResponse, Permission } from '../../contracts/auth';
import { Forbidden } from '../ui/results';
import { ApiError, api } from './api';
import { useT } from './i18n';

export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in user, or null when there is no (valid) session. */
export async function fetchMe(): Promise<MeResponse | null> {
  try {
    return await api<MeResponse>('/api/v1/auth/me', { noAuthRedirect: true });
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export function useMeQuery() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

export interface AuthValue {
  me: MeResponse;
  can: (p: Permission) => boolean;
  /** Can the actor manage this org path (inside its own subtree, not just visible through the region)? */
  manages: (orgPath: string) => boolean;
}

const AuthContext = createContext<AuthValue | null>(null);

/** The signed-in user inside the protected part of the app. */
export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside <RequireAuth>');
  return v;
}

function FullPageSpin() {
  const t = useT();
  return (
    <div style={{ height: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
      <Spin size="large" description={t('app.loading')} />
    </div>
  );
}

/** Renders the protected routes for a signed-in user; otherwise sends the browser to /login. */
export function RequireAuth() {
  const t = useT();
  const location = useLocation();
  const q = useMeQuery();
  const me = q.data;
  const value = useMemo<AuthValue | null>(() => {
    if (!me) return null;
    const perms = new Set(me.permissions);
    return {
      me,
      can: (p) => perms.has(p),
      manages: (path) => path.startsWith(me.scope.orgPath),
    };
  }, [me]);

  if (q.isPending) return <FullPageSpin />;
  if (q.isError && !me) {
    return (
      <Result
        status="error"
        title={t('error.loadFailed')}
        subTitle={(q.error as Error).message}
        extra={
          <Button type="primary" onClick={() => q.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!value) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <AuthContext.Provider value={value}>
      <Outlet />
    </AuthContext.Provider>
  );
}

/** Shows the children only when the user holds the permission; a 403 page otherwise. */
export function RequirePerm({ perm, children }: { perm: Permission; children: ReactNode }) {
  const { can } = useAuth();
  return can(perm) ? <>{children}</> : <Forbidden />;
}

/** Signs out: ends the session on the server, forgets every cached answer, shows the login page. */
export function useLogout(): () => Promise<void> {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await api<void>('/api/v1/auth/logout', { method: 'POST', body: {}, noAuthRedirect: true });
    } catch {
      /* the session may already be gone; sign out locally anyway */
    }
    qc.clear();
    qc.setQueryData(ME_KEY, null);
    navigate('/login', { replace: true });
  }, [qc, navigate]);
}
