import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgDto } from '../src/contracts/orgs';
import type { UserDto } from '../src/contracts/users';
import { getOrgById } from '../src/server/modules/orgs/org.service';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { type Client, client, expectError } from './support/http';

/** Scope: the org subtree, plus (for reading) everything whose region lies in a federation's division. Out of scope = 404. */
const t = useTestApp();

let hhgUnion: OrgDto; // grassroots under 红花岗区 520302
let hcUnion: OrgDto; // grassroots under 汇川区 520303
let defence: OrgDto; // 省国防工会: industry under the province, region 52
let defenceZunyi: OrgDto; // grassroots under 省国防工会, region 520303
let hhgUser: UserDto;
let hcUser: UserDto;
let defenceZunyiUser: UserDto;
let hhgCounty: string; // id of 红花岗区总工会
let hcCounty: string;

let hcAdmin: Client;
let hcCadre: Client;
let zunyiAdmin: Client;
let provinceAdmin: Client;
let investigator: Client;

async function signIn(over: Parameters<typeof makeUser>[1]): Promise<Client> {
  const u = await makeUser(t.deps, over);
  return client(t.app, await loginAs(t.app, u.username, PASSWORD));
}

beforeAll(async () => {
  hhgUnion = await makeGrassroots(t.deps, { countyCode: '520302', name: '红花岗区测试社区工会' });
  hcUnion = await makeGrassroots(t.deps, { countyCode: '520303', name: '汇川区测试社区工会' });
  defence = await makeGrassroots(t.deps, { parentCode: '52', kind: 'industry', regionCode: '52', name: '贵州省国防工会' });
  defenceZunyi = await makeGrassroots(t.deps, { parentCode: defence.code, regionCode: '520303', name: '国防某厂工会（遵义汇川）' });
  hhgUser = await makeUser(t.deps, { orgId: hhgUnion.id, roles: ['cadre'], phone: '13800000001' });
  hcUser = await makeUser(t.deps, { orgId: hcUnion.id, roles: ['cadre'] });
  defenceZunyiUser = await makeUser(t.deps, { orgId: defenceZunyi.id, roles: ['cadre'] });
  hhgCounty = (await orgByCode(t.deps, '520302')).id;
  hcCounty = (await orgByCode(t.deps, '520303')).id;

  hcAdmin = await signIn({ orgCode: '520303', roles: ['admin'] });
  hcCadre = await signIn({ orgCode: '520303', roles: ['cadre'] });
  zunyiAdmin = await signIn({ orgCode: '5203', roles: ['admin'] });
  provinceAdmin = await signIn({ orgCode: '52', roles: ['admin'] });
  const thirdParty = await makeGrassroots(t.deps, { parentCode: '5203', kind: 'third_party', regionCode: '5203', name: '遵义市测试义工联合会' });
  investigator = await signIn({ orgId: thirdParty.id, roles: ['investigator'] });
});

/** The answer for an out-of-scope id must be indistinguishable from the answer for an id that does not exist. */
async function expectHidden(call: (id: string) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, id: string, entity: 'org' | 'user') {
  const hidden = expectError(await call(id), 404, 'NOT_FOUND');
  const missing = expectError(await call(randomUUID()), 404, 'NOT_FOUND');
  expect(hidden).toEqual(missing);
  expect(hidden.message).toBe(entity === 'org' ? '组织不存在' : '用户不存在');
}

