import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { Permission } from '../../../contracts/auth';
import type { Actor } from './actor';
import { AppError } from './errors';
import { type Lang, langOf } from './i18n';

/** What a route needs: a permission, any signed-in user, or nothing. Every /api route must declare it. */
export type RouteAccess = Permission | 'authenticated' | 'public';

export interface RouteInfo {
  method: string;
  url: string;
  access: RouteAccess;
  schema: { body?: ZodType; params?: ZodType; querystring?: ZodType };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
    lang: Lang;
  }
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

export interface SessionLoader {
  /** Resolves the cookie token to an actor; `expired` when the session existed but ran out. */
  load(token: string, req: FastifyRequest): Promise<{ actor: Actor; sessionId: string } | { expired: true } | null>;
}

export const SESSION_COOKIE = 'pa_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originAllowed(req: FastifyRequest, allowed: string[]): boolean {
  const origin = req.headers.origin ?? (req.headers.referer ? safeOrigin(req.headers.referer) : undefined);
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return false;
  if (!origin) return true; // non-browser clients (CLI, curl) send none; browsers always send Origin on POST/PUT/PATCH/DELETE
  if (origin === 'null') return false;
  const host = req.headers.host;
  const own = safeOrigin(origin);
  if (own && host && new URL(own).host === host) return true;
  return allowed.includes(origin);
}

function safeOrigin(u: string): string | undefined {
  try {
    return new URL(u).origin;
  } catch {
    return undefined;
  }
}

/**
 * Registers the route table, the session loading, the access check and CSRF protection.
 * Runs in onRequest, so an unauthorised request is refused before its body is even read.
 */
export function registerGuard(app: FastifyInstance, sessions: SessionLoader, opts: { allowedOrigins: string[] }): void {
  app.decorate('routeTable', [] as RouteInfo[]);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('lang', 'zh-CN');

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} must declare config.access`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD') continue;
      app.routeTable.push({
        method: m,
        url: route.url,
        access,
        schema: (route.schema ?? {}) as RouteInfo['schema'],
      });
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    req.lang = langOf(req.headers['accept-language']);
    const access = req.routeOptions.config?.access;
    if (!req.url.startsWith('/api/') || !access) return;
    if (!SAFE_METHODS.has(req.method) && !originAllowed(req, opts.allowedOrigins)) {
      throw new AppError(403, 'CSRF_REJECTED');
    }
    const token = req.cookies?.[SESSION_COOKIE];
    let expired = false;
    if (token) {
      const s = await sessions.load(token, req);
      if (s && 'actor' in s) {
        req.actor = s.actor;
        req.sessionId = s.sessionId;
      } else if (s && 'expired' in s) expired = true;
    }
    if (access === 'public') return;
    if (!req.actor) throw new AppError(401, expired ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    if (access !== 'authenticated' && !req.actor.permissions.has(access)) throw new AppError(403, 'FORBIDDEN');
  });
}

/** The actor of a guarded route (the guard has already refused anonymous requests). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError(401, 'UNAUTHENTICATED');
  return req.actor;
}
