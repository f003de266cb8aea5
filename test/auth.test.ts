import { beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse } from '../src/contracts/auth';
import type { OrgDto } from '../src/contracts/orgs';
import type { UserDto } from '../src/contracts/users';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { client, countRows, expectError, snapshotTables } from './support/http';

const t = useTestApp({ allowedOrigins: ['https://portal.example.org'] });
const MIN = 60_000;

let union: OrgDto;
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });
const me = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });

let adminUsername: string | null = null;
/** A fresh session of the province admin (the clock moves in this file, so sessions are not kept). */
async function admin() {
  adminUsername ??= (await makeUser(t.deps, { orgCode: '52', roles: ['admin'] })).username;
  return client(t.app, await loginAs(t.app, adminUsername, PASSWORD));
}

beforeAll(async () => {
  union = await makeGrassroots(t.deps);
});

describe('login', () => {
  it('sets an httpOnly, SameSite=Lax session cookie that expires with the idle timeout', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const res = await login(u.username, PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json() as MeResponse;
    expect(body.user.username).toBe(u.username);
    const c = res.cookies.find((x) => x.name === 'pa_session');
    expect(c).toBeDefined();
    expect(c!.value.length).toBeGreaterThanOrEqual(40);
    expect(c!.httpOnly).toBe(true);
    expect(c!.sameSite).toBe('Lax');
    expect(c!.path).toBe('/');
    const expected = new Date(t.clock.now().getTime() + t.deps.config.sessionIdleMinutes * MIN);
    expect(c!.expires?.toISOString()).toBe(expected.toISOString());
    expect(body.sessionExpiresAt).toBe(expected.toISOString());
    // the token itself is not stored: only its hash
    expect(await countRows(t.deps.db, 'sessions', `id = '${c!.value.replace(/'/g, "''")}'`)).toBe(0);
    expect((await me(`pa_session=${c!.value}`)).statusCode).toBe(200);
  });

  it('refuses a wrong password with 401 INVALID_CREDENTIALS, in Chinese by default and in English on request', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const zh = expectError(await login(u.username, 'Wrong-Passw0rd!'), 401, 'INVALID_CREDENTIALS');
    expect(zh.message).toBe('用户名或密码错误');
    const en = expectError(await login(u.username, 'Wrong-Passw0rd!', { 'accept-language': 'en-US,en;q=0.9' }), 401, 'INVALID_CREDENTIALS');
    expect(en.message).toBe('Wrong username or password');
    const zhExplicit = expectError(await login(u.username, 'Wrong-Passw0rd!', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }), 401, 'INVALID_CREDENTIALS');
    expect(zhExplicit.message).toBe('用户名或密码错误');
    expect((await login(u.username, 'Wrong-Passw0rd!')).cookies.find((c) => c.name === 'pa_session')).toBeUndefined();
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const unknown = expectError(await login('nobody_at_all', 'Wrong-Passw0rd!'), 401, 'INVALID_CREDENTIALS');
    const u = await makeUser(t.deps, { orgId: union.id });
    expect(expectError(await login(u.username, 'Wrong-Passw0rd!'), 401)).toEqual(unknown);
  });

  it(`locks the account after loginMaxFailures failures (423 even with the right password) and unlocks after the lock time`, async () => {
    const { loginMaxFailures, loginLockMinutes } = t.deps.config;
    expect(loginMaxFailures).toBe(5);
    const u = await makeUser(t.deps, { orgId: union.id });
    for (let i = 1; i < loginMaxFailures; i++) expectError(await login(u.username, `Wrong-Passw0rd-${i}`), 401, 'INVALID_CREDENTIALS');
    const locked = expectError(await login(u.username, 'Wrong-Passw0rd-last'), 423, 'ACCOUNT_LOCKED');
    const until = new Date(t.clock.now().getTime() + loginLockMinutes * MIN).toISOString();
    expect(locked.message).toContain(until);
    expectError(await login(u.username, PASSWORD), 423, 'ACCOUNT_LOCKED');
    expect(expectError(await login(u.username, PASSWORD, { 'accept-language': 'en' }), 423).message).toMatch(/locked until/);
    t.clock.advance(loginLockMinutes * MIN - 1000);
    expectError(await login(u.username, PASSWORD), 423, 'ACCOUNT_LOCKED');
    t.clock.advance(2000);
    const ok = await login(u.username, PASSWORD);
    expect(ok.statusCode).toBe(200);
    // the lock is over: the failure count starts again from zero
    for (let i = 1; i < loginMaxFailures; i++) expectError(await login(u.username, 'Wrong-Passw0rd!'), 401, 'INVALID_CREDENTIALS');
    expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
  });

  it('a successful sign-in resets the failure count', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    for (let round = 0; round < 2; round++) {
      for (let i = 1; i < t.deps.config.loginMaxFailures; i++) expectError(await login(u.username, 'Wrong-Passw0rd!'), 401);
      expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
    }
  });

  it('refuses a disabled user (403 ACCOUNT_DISABLED) and ends their sessions', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    const a = await admin();
    expect((await a.post(`/api/v1/auth/users/${u.id}/status`, { status: 'disabled' })).statusCode).toBe(200);
    expectError(await login(u.username, PASSWORD), 403, 'ACCOUNT_DISABLED');
    expectError(await me(cookie), 401);
    // a wrong password still says only "wrong credentials"
    expectError(await login(u.username, 'Wrong-Passw0rd!'), 401, 'INVALID_CREDENTIALS');
    expect((await a.post(`/api/v1/auth/users/${u.id}/status`, { status: 'active' })).statusCode).toBe(200);
    expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses an empty or missing body with 400, not 401', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} }), 400, 'VALIDATION_FAILED');
    expectError(await login('', ''), 400, 'VALIDATION_FAILED');
  });
});

