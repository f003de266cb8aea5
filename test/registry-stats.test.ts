import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegistryStatsResponse, StatsBucket } from '../src/contracts/registry-stats';
import { seedHouseholds } from '../src/server/demo/households';
import { scaledTargets } from '../src/server/demo/household-plan';
import { rowsOf } from '../src/server/platform/db/client';
import { percentages } from '../src/server/modules/registry/stats.rules';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeUser, orgByCode } from './support/factories';
import { expectError } from './support/http';

const N = 900;
const t = useTestApp();
let province: string;
let zunyi: string;
let countyCadre: string;
let unionCadre: string;
let unionId: string;
let unionCount: number;

async function count(where: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await t.deps.db.execute(sql.raw(`select count(*)::int as n from households where ${where}`)));
  return r.n;
}

async function stats(cookie: string, query = ''): Promise<RegistryStatsResponse> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/registry/stats${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const byKey = (list: StatsBucket[]) => Object.fromEntries(list.map((b) => [b.key, b.count]));
const hundredths = (list: StatsBucket[]) => Math.round(list.reduce((a, b) => a + b.percent, 0) * 100);

beforeAll(async () => {
  await seedHouseholds(t.deps, { count: N });
  // a few closed files, which the default (open files) leaves out
  await t.deps.db.execute(sql`update households set status = 'exited', exited_on = '2026-10-01' where id in (select id from households where region_code = '520302' and status = 'approved' order by archive_no limit 3)`);
  province = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['reviewer'] })).username, PASSWORD);
  zunyi = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['auditor'] })).username, PASSWORD);
  countyCadre = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['cadre'] })).username, PASSWORD);
  const [u] = rowsOf<{ org_id: string; n: number }>(
    await t.deps.db.execute(sql`select org_id, count(*)::int as n from households where region_code = '520303' and status <> 'exited' group by org_id order by n desc limit 1`),
  );
  unionId = u.org_id;
  unionCount = u.n;
  unionCadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: unionId, roles: ['cadre'] })).username, PASSWORD);
});