describe('county separation: 汇川区 520303 cannot reach 红花岗区 520302', () => {
  it('reads its own county (control)', async () => {
    expect((await hcAdmin.get(`/api/v1/orgs/${hcUnion.id}`)).statusCode).toBe(200);
    expect((await hcCadre.get(`/api/v1/orgs/${hcUnion.id}`)).statusCode).toBe(200);
    expect((await hcAdmin.get(`/api/v1/auth/users/${hcUser.id}`)).statusCode).toBe(200);
  });

  it.each([
    ['admin', () => hcAdmin],
    ['cadre', () => hcCadre],
  ])('the county %s gets 404 for the other county’s orgs, as for a random id', async (_role, who) => {
    for (const id of [hhgUnion.id, hhgCounty]) {
      await expectHidden((x) => who().get(`/api/v1/orgs/${x}`), id, 'org');
      await expectHidden((x) => who().get(`/api/v1/orgs/${x}/ancestors`), id, 'org');
      await expectHidden((x) => who().get(`/api/v1/orgs?parentId=${x}`), id, 'org');
    }
  });

  it('the county admin cannot change, move or create under the other county’s orgs', async () => {
    await expectHidden((x) => hcAdmin.patch(`/api/v1/orgs/${x}`, { name: '改名的工会' }), hhgUnion.id, 'org');
    await expectHidden((x) => hcAdmin.post(`/api/v1/orgs/${x}/move`, { parentId: hcCounty }), hhgUnion.id, 'org');
    await expectHidden(
      (x) => hcAdmin.post('/api/v1/orgs', { name: '越权新建工会', kind: 'grassroots', parentId: x, regionCode: '520302' }),
      hhgCounty,
      'org',
    );
    // moving its own union into the other county is refused too: the target parent is out of scope
    await expectHidden((x) => hcAdmin.post(`/api/v1/orgs/${hcUnion.id}/move`, { parentId: x }), hhgCounty, 'org');
    const unchanged = await getOrgById(t.deps.db, hhgUnion.id);
    expect(unchanged?.name).toBe(hhgUnion.name);
    expect((await getOrgById(t.deps.db, hcUnion.id))?.parentId).toBe(hcCounty);
  });

  it('a search over the whole scope finds nothing of the other county', async () => {
    const res = await hcAdmin.get<{ items: OrgDto[] }>(`/api/v1/orgs?q=${encodeURIComponent('红花岗')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
    const own = await hcAdmin.get<{ items: OrgDto[] }>(`/api/v1/orgs?q=${encodeURIComponent('汇川区测试')}`);
    expect(own.json().items.map((o) => o.id)).toEqual([hcUnion.id]);
    const all = await hcAdmin.get<{ items: OrgDto[] }>('/api/v1/orgs?kind=grassroots&limit=500');
    for (const o of all.json().items) expect(o.path.includes('/520302/') || o.regionCode?.startsWith('520302')).toBe(false);
  });

  it('the county admin cannot read or manage the other county’s users', async () => {
    await expectHidden((x) => hcAdmin.get(`/api/v1/auth/users/${x}`), hhgUser.id, 'user');
    await expectHidden((x) => hcAdmin.patch(`/api/v1/auth/users/${x}`, { displayName: '改名' }), hhgUser.id, 'user');
    await expectHidden((x) => hcAdmin.post(`/api/v1/auth/users/${x}/status`, { status: 'disabled' }), hhgUser.id, 'user');
    await expectHidden((x) => hcAdmin.post(`/api/v1/auth/users/${x}/reset-password`, { newPassword: 'Another-Passw0rd!' }), hhgUser.id, 'user');
    await expectHidden((x) => hcAdmin.post(`/api/v1/auth/users/${x}/reveal`, { fields: ['phone'], reason: '越权查看' }), hhgUser.id, 'user');
    await expectHidden((x) => hcAdmin.get(`/api/v1/auth/users?orgId=${x}`), hhgUnion.id, 'org');
    const list = await hcAdmin.get<{ items: UserDto[] }>('/api/v1/auth/users?limit=200');
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((u) => u.id);
    expect(ids).toContain(hcUser.id);
    expect(ids).not.toContain(hhgUser.id);
    // the user still works and is unchanged
    const still = await loginAs(t.app, hhgUser.username, PASSWORD);
    expect(still).toMatch(/^pa_session=/);
  });

  it('the county admin cannot create a user in the other county’s org, nor move one of its own there (404)', async () => {
    const body = { username: `intruder_${Date.now()}`, displayName: '越权用户', orgId: hhgUnion.id, roles: ['cadre'], password: 'Strong-Passw0rd!' };
    await expectHidden((x) => hcAdmin.post('/api/v1/auth/users', { ...body, orgId: x }), hhgUnion.id, 'org');
    await expectHidden((x) => hcAdmin.patch(`/api/v1/auth/users/${hcUser.id}`, { orgId: x }), hhgUnion.id, 'org');
    // in its own subtree it works
    const ok = await hcAdmin.post<UserDto>('/api/v1/auth/users', { ...body, orgId: hcUnion.id });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().orgId).toBe(hcUnion.id);
  });
});

describe('territory and industry: a grassroots union under 省国防工会 located in 汇川区', () => {
  it('the Zunyi (5203) admin reads it by id and finds it by search', async () => {
    const one = await zunyiAdmin.get<OrgDto>(`/api/v1/orgs/${defenceZunyi.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: defenceZunyi.id, regionCode: '520303', parentId: defence.id });
    const found = await zunyiAdmin.get<{ items: OrgDto[] }>(`/api/v1/orgs?q=${encodeURIComponent('国防某厂')}`);
    expect(found.json().items.map((o) => o.id)).toContain(defenceZunyi.id);
    // the county federation of its region sees it too
    expect((await hcCadre.get(`/api/v1/orgs/${defenceZunyi.id}`)).statusCode).toBe(200);
  });

  it('but cannot manage it: PATCH, move and creating users there answer 404', async () => {
    await expectHidden((x) => zunyiAdmin.patch(`/api/v1/orgs/${x}`, { name: '遵义改名' }), defenceZunyi.id, 'org');
    await expectHidden((x) => zunyiAdmin.post(`/api/v1/orgs/${x}/move`, { parentId: hcCounty }), defenceZunyi.id, 'org');
    await expectHidden(
      (x) => zunyiAdmin.post('/api/v1/auth/users', { username: `zy_${Date.now()}`, displayName: '越权', orgId: x, roles: ['cadre'], password: 'Strong-Passw0rd!' }),
      defenceZunyi.id,
      'org',
    );
    // nor read its people: users are scoped by the org subtree only
    await expectHidden((x) => zunyiAdmin.get(`/api/v1/auth/users/${x}`), defenceZunyiUser.id, 'user');
    expect((await getOrgById(t.deps.db, defenceZunyi.id))?.name).toBe(defenceZunyi.name);
  });

  it('the industry union itself (region 52) is outside Zunyi’s reach', async () => {
    await expectHidden((x) => zunyiAdmin.get(`/api/v1/orgs/${x}`), defence.id, 'org');
    await expectHidden((x) => zunyiAdmin.post('/api/v1/orgs', { name: '遵义新建国防基层', kind: 'grassroots', parentId: x, regionCode: '520303' }), defence.id, 'org');
  });

  it('the province admin manages it', async () => {
    const res = await provinceAdmin.patch<OrgDto>(`/api/v1/orgs/${defenceZunyi.id}`, { subtype: 'enterprise' });
    expect(res.statusCode).toBe(200);
    expect(res.json().subtype).toBe('enterprise');
  });
});

