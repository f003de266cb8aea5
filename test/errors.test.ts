import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { OrgDto } from '../src/contracts/orgs';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, testIdNumber } from './support/factories';
import { type Client, client, countRows, expectError, snapshotTables } from './support/http';

const SECRET_SQL = 'select password_hash from users where username = $1';

const t = useTestApp({}, {
  beforeReady: (app, deps) => {
    // routes that fail on purpose, registered before the app is ready
    app.get('/api/v1/test/boom', { config: { access: 'public' } }, async () => {
      throw new Error(`boom while running ${SECRET_SQL} at /srv/precision-aid/src/server/secret.ts:42`);
    });
    app.get('/api/v1/test/db-boom', { config: { access: 'public' } }, async () => {
      await deps.db.execute(sql.raw('select secret_column from no_such_secret_table'));
      return { ok: true };
    });
    app.get(
      '/api/v1/test/bad-response',
      { config: { access: 'public' }, schema: { response: { 200: z.object({ count: z.number() }) } } },
      async () => ({ count: 'not a number', passwordHash: 'scrypt$secret' }) as unknown as { count: number },
    );
    app.post('/api/v1/test/echo', { config: { access: 'public' }, schema: { body: z.strictObject({ n: z.number() }) } }, async (req) => req.body);
  },
});

let admin: Client;
let union: OrgDto;
const newUser = (over: Record<string, unknown> = {}) => ({
  username: `user_${Math.random().toString(36).slice(2, 10)}`,
  displayName: '新用户',
  orgId: union.id,
  roles: ['cadre'],
  password: 'Strong-Passw0rd!',
  ...over,
});

beforeAll(async () => {
  union = await makeGrassroots(t.deps);
  const a = await makeUser(t.deps, { orgCode: '52', roles: ['admin'] });
  admin = client(t.app, await loginAs(t.app, a.username, PASSWORD));
});

const raw = (method: 'POST' | 'PATCH', url: string, payload: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url, payload, headers: { cookie: admin.cookie!, 'content-type': 'application/json', ...headers } });