describe('GET /api/v1/registry/stats', () => {
  it('the province sees every open file: categories, levels, causes and statuses, counts with shares adding up to 100.00', async () => {
    const s = await stats(province);
    const open = N - 3;
    expect(s.households).toBe(open);
    expect(s.filter).toEqual({ orgId: null, orgName: null, regionCode: null, regionName: null, status: 'open' });
    const want = scaledTargets(N);
    const cat = byKey(s.byCategory);
    expect(cat.dibao + cat.near_dibao + cat.accident).toBe(open);
    expect(cat.not_eligible).toBe(0);
    expect(Math.abs(cat.dibao - want.dibao)).toBeLessThanOrEqual(3);
    for (const list of [s.byCategory, s.byLevel, s.byCause, s.byStatus, s.byRegion]) {
      expect(list.reduce((a, b) => a + b.count, 0)).toBe(open);
      expect(hundredths(list)).toBe(10000);
      expect(list.map((b) => b.percent)).toEqual(
        percentages(
          list.map((b) => b.count),
          open,
        ),
      );
      for (const b of list) expect(Math.abs(b.percent - (100 * b.count) / open)).toBeLessThan(0.01 + 1e-9);
    }
    expect(s.byCategory.find((b) => b.key === 'dibao')).toMatchObject({ zh: '低保户', en: 'Dibao household' });
    expect(byKey(s.byStatus).exited).toBe(0);
    // the same figures straight from the table
    expect(s.members).toBe(Number(rowsOf<{ m: string }>(await t.deps.db.execute(sql`select sum(size)::text as m from households where status <> 'exited'`))[0].m));
    expect(byKey(s.byCause).illness).toBe(await count(`status <> 'exited' and primary_cause = 'illness'`));
    expect(byKey(s.byLevel).deep).toBe(await count(`status <> 'exited' and level = 'deep'`));
    expect(s.students.households).toBe(await count(`status <> 'exited' and students > 0`));
    expect(s.students.students).toBe(Number(rowsOf<{ m: string }>(await t.deps.db.execute(sql`select sum(students)::text as m from households where status <> 'exited'`))[0].m));
    expect(s.seriousIllness.count).toBe(await count(`status <> 'exited' and serious_illness`));
    expect(s.extremeHardship.count).toBe(await count(`status <> 'exited' and 'extremeHardship' = any(flags)`));
    expect(s.extremeHardship.percent).toBe(Math.round((s.extremeHardship.count * 10000) / open) / 100);
  });

  it('drills down the province → cities → counties → unions', async () => {
    const s = await stats(province);
    expect(s.byRegion.map((b) => b.key)).toEqual(['5201', '5202', '5203', '5204', '5205', '5206', '5223', '5226', '5227']);
    const zunyiRow = s.byRegion.find((b) => b.key === '5203')!;
    expect(zunyiRow.zh).toBe('遵义市');
    expect(zunyiRow.count).toBe(await count(`status <> 'exited' and region_code like '5203%'`));
    expect(s.byOrg).toEqual([]);

    const city = await stats(province, '?regionCode=5203');
    expect(city.households).toBe(zunyiRow.count);
    expect(city.filter.regionName).toBe('遵义市');
    expect(city.byRegion).toHaveLength(14);
    expect(city.byRegion.find((b) => b.key === '520302')!.zh).toBe('红花岗区');
    expect(city.byRegion.reduce((a, b) => a + b.count, 0)).toBe(city.households);
    expect(hundredths(city.byRegion)).toBe(10000);

    const county = await stats(province, '?regionCode=520303');
    expect(county.households).toBe(city.byRegion.find((b) => b.key === '520303')!.count);
    expect(county.byRegion).toEqual([]);
    expect(county.byOrg.length).toBeGreaterThanOrEqual(2);
    expect(county.byOrg.reduce((a, b) => a + b.count, 0)).toBe(county.households);
    expect(county.byOrg[0]).toMatchObject({ key: unionId, count: unionCount });
    expect(county.byOrg[0].zh).toMatch(/工会$/);
  });

  it('a county cadre sees only the county’s households', async () => {
    const s = await stats(countyCadre);
    const own = await count(`status <> 'exited' and region_code = '520302'`);
    expect(own).toBeGreaterThan(0);
    expect(s.households).toBe(own);
    expect(s.byOrg.reduce((a, b) => a + b.count, 0)).toBe(own);
    // another region only shows what is in scope there: nothing
    const elsewhere = await stats(countyCadre, '?regionCode=5201');
    expect(elsewhere.households).toBe(0);
    expect(elsewhere.byRegion.every((b) => b.count === 0 && b.percent === 0)).toBe(true);
    // another county's org is out of scope: 404, as if it did not exist
    expectError(await t.app.inject({ method: 'GET', url: `/api/v1/registry/stats?orgId=${unionId}`, headers: { cookie: countyCadre } }), 404, 'NOT_FOUND');
  });

  it('a city sees its counties; a grassroots cadre only the union’s own households', async () => {
    const city = await stats(zunyi);
    expect(city.households).toBe(await count(`status <> 'exited' and region_code like '5203%'`));
    expect(city.byRegion).toHaveLength(14);
    const u = await stats(unionCadre);
    expect(u.households).toBe(unionCount);
    expect(u.byOrg).toEqual([expect.objectContaining({ key: unionId, count: unionCount, percent: 100 })]);
  });

  it('filters by an org in scope (a federation includes its whole division) and by status', async () => {
    const byUnion = await stats(province, `?orgId=${unionId}`);
    expect(byUnion.households).toBe(unionCount);
    expect(byUnion.filter.orgId).toBe(unionId);
    const county = await orgByCode(t.deps, '520302');
    const byCounty = await stats(province, `?orgId=${county.id}`);
    expect(byCounty.households).toBe(await count(`status <> 'exited' and region_code = '520302'`));
    expect(byCounty.filter.orgName).toBe('红花岗区总工会');

    const all = await stats(province, '?status=all');
    expect(all.households).toBe(N);
    expect(byKey(all.byStatus).exited).toBe(3);
    const exited = await stats(province, '?status=exited');
    expect(exited.households).toBe(3);
    const drafts = await stats(province, '?status=draft');
    expect(drafts.households).toBe(await count(`status = 'draft'`));
  });

  it('validates the query and requires sign-in', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/registry/stats?regionCode=5299', headers: { cookie: province } }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/registry/stats?regionCode=52a', headers: { cookie: province } }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/registry/stats?status=gone', headers: { cookie: province } }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/registry/stats?orgId=not-a-uuid', headers: { cookie: province } }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/registry/stats' }), 401);
  });
});
