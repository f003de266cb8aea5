import { describe, expect, it } from 'vitest';
import { loginAs, useTestApp } from './support/app';
import { makeUser } from './support/factories';

const t = useTestApp();

describe('smoke', () => {
  it('health, login, me, orgs', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(h.json().database).toBe('reachable');
    const u = await makeUser(t.deps, { orgCode: '5203', roles: ['admin'] });
    const cookie = await loginAs(t.app, u.username, u.password);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    console.log(me.json());
    const orgs = await t.app.inject({ method: 'GET', url: '/api/v1/orgs', headers: { cookie } });
    console.log(orgs.json());
    const kids = await t.app.inject({ method: 'GET', url: `/api/v1/orgs?parentId=${orgs.json().items[0].id}`, headers: { cookie } });
    expect(kids.json().items.length).toBeGreaterThan(10);
  });
});