describe('request bodies', () => {
  it.each(['{', '{"name": "x",}', "{'name': 'x'}", '[1, 2', 'not json at all', '{"a":1}}'])('malformed JSON %j → 400 INVALID_JSON', async (body) => {
    const err = expectError(await raw('POST', '/api/v1/orgs', body), 400, 'INVALID_JSON');
    expect(err.message).toBe('请求体不是有效的 JSON');
  });

  it('an empty JSON body → 400 INVALID_JSON, in English on request', async () => {
    const err = expectError(await raw('POST', '/api/v1/orgs', '', { 'accept-language': 'en' }), 400, 'INVALID_JSON');
    expect(err.message).toBe('The request body is not valid JSON');
  });

  it('prototype pollution attempts are refused', async () => {
    expectError(await raw('POST', '/api/v1/orgs', '{"__proto__": {"isAdmin": true}}'), 400);
    expectError(await raw('POST', '/api/v1/orgs', '{"constructor": {"prototype": {"isAdmin": true}}}'), 400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a body over 1 MiB → 413 BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), kind: 'grassroots', parentId: union.parentId, regionCode: '520302' });
    const err = expectError(await raw('POST', '/api/v1/orgs', big), 413, 'BODY_TOO_LARGE');
    expect(err.message).toBe('请求体过大');
  });

  it('an unsupported content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(await raw('POST', '/api/v1/orgs', 'name=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('validation', () => {
  it('an unknown field → 400 VALIDATION_FAILED naming the field in the message and details', async () => {
    const res = await admin.post('/api/v1/orgs', { name: '新工会', kind: 'grassroots', parentId: union.parentId, regionCode: '520302', isAdmin: true });
    const err = expectError(res, 400, 'VALIDATION_FAILED');
    expect(err.message).toContain('isAdmin');
    expect(err.details).toEqual([expect.objectContaining({ in: 'body', path: 'isAdmin' })]);
  });

  it('two unknown fields are both named', async () => {
    const err = expectError(await admin.patch(`/api/v1/orgs/${union.id}`, { foo: 1, bar: 2 }), 400, 'VALIDATION_FAILED');
    expect((err.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual(['bar', 'foo']);
    expect(err.message).toMatch(/foo/);
    expect(err.message).toMatch(/bar/);
  });

  it('a wrong type → 400 naming the field, in Chinese by default and English on request', async () => {
    const body = { name: 12345, kind: 'grassroots', parentId: union.parentId, regionCode: '520302' };
    const zh = expectError(await admin.post('/api/v1/orgs', body), 400, 'VALIDATION_FAILED');
    expect(zh.message).toBe('输入有误：请求体 name');
    expect(zh.details).toEqual([expect.objectContaining({ in: 'body', path: 'name', code: 'invalid_type' })]);
    const en = expectError(await client(t.app, admin.cookie, { 'accept-language': 'en' }).post('/api/v1/orgs', body), 400, 'VALIDATION_FAILED');
    expect(en.message).toBe('Invalid input: body name');
  });

  it('a nested bad value is named by its path', async () => {
    const err = expectError(await admin.post('/api/v1/auth/users', newUser({ roles: ['cadre', 'emperor'] })), 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual([expect.objectContaining({ path: 'roles.1' })]);
  });

  it('bad path parameters and query strings name their part', async () => {
    const p = expectError(await admin.get('/api/v1/orgs/not-a-uuid'), 400, 'VALIDATION_FAILED');
    expect(p.details).toEqual([expect.objectContaining({ in: 'params', path: 'id' })]);
    expect(p.message).toBe('输入有误：路径参数 id');
    const q = expectError(await admin.get('/api/v1/orgs?limit=0&colour=red'), 400, 'VALIDATION_FAILED');
    expect((q.details as Array<{ in: string; path: string }>).map((d) => `${d.in}:${d.path}`).sort()).toEqual(['querystring:colour', 'querystring:limit']);
  });

  it('a badly encoded or overlong path parameter → 400 in the error shape', async () => {
    expectError(await admin.get('/api/v1/orgs/%E0%A4%A'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get(`/api/v1/orgs/${'a'.repeat(150)}`), 400, 'VALIDATION_FAILED');
  });

  it('a forged cursor → 400, not 500', async () => {
    for (const cursor of ['%%%', 'bm90LWpzb24', Buffer.from('[1,2]').toString('base64url'), Buffer.from('{"code":1}').toString('base64url')]) {
      expectError(await admin.get(`/api/v1/orgs?q=x&cursor=${encodeURIComponent(cursor)}`), 400, 'VALIDATION_FAILED');
    }
    expectError(await admin.get(`/api/v1/audit/events?cursor=${Buffer.from('{"seq":"1 or 1=1"}').toString('base64url')}`), 400, 'VALIDATION_FAILED');
    expectError(await admin.get(`/api/v1/auth/users?cursor=${Buffer.from('{"username":5}').toString('base64url')}`), 400, 'VALIDATION_FAILED');
  });

  it('a NUL character anywhere → 400, never 500, and nothing written', async () => {
    const before = await snapshotTables(t.deps.db);
    expectError(await admin.post('/api/v1/orgs', { name: '工会\u0000名称', kind: 'grassroots', parentId: union.parentId, regionCode: '520302' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.patch(`/api/v1/orgs/${union.id}`, { name: '工会\u0000名称' }), 400, 'VALIDATION_FAILED');
    expectError(await admin.post('/api/v1/auth/users', newUser({ displayName: 'a\u0000b' })), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/v1/orgs?q=a%00b'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/v1/auth/users?q=a%00b'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get('/api/v1/audit/events?actorUsername=a%00b'), 400, 'VALIDATION_FAILED');
    expectError(await admin.get(`/api/v1/orgs?q=x&cursor=${Buffer.from('{"code":"a\\u0000"}').toString('base64url')}`), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a\u0000b', password: 'x' } }), 400, 'VALIDATION_FAILED');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('domain errors', () => {
  it.each([
    ['a wrong check digit', testIdNumber(1).slice(0, 17) + (testIdNumber(1)[17] === '0' ? '1' : '0'), '校验码不符', 'checksum'],
    ['an impossible birth date', '52030219800230' + '001' + '0', '出生日期无效', 'birth_date'],
  ])('an ID number with %s on user create → 400 INVALID_ID_NUMBER, nothing written', async (_name, idNumber, zh, en) => {
    const body = newUser({ idNumber });
    const err = expectError(await admin.post('/api/v1/auth/users', body), 400, 'INVALID_ID_NUMBER');
    expect(err.message).toBe(`身份证号码无效（${zh}）`);
    expect(err.details).toEqual([expect.objectContaining({ path: 'idNumber' })]);
    const enErr = expectError(await client(t.app, admin.cookie, { 'accept-language': 'en' }).post('/api/v1/auth/users', body), 400, 'INVALID_ID_NUMBER');
    expect(enErr.message).toBe(`Invalid ID number (${en})`);
    expect(await countRows(t.deps.db, 'users', `username = '${body.username}'`)).toBe(0);
  });

  it('an ID number of the wrong shape is a plain validation error', async () => {
    const err = expectError(await admin.post('/api/v1/auth/users', newUser({ idNumber: '52030219800517' })), 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual([expect.objectContaining({ path: 'idNumber' })]);
  });

  it('a duplicate username → 409 CONFLICT', async () => {
    const body = newUser();
    expect((await admin.post('/api/v1/auth/users', body)).statusCode).toBe(201);
    const err = expectError(await admin.post('/api/v1/auth/users', body), 409, 'CONFLICT');
    expect(err.message).toContain(body.username);
  });

  it('a duplicate org code → 409 CONFLICT', async () => {
    const body = { name: '代码重复的工会', kind: 'grassroots', parentId: union.parentId, regionCode: '520302', code: union.code };
    expectError(await admin.post('/api/v1/orgs', body), 409, 'CONFLICT');
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/api/v1/nothing-here'],
    ['POST', '/api/v1/nothing-here'],
    ['GET', '/api/v2/orgs'],
    ['DELETE', '/api/v1/orgs/0190a6d2-0000-7000-8000-000000000000'],
    ['PUT', '/api/v1/orgs'],
  ])('%s %s → 404 ROUTE_NOT_FOUND', async (method, url) => {
    const res = await t.app.inject({ method: method as 'GET', url, headers: { cookie: admin.cookie! } });
    const err = expectError(res, 404, 'ROUTE_NOT_FOUND');
    expect(err.message).toBe('接口不存在');
  });

  it('in English on request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { 'accept-language': 'en' } });
    expect(expectError(res, 404, 'ROUTE_NOT_FOUND').message).toBe('No such endpoint');
  });
});

describe('internal errors', () => {
  it.each(['/api/v1/test/boom', '/api/v1/test/db-boom', '/api/v1/test/bad-response'])('%s → 500 INTERNAL without internals', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const err = expectError(res, 500, 'INTERNAL');
    expect(err.details).toBeUndefined();
    expect(err.message).toMatch(/^服务器内部错误，请稍后重试（请求号 [0-9a-f-]{36}）$/);
    for (const leak of ['boom', 'password_hash', 'select', 'secret', 'no_such', '.ts', 'stack', 'scrypt', 'at ']) expect(res.body.toLowerCase()).not.toContain(leak);
  });

  it('the message names the request id and is English on request', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/test/boom', headers: { 'accept-language': 'en' } });
    expect(expectError(res, 500, 'INTERNAL').message).toMatch(/^Internal server error; please retry \(request [0-9a-f-]{36}\)$/);
  });

  it('a test route validates like every other route', async () => {
    const err = expectError(await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { n: 'one' } }), 400, 'VALIDATION_FAILED');
    expect(err.details).toEqual([expect.objectContaining({ path: 'n' })]);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/test/echo', payload: { n: 1 } })).json()).toEqual({ n: 1 });
  });
});