describe('sessions', () => {
  it('expire after sessionIdleMinutes without use (401 SESSION_EXPIRED)', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    t.clock.advance(t.deps.config.sessionIdleMinutes * MIN + 1000);
    const err = expectError(await me(cookie), 401, 'SESSION_EXPIRED');
    expect(err.message).toBe('登录已过期，请重新登录');
    // the expired session is gone: the next request is simply unauthenticated
    expectError(await me(cookie), 401, 'UNAUTHENTICATED');
  });

  it('slide while in use, but never past sessionMaxHours', async () => {
    const { sessionIdleMinutes, sessionMaxHours } = t.deps.config;
    expect(sessionIdleMinutes).toBe(120);
    expect(sessionMaxHours).toBe(12);
    const u = await makeUser(t.deps, { orgId: union.id });
    const start = t.clock.now().getTime();
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    for (let i = 1; i <= 7; i++) {
      t.clock.advance(100 * MIN); // less than the idle timeout each time
      const res = await me(cookie);
      expect(res.statusCode, `after ${i * 100} minutes`).toBe(200);
    }
    // at 700 minutes the expiry is capped at the absolute maximum (720 minutes)
    expect((await me(cookie)).json().sessionExpiresAt).toBe(new Date(start + sessionMaxHours * 60 * MIN).toISOString());
    t.clock.advance(21 * MIN);
    expectError(await me(cookie), 401, 'SESSION_EXPIRED');
  });

  it('logout ends the session and clears the cookie', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'pa_session');
    expect(cleared).toBeDefined();
    expect(cleared!.value).toBe('');
    expect(cleared!.expires!.getTime()).toBeLessThanOrEqual(Date.now());
    expectError(await me(cookie), 401, 'UNAUTHENTICATED');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } }), 401, 'UNAUTHENTICATED');
  });

  it('one user may hold several sessions; logging out of one keeps the others', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const c1 = await loginAs(t.app, u.username, PASSWORD);
    const c2 = await loginAs(t.app, u.username, PASSWORD);
    expect(c1).not.toBe(c2);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: c1 } })).statusCode).toBe(204);
    expectError(await me(c1), 401);
    expect((await me(c2)).statusCode).toBe(200);
  });
});

