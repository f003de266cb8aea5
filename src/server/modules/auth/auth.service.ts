import { createHash, randomBytes } from 'node:crypto';
import { and, eq, lt } from 'drizzle-orm';
import { type Role, passwordProblems, permissionsOf } from '../../../contracts/auth';
import type { MeResponse } from '../../../contracts/auth';
import { recordAudit } from '../../platform/audit/audit.service';
import type { Db } from '../../platform/db/client';
import { withTx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import { divisionName } from '../orgs/division';
import { isFederation } from '../orgs/org.rules';
import { orgs } from '../orgs/org.table';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password';
import { sessions } from './session.table';
import type { SessionCache } from './session-cache';
import { users } from './user.table';

/** The idle expiry slides (and the session row is written) at most once a minute. */
const SLIDE_AFTER_MS = 60_000;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

function anonymous(meta: RequestMeta, username: string): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000001',
    username,
    displayName: username,
    orgId: '00000000-0000-0000-0000-000000000000',
    orgCode: '',
    orgName: '',
    orgKind: 'anonymous',
    orgPath: '',
    divisionCode: null,
    roles: [],
    permissions: new Set(),
    ...meta,
  };
}

export function actorFrom(
  u: { id: string; username: string; displayName: string; roles: string[] },
  o: { id: string; code: string; name: string; kind: string; path: string; regionCode: string | null },
  meta: RequestMeta,
): Actor {
  const roles = u.roles as Role[];
  return {
    userId: u.id,
    username: u.username,
    displayName: u.displayName,
    orgId: o.id,
    orgCode: o.code,
    orgName: o.name,
    orgKind: o.kind,
    orgPath: o.path,
    divisionCode: isFederation(o.kind) ? o.regionCode : null,
    roles,
    permissions: new Set(permissionsOf(roles)),
    ...meta,
  };
}

/**
 * Signs in. Wrong passwords count towards a lock (loginMaxFailures → locked for loginLockMinutes);
 * the failure is committed even though the call answers an error. Unknown users cost the same time.
 */
export async function login(
  deps: Deps,
  input: { username: string; password: string },
  meta: RequestMeta,
): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const { db, clock, config } = deps;
  const [row] = await db.select({ u: users, o: orgs }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.username, input.username));
  const now = clock.now();
  if (!row) {
    await verifyPassword(input.password, DUMMY_HASH);
    await withTx(db, (tx) =>
      recordAudit(tx, anonymous(meta, input.username), clock, { action: 'auth.login_failed', entityType: 'user', entityId: null, after: { username: input.username, reason: 'unknown_user' } }),
    );
    throw new AppError(401, 'INVALID_CREDENTIALS');
  }
  const { u, o } = row;
  const actor = actorFrom(u, o, meta);
  if (u.lockedUntil && u.lockedUntil > now) {
    throw new AppError(423, 'ACCOUNT_LOCKED', { until: u.lockedUntil.toISOString() });
  }
  const ok = await verifyPassword(input.password, u.passwordHash);
  if (!ok) {
    const failures = u.failedLogins + 1;
    const lock = failures >= config.loginMaxFailures;
    const lockedUntil = lock ? new Date(now.getTime() + config.loginLockMinutes * 60_000) : null;
    await withTx(db, async (tx) => {
      await tx.update(users).set({ failedLogins: lock ? 0 : failures, lockedUntil }).where(eq(users.id, u.id));
      await recordAudit(tx, actor, clock, {
        action: lock ? 'auth.locked' : 'auth.login_failed',
        entityType: 'user',
        entityId: u.id,
        orgPath: o.path,
        regionCode: o.regionCode,
        after: { failures, lockedUntil },
      });
    });
    if (lock) throw new AppError(423, 'ACCOUNT_LOCKED', { until: lockedUntil!.toISOString() });
    throw new AppError(401, 'INVALID_CREDENTIALS');
  }
  if (u.status !== 'active') throw new AppError(403, 'ACCOUNT_DISABLED');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + Math.min(config.sessionIdleMinutes * 60_000, config.sessionMaxHours * 3_600_000));
  await withTx(db, async (tx) => {
    await tx.delete(sessions).where(and(eq(sessions.userId, u.id), lt(sessions.expiresAt, now)));
    await tx.insert(sessions).values({ id: sessionIdOf(token), userId: u.id, createdAt: now, expiresAt, lastSeenAt: now, ip: meta.ip, userAgent: meta.userAgent });
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, u.id));
    await recordAudit(tx, actor, clock, { action: 'auth.login', entityType: 'user', entityId: u.id, orgPath: o.path, regionCode: o.regionCode });
  });
  return { token, expiresAt, actor };
}

