import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app';
import { PASSWORD, makeUser } from './support/factories';
import { countRows, expectError } from './support/http';

const t = useTestApp({ loginRateLimitPerMinute: 3 });

describe('login rate limit', () => {
  it('answers 429 RATE_LIMITED in the error shape once the limit per minute is used, right password or not', async () => {
    const u = await makeUser(t.deps, { orgCode: '520302' });
    const login = (password: string, lang?: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: u.username, password }, headers: lang ? { 'accept-language': lang } : {} });
    expect((await login(PASSWORD)).statusCode).toBe(200);
    expectError(await login('Wrong-Passw0rd!'), 401, 'INVALID_CREDENTIALS');
    expect((await login(PASSWORD)).statusCode).toBe(200);
    const sessionsBefore = await countRows(t.deps.db, 'sessions');
    const limited = await login(PASSWORD);
    const err = expectError(limited, 429, 'RATE_LIMITED');
    expect(err.message).toBe('请求过于频繁，请稍后再试');
    expect(expectError(await login(PASSWORD, 'en'), 429, 'RATE_LIMITED').message).toBe('Too many requests; please try again later');
    expect(limited.headers['retry-after']).toBeDefined();
    // a limited attempt does nothing: no session, no failure counted
    expect(await countRows(t.deps.db, 'sessions')).toBe(sessionsBefore);
    expect(await countRows(t.deps.db, 'users', `username = '${u.username}' and failed_logins = 0`)).toBe(1);
  });

  it('limits only the login route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
  });
});