describe('roles', () => {
  it('an investigator cannot manage or even list users (403)', async () => {
    expectError(await investigator.post('/api/v1/auth/users', { username: 'inv_new', displayName: 'x', orgId: hcUnion.id, roles: ['cadre'], password: 'Strong-Passw0rd!' }), 403, 'FORBIDDEN');
    expectError(await investigator.patch(`/api/v1/auth/users/${hcUser.id}`, { displayName: 'x' }), 403, 'FORBIDDEN');
    expectError(await investigator.post(`/api/v1/auth/users/${hcUser.id}/status`, { status: 'disabled' }), 403, 'FORBIDDEN');
    expectError(await investigator.get('/api/v1/auth/users'), 403, 'FORBIDDEN');
  });

  it('an investigator of a third-party org only sees its own org', async () => {
    await expectHidden((x) => investigator.get(`/api/v1/orgs/${x}`), hcUnion.id, 'org');
    const root = await investigator.get<{ items: OrgDto[] }>('/api/v1/orgs');
    expect(root.json().items.map((o) => o.kind)).toEqual(['third_party']);
  });
});

describe('moving orgs', () => {
  it('refuses a move into the org’s own subtree (400 ORG_MOVE_INVALID) and leaves paths alone', async () => {
    const ind = await provinceAdmin.post<OrgDto>('/api/v1/orgs', { name: '贵州省测试产业工会', kind: 'industry', parentId: (await orgByCode(t.deps, '52')).id, regionCode: '52' });
    expect(ind.statusCode).toBe(201);
    const child = await provinceAdmin.post<OrgDto>('/api/v1/orgs', { name: '产业下属基层工会', kind: 'grassroots', parentId: ind.json().id, regionCode: '520302' });
    expect(child.statusCode).toBe(201);
    for (const target of [child.json().id, ind.json().id]) {
      const err = expectError(await provinceAdmin.post(`/api/v1/orgs/${ind.json().id}/move`, { parentId: target }), 400, 'ORG_MOVE_INVALID');
      expect(err.details).toEqual({ problem: 'move_into_own_subtree' });
    }
    expect((await getOrgById(t.deps.db, ind.json().id))?.path).toBe(ind.json().path);
    expect((await getOrgById(t.deps.db, child.json().id))?.path).toBe(child.json().path);
  });

  it('refuses to move a federation, and an admin moving its own org', async () => {
    const err = expectError(await provinceAdmin.post(`/api/v1/orgs/${hcCounty}/move`, { parentId: (await orgByCode(t.deps, '5202')).id }), 400, 'ORG_MOVE_INVALID');
    expect(err.details).toEqual({ problem: 'federation_fixed' });
    expectError(await hcAdmin.post(`/api/v1/orgs/${hcCounty}/move`, { parentId: hcCounty }), 400, 'ORG_MOVE_INVALID');
  });

  it('refuses a parent of the wrong kind or a parent whose division does not hold the region', async () => {
    const e1 = expectError(await provinceAdmin.post(`/api/v1/orgs/${hcUnion.id}/move`, { parentId: hhgUnion.id }), 400, 'ORG_MOVE_INVALID');
    expect(e1.details).toEqual({ problem: 'parent_kind_not_allowed' });
    const e2 = expectError(await provinceAdmin.post(`/api/v1/orgs/${hcUnion.id}/move`, { parentId: hhgCounty }), 400, 'ORG_MOVE_INVALID');
    expect(e2.details).toEqual({ problem: 'region_outside_parent' });
  });

  it('a move carries every descendant’s path along, and scope follows the new place', async () => {
    const city = await orgByCode(t.deps, '5203');
    const ind = await zunyiAdmin.post<OrgDto>('/api/v1/orgs', { name: '遵义市测试产业工会', kind: 'industry', parentId: city.id, regionCode: '5203' });
    expect(ind.statusCode).toBe(201);
    expect(ind.json().path).toBe(`/52/5203/${ind.json().code}/`);
    const kids: OrgDto[] = [];
    for (const region of ['520302', '520303']) {
      const r = await zunyiAdmin.post<OrgDto>('/api/v1/orgs', { name: `遵义产业下属工会${region}`, kind: 'grassroots', parentId: ind.json().id, regionCode: region });
      expect(r.statusCode).toBe(201);
      kids.push(r.json());
    }
    const kidUser = await makeUser(t.deps, { orgId: kids[0].id });

    const moved = await provinceAdmin.post<OrgDto>(`/api/v1/orgs/${ind.json().id}/move`, { parentId: (await orgByCode(t.deps, '52')).id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: (await orgByCode(t.deps, '52')).id, path: `/52/${ind.json().code}/` });
    for (const k of kids) {
      const row = await getOrgById(t.deps.db, k.id);
      expect(row?.path).toBe(`/52/${ind.json().code}/${k.code}/`);
      expect(row?.parentId).toBe(ind.json().id);
    }
    // no org is left under the old path
    const stale = await provinceAdmin.get<{ items: OrgDto[] }>(`/api/v1/orgs?q=${encodeURIComponent('遵义产业下属工会')}`);
    expect(stale.json().items.map((o) => o.path).filter((p) => p.startsWith('/52/5203/'))).toEqual([]);
    // Zunyi still reads the unions by region, but no longer manages them or sees their users
    expect((await zunyiAdmin.get(`/api/v1/orgs/${kids[0].id}`)).statusCode).toBe(200);
    await expectHidden((x) => zunyiAdmin.patch(`/api/v1/orgs/${x}`, { name: '不再归遵义管' }), kids[0].id, 'org');
    await expectHidden((x) => zunyiAdmin.get(`/api/v1/auth/users/${x}`), kidUser.id, 'user');
    expect((await provinceAdmin.get(`/api/v1/auth/users/${kidUser.id}`)).statusCode).toBe(200);
  });
});
