import { z } from 'zod';
import { ROLE_LABELS, ROLE_PERMISSIONS, ROLES, changePasswordBody, loginBody, meResponse } from '../../../contracts/auth';
import { emptyBody } from '../../../contracts/common';
import type { Deps } from '../../platform/deps';
import { SESSION_COOKIE, actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { changePassword, login, logout, me, sessionIdOf } from './auth.service';

export function registerAuthRoutes(app: ZApp, deps: Deps): void {
  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: deps.config.secureCookies };

  app.post(
    '/api/v1/auth/login',
    {
      config: { access: 'public', rateLimit: { max: deps.config.loginRateLimitPerMinute, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], summary: '登录 / sign in', body: loginBody, response: { 200: meResponse } },
    },
    async (req, reply) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] ?? null, requestId: req.id };
      const { token, expiresAt, actor } = await login(deps, req.body, meta);
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOpts, expires: expiresAt });
      return me(deps.db, actor, sessionIdOf(token));
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '退出 / sign out', body: emptyBody } },
    async (req, reply) => {
      await logout(deps, actorOf(req), req.sessionId!);
      reply.clearCookie(SESSION_COOKIE, cookieOpts);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '当前用户 / current user', response: { 200: meResponse } } },
    async (req) => me(deps.db, actorOf(req), req.sessionId!),
  );

  app.post(
    '/api/v1/auth/password',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '修改密码 / change password', body: changePasswordBody } },
    async (req, reply) => {
      await changePassword(deps, actorOf(req), req.sessionId!, req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/roles',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: '角色与权限 / roles and permissions',
        response: { 200: z.object({ items: z.array(z.object({ role: z.string(), zh: z.string(), en: z.string(), permissions: z.array(z.string()) })) }) },
      },
    },
    async () => ({ items: ROLES.map((r) => ({ role: r, ...ROLE_LABELS[r], permissions: [...ROLE_PERMISSIONS[r]] })) }),
  );
}
