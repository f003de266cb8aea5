import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../src/contracts/auth';
import type { OrgDto } from '../src/contracts/orgs';
import { buildApp } from '../src/server/app';
import { testConfig } from '../src/server/config';
import { SessionCache } from '../src/server/modules/auth/session-cache';
import { fixedClock } from '../src/server/platform/clock';
import { rowsOf } from '../src/server/platform/db/client';
import type { Deps } from '../src/server/platform/deps';
import type { Actor } from '../src/server/platform/http/actor';
import type { ZApp } from '../src/server/platform/http/types';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { TEST_PII_KEY, loginAs } from './support/app';
import { openTestDatabase } from './support/db';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { countRows, expectError } from './support/http';

/**
 * The in-process session cache (sessions trusted for a few seconds between database reads) must never keep a revoked
 * session or a stale permission alive in this process, and must see another process's change within its lifetime.
 * The cache's clock is a counter the test moves, so nothing here depends on real time.
 */
let app: ZApp;
let deps: Deps;
let dispose: () => Promise<void>;
let cacheNow = 0;
const TTL = 5_000;
const MIN = 60_000;

beforeAll(async () => {
  const handle = await openTestDatabase();
  dispose = handle.dispose;
  deps = { db: handle.db, dbKind: handle.kind, clock: fixedClock('2026-11-30T02:00:00Z'), cipher: PiiCipher.fromConfig(TEST_PII_KEY), config: testConfig() };
  app = await buildApp(deps, { logger: false, webDir: null, sessionCache: { ttlMs: TTL, now: () => cacheNow } });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await dispose?.();
});

const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
const households = (cookie: string) => app.inject({ method: 'GET', url: '/api/v1/registry/households?limit=1', headers: { cookie } });
const sessionsQueried = async (cookie: string, n: number) => {
  for (let i = 0; i < n; i++) expect((await households(cookie)).statusCode).toBe(200);
};
const clock = () => deps.clock as ReturnType<typeof fixedClock>;

async function admin() {
  const a = await makeUser(deps, { orgCode: '52', roles: ['admin'] });
  return loginAs(app, a.username, PASSWORD);
}

describe('session cache: revocation in this process takes effect at the next request', () => {
  let union: OrgDto;
  let adminCookie: string;
  beforeAll(async () => {
    union = await makeGrassroots(deps);
    adminCookie = await admin();
  });

  it('logout', async () => {
    const u = await makeUser(deps, { orgId: union.id });
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 3); // the first read fills the cache, the next ones are served from it
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expectError(await households(cookie), 401, 'UNAUTHENTICATED');
    expectError(await me(cookie), 401, 'UNAUTHENTICATED');
  });

  it('an administrator disables the user', async () => {
    const u = await makeUser(deps, { orgId: union.id });
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 2);
    const res = await app.inject({ method: 'POST', url: `/api/v1/auth/users/${u.id}/status`, headers: { cookie: adminCookie }, payload: { status: 'disabled' } });
    expect(res.statusCode, res.body).toBe(200);
    expectError(await households(cookie), 401);
  });

  it('an administrator resets the password', async () => {
    const u = await makeUser(deps, { orgId: union.id });
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 2);
    const res = await app.inject({ method: 'POST', url: `/api/v1/auth/users/${u.id}/reset-password`, headers: { cookie: adminCookie }, payload: { newPassword: 'An0ther-Passw0rd!x', mustChange: false } });
    expect(res.statusCode, res.body).toBe(204);
    expectError(await households(cookie), 401, 'UNAUTHENTICATED');
  });

  it('the user changes their password: their other sessions end, this one stays', async () => {
    const u = await makeUser(deps, { orgId: union.id });
    const here = await loginAs(app, u.username, PASSWORD);
    const elsewhere = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(here, 2);
    await sessionsQueried(elsewhere, 2);
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: here }, payload: { currentPassword: PASSWORD, newPassword: 'Changed-Passw0rd!y' } });
    expect(res.statusCode, res.body).toBe(204);
    expectError(await households(elsewhere), 401, 'UNAUTHENTICATED');
    expect((await households(here)).statusCode).toBe(200);
  });

  it('a role change: a permission taken away is refused at once', async () => {
    const u = await makeUser(deps, { orgId: union.id, roles: ['cadre'] });
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 2);
    const res = await app.inject({ method: 'PATCH', url: `/api/v1/auth/users/${u.id}`, headers: { cookie: adminCookie }, payload: { roles: ['donor'] } });
    expect(res.statusCode, res.body).toBe(200);
    expectError(await households(cookie), 403, 'FORBIDDEN');
    expect(((await me(cookie)).json() as MeResponse).user.roles).toEqual(['donor']);
  });

  it('moving the user’s org changes their scope at once', async () => {
    const org = await makeGrassroots(deps, { countyCode: '520302' });
    const u = await makeUser(deps, { orgId: org.id, roles: ['cadre'] });
    const cookie = await loginAs(app, u.username, PASSWORD);
    const before = (await me(cookie)).json() as MeResponse;
    await sessionsQueried(cookie, 2);
    const target = (await orgByCode(deps, '5203')).id; // from under its county's federation to under the city's
    const res = await app.inject({ method: 'POST', url: `/api/v1/orgs/${org.id}/move`, headers: { cookie: adminCookie }, payload: { parentId: target } });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await me(cookie)).json() as MeResponse;
    expect(after.scope.orgPath).not.toBe(before.scope.orgPath);
    expect(after.scope.orgPath).toBe((res.json() as OrgDto).path);
  });
});