describe('CSRF', () => {
  const orgBody = (name: string) => ({ name, kind: 'grassroots', parentId: union.parentId, regionCode: '520302' });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin null', { origin: 'null' }],
    ['a foreign Referer', { referer: 'https://evil.example/page' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['an Origin on the same host but another port', { origin: 'https://aid.example.org:8443' }],
  ])('refuses a write with %s: 403 CSRF_REJECTED and nothing written', async (_name, headers) => {
    const a = await admin();
    const before = await snapshotTables(t.deps.db);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', payload: orgBody('跨站伪造的工会'), headers: { cookie: a.cookie!, host: 'aid.example.org', ...headers } });
    expectError(res, 403, 'CSRF_REJECTED');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('refuses a cross-site login and logout too', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    expectError(await login(u.username, PASSWORD, { origin: 'https://evil.example' }), 403, 'CSRF_REJECTED');
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, origin: 'https://evil.example' } }), 403, 'CSRF_REJECTED');
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('accepts the same origin, a configured origin, and clients that send no Origin', async () => {
    const a = await admin();
    const cases: Array<[string, Record<string, string>]> = [
      ['同源新建的工会', { host: 'aid.example.org', origin: 'https://aid.example.org', 'sec-fetch-site': 'same-origin' }],
      ['配置来源新建的工会', { host: 'aid.example.org', origin: 'https://portal.example.org' }],
      ['无来源头新建的工会', {}],
      ['同源引用新建的工会', { host: 'aid.example.org', referer: 'https://aid.example.org/orgs' }],
    ];
    for (const [name, headers] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', payload: orgBody(name), headers: { cookie: a.cookie!, ...headers } });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
    }
  });

  it('does not check reads', async () => {
    const a = await admin();
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: a.cookie!, origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('passwords', () => {
  it('refuses a weak password on create with 400 WEAK_PASSWORD, naming the problems', async () => {
    const a = await admin();
    for (const [password, problem] of [
      ['short1!A', 'too_short'],
      ['alllowercaseletters', 'too_simple'],
      ['Weakling-2026!', 'contains_username'],
    ] as const) {
      const res = await a.post('/api/v1/auth/users', { username: 'weakling', displayName: '弱密码', orgId: union.id, roles: ['cadre'], password });
      const err = expectError(res, 400, 'WEAK_PASSWORD');
      expect((err.details as { problems: string[] }).problems).toContain(problem);
    }
    expect(await countRows(t.deps.db, 'users', `username = 'weakling'`)).toBe(0);
  });

  it('refuses a weak password on reset and on change', async () => {
    const a = await admin();
    const u = await makeUser(t.deps, { orgId: union.id });
    expectError(await a.post(`/api/v1/auth/users/${u.id}/reset-password`, { newPassword: 'password' }), 400, 'WEAK_PASSWORD');
    const cookie = await loginAs(t.app, u.username, PASSWORD);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie }, payload: { currentPassword: PASSWORD, newPassword: 'password' } });
    expectError(res, 400, 'WEAK_PASSWORD');
    expect((await login(u.username, PASSWORD)).statusCode).toBe(200);
  });

  it('a reset ends every session of the user and asks for a new password', async () => {
    const a = await admin();
    const u = await makeUser(t.deps, { orgId: union.id });
    const c1 = await loginAs(t.app, u.username, PASSWORD);
    const c2 = await loginAs(t.app, u.username, PASSWORD);
    const res = await a.post(`/api/v1/auth/users/${u.id}/reset-password`, { newPassword: 'Fresh-Start-2026!' });
    expect(res.statusCode).toBe(204);
    expectError(await me(c1), 401);
    expectError(await me(c2), 401);
    expectError(await login(u.username, PASSWORD), 401, 'INVALID_CREDENTIALS');
    const fresh = await login(u.username, 'Fresh-Start-2026!');
    expect(fresh.statusCode).toBe(200);
    expect((fresh.json() as MeResponse).user.mustChangePassword).toBe(true);
    const user = await a.get<UserDto>(`/api/v1/auth/users/${u.id}`);
    expect(user.json().mustChangePassword).toBe(true);
  });

  it('a reset also lifts a lock', async () => {
    const a = await admin();
    const u = await makeUser(t.deps, { orgId: union.id });
    for (let i = 0; i < t.deps.config.loginMaxFailures; i++) await login(u.username, 'Wrong-Passw0rd!');
    expectError(await login(u.username, PASSWORD), 423, 'ACCOUNT_LOCKED');
    expect((await a.get<UserDto>(`/api/v1/auth/users/${u.id}`)).json().locked).toBe(true);
    expect((await a.post(`/api/v1/auth/users/${u.id}/reset-password`, { newPassword: 'Unlocked-2026!', mustChange: false })).statusCode).toBe(204);
    expect((await login(u.username, 'Unlocked-2026!')).statusCode).toBe(200);
  });

  it('changing one’s own password keeps this session and ends the others', async () => {
    const u = await makeUser(t.deps, { orgId: union.id });
    const here = await loginAs(t.app, u.username, PASSWORD);
    const elsewhere = await loginAs(t.app, u.username, PASSWORD);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: here }, payload: { currentPassword: 'Not-The-Passw0rd!', newPassword: 'Changed-Pass-2026!' } });
    expectError(wrong, 400, 'INVALID_CREDENTIALS');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { cookie: here }, payload: { currentPassword: PASSWORD, newPassword: 'Changed-Pass-2026!' } });
    expect(res.statusCode).toBe(204);
    expect((await me(here)).statusCode).toBe(200);
    expectError(await me(elsewhere), 401);
    expect((await login(u.username, 'Changed-Pass-2026!')).statusCode).toBe(200);
  });
});