export async function logout(deps: Deps, actor: Actor, sessionId: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    await recordAudit(tx, actor, deps.clock, { action: 'auth.logout', entityType: 'user', entityId: actor.userId, orgPath: actor.orgPath });
  });
}

/**
 * Resolves a session token; slides the idle expiry (never past the absolute maximum). With a cache, a session read
 * in the last few seconds is served from memory while its expiry has not passed and the idle window would not slide
 * (see SessionCache for how it stays correct).
 */
export async function loadSession(
  deps: Deps,
  token: string,
  meta: RequestMeta,
  cache?: SessionCache,
): Promise<{ actor: Actor; sessionId: string; expiresAt: Date } | { expired: true } | null> {
  const { db, clock, config } = deps;
  if (token.length > 200) return null;
  const id = sessionIdOf(token);
  if (cache) {
    const hit = cache.get(id);
    const now = clock.now();
    if (hit && hit.expiresAt > now && now.getTime() - hit.lastSeenAt.getTime() <= SLIDE_AFTER_MS) {
      return { actor: { ...hit.actor, ...meta }, sessionId: id, expiresAt: hit.expiresAt };
    }
  }
  const generation = cache?.generation() ?? 0;
  const [row] = await db
    .select({ s: sessions, u: users, o: orgs })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(eq(sessions.id, id));
  if (!row) {
    cache?.delete(id);
    return null;
  }
  const now = clock.now();
  if (row.s.expiresAt <= now || row.u.status !== 'active') {
    cache?.delete(id);
    await db.delete(sessions).where(eq(sessions.id, id));
    return { expired: true };
  }
  let expiresAt = row.s.expiresAt;
  let lastSeenAt = row.s.lastSeenAt;
  if (now.getTime() - row.s.lastSeenAt.getTime() > SLIDE_AFTER_MS) {
    const absolute = row.s.createdAt.getTime() + config.sessionMaxHours * 3_600_000;
    expiresAt = new Date(Math.min(now.getTime() + config.sessionIdleMinutes * 60_000, absolute));
    lastSeenAt = now;
    await db.update(sessions).set({ lastSeenAt, expiresAt }).where(eq(sessions.id, id));
  }
  const actor = actorFrom(row.u, row.o, meta);
  if (cache) {
    const { ip: _ip, userAgent: _ua, requestId: _rid, ...base } = actor;
    cache.set({ sessionId: id, userId: row.u.id, actor: base, expiresAt, lastSeenAt }, generation);
  }
  return { actor, sessionId: id, expiresAt };
}

export async function me(db: Db, actor: Actor, sessionId: string): Promise<MeResponse> {
  const [row] = await db.select({ u: users, s: sessions }).from(users).innerJoin(sessions, eq(sessions.userId, users.id)).where(eq(sessions.id, sessionId));
  const description = actor.divisionCode
    ? `${actor.orgName}及下级组织，及${divisionName(actor.divisionCode) ?? actor.divisionCode}辖区内的一切记录`
    : `${actor.orgName}及下级组织`;
  return {
    user: { id: actor.userId, username: actor.username, displayName: actor.displayName, roles: actor.roles, mustChangePassword: row?.u.mustChangePassword ?? false },
    org: { id: actor.orgId, code: actor.orgCode, name: actor.orgName, kind: actor.orgKind, regionCode: actor.divisionCode },
    permissions: [...actor.permissions].sort(),
    scope: { orgPath: actor.orgPath, regionCode: actor.divisionCode, description },
    sessionExpiresAt: (row?.s.expiresAt ?? new Date()).toISOString(),
  };
}

export async function changePassword(deps: Deps, actor: Actor, sessionId: string, current: string, next: string): Promise<void> {
  const [u] = await deps.db.select().from(users).where(eq(users.id, actor.userId));
  if (!u || !(await verifyPassword(current, u.passwordHash))) throw new AppError(400, 'INVALID_CREDENTIALS');
  if (passwordProblems(next, u.username).length) throw new AppError(400, 'WEAK_PASSWORD', {}, { problems: passwordProblems(next, u.username) });
  const hash = await hashPassword(next);
  await withTx(deps.db, async (tx) => {
    await tx.update(users).set({ passwordHash: hash, mustChangePassword: false, updatedAt: deps.clock.now() }).where(eq(users.id, u.id));
    // every other session of this user ends
    const others = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, u.id));
    for (const s of others) if (s.id !== sessionId) await tx.delete(sessions).where(eq(sessions.id, s.id));
    await recordAudit(tx, actor, deps.clock, { action: 'auth.password_change', entityType: 'user', entityId: u.id, orgPath: actor.orgPath });
  });
}