describe('session cache: expiry and changes made elsewhere', () => {
  it('an expired session is refused even when it was read a moment ago', async () => {
    const u = await makeUser(deps);
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 2);
    clock().advance(deps.config.sessionIdleMinutes * MIN + 1000);
    expectError(await households(cookie), 401, 'SESSION_EXPIRED');
  });

  it('the idle expiry still slides and is written to the database while the session is in use', async () => {
    const u = await makeUser(deps);
    const cookie = await loginAs(app, u.username, PASSWORD);
    const id = (await loginSessionId(u.id))!;
    const first = await expiresAtOf(id);
    await sessionsQueried(cookie, 2);
    clock().advance(2 * MIN);
    await sessionsQueried(cookie, 1);
    const slid = await expiresAtOf(id);
    expect(slid.getTime()).toBe(first.getTime() + 2 * MIN);
  });

  it('a session ended by another process (deleted in the database) stops working within the cache lifetime', async () => {
    const u = await makeUser(deps);
    const cookie = await loginAs(app, u.username, PASSWORD);
    await sessionsQueried(cookie, 1);
    await deps.db.execute(sql`delete from sessions where user_id = ${u.id}`);
    expect(await countRows(deps.db, 'sessions', `user_id = '${u.id}'`)).toBe(0);
    // still trusted for at most the lifetime …
    expect((await households(cookie)).statusCode).toBe(200);
    cacheNow += TTL;
    // … and then read again: gone
    expectError(await households(cookie), 401, 'UNAUTHENTICATED');
  });
});

async function loginSessionId(userId: string): Promise<string | undefined> {
  return rowsOf<{ id: string }>(await deps.db.execute(sql`select id from sessions where user_id = ${userId} order by created_at desc limit 1`))[0]?.id;
}
async function expiresAtOf(id: string): Promise<Date> {
  return new Date(rowsOf<{ expires_at: string | Date }>(await deps.db.execute(sql`select expires_at from sessions where id = ${id}`))[0]!.expires_at);
}

describe('SessionCache', () => {
  const base = { userId: 'u', username: 'u', displayName: 'u', orgId: 'o', orgCode: '', orgName: '', orgKind: 'grassroots', orgPath: '/x/', divisionCode: null, roles: [], permissions: new Set() } as Omit<Actor, 'ip' | 'userAgent' | 'requestId'>;
  const entry = (sessionId: string) => ({ sessionId, userId: 'u', actor: base, expiresAt: new Date(), lastSeenAt: new Date() });

  it('does not store a read that began before a clear (a request racing a logout)', () => {
    let now = 0;
    const c = new SessionCache({ ttlMs: 1000, now: () => now });
    const gen = c.generation();
    c.clear();
    c.set(entry('a'), gen);
    expect(c.get('a')).toBeUndefined();
    c.set(entry('a'), c.generation());
    expect(c.get('a')?.sessionId).toBe('a');
    now = 1000;
    expect(c.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest; a zero lifetime stores nothing', () => {
    const c = new SessionCache({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    for (const id of ['a', 'b', 'c']) c.set(entry(id), c.generation());
    expect(c.size).toBe(2);
    expect(c.get('a')).toBeUndefined();
    expect(c.get('c')?.sessionId).toBe('c');
    const off = new SessionCache({ ttlMs: 0 });
    off.set(entry('a'), off.generation());
    expect(off.size).toBe(0);
  });
});
