import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MutualAidStatsResponse, StatsFigures } from '../src/contracts/mutual-aid-stats';
import { BUILT_IN_SCHEMES } from '../src/server/modules/mutual-aid/scheme-data';
import { countRows, expectError } from './support/http';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { seedSchemes } from './support/mutual-aid';
import { insertBill, insertClaim, insertEnrolment, insertMember, insertPayment, insertUnit } from './support/mutual-aid-stats';

/**
 * Two counties of Zunyi: 红花岗区 (520302) with unions A and B and a unit of the county union itself, 汇川区 (520303)
 * with union C. Units: uA1 (A, LPS), uA2 (A, GY), uB (B, LPS), uD (the county, LPS), uC (C, LPS).
 *
 * 2026 opt-ins (active): m1 uA1 P1+P2 paid, m2 uA1 unpaid, m4 uA2 paid, m5 uB paid (m6 uB cancelled), m7 uD unpaid,
 * m8 and m9 uC paid; 2025: m3 uA1 paid.
 * Bills 2026 (total/paid): uA1 30000/20000, uA2 10000/10000, uB 8000/0, uD 5000/0, uC 12000/12000; 2025 uA1 6000/6000.
 * Payments 2026: uA1 15000 + 5000, uA2 10000, uC 12000; 2025: uA1 6000.
 * Claims 2026: m1 paid 50000, reversed 20000, rejected; m4 approved 9000; m5 received; m8 paid 30000, adjudicated 1000;
 * 2025: m1 paid 7000.
 */
const t = useTestApp();
let province: string;
let county: string;
let unionA: string;
let investigator: string;
let ids: { city: string; county: string; county2: string; a: string; b: string; c: string };

async function stats(cookie: string, query = ''): Promise<MutualAidStatsResponse> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/mutual-aid/stats${query}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

const figures = (f: StatsFigures) => ({ units: f.units, members: f.members, covered: f.membersCovered, raised: f.raisedFen, billed: f.billedFen, arrears: f.arrearsFen, claims: f.claimsTotal, paidCount: f.paidCount, paid: f.paidFen });

beforeAll(async () => {
  await seedSchemes(t.deps);
  const city = await orgByCode(t.deps, '5203');
  const c1 = await orgByCode(t.deps, '520302');
  const c2 = await orgByCode(t.deps, '520303');
  const A = await makeGrassroots(t.deps, { countyCode: '520302', name: '互助统计甲工会' });
  const B = await makeGrassroots(t.deps, { countyCode: '520302', name: '互助统计乙工会' });
  const C = await makeGrassroots(t.deps, { countyCode: '520303', name: '互助统计丙工会' });
  ids = { city: city.id, county: c1.id, county2: c2.id, a: A.id, b: B.id, c: C.id };

  const uA1 = await insertUnit(t.deps, A, 'LPS');
  const uA2 = await insertUnit(t.deps, A, 'GY');
  const uB = await insertUnit(t.deps, B, 'LPS');
  const uD = await insertUnit(t.deps, c1, 'LPS');
  const uC = await insertUnit(t.deps, C, 'LPS');
  await insertUnit(t.deps, C, 'ZY'); // a unit without opt-ins counts nowhere

  const [m1, m2, m3] = [await insertMember(t.deps, uA1), await insertMember(t.deps, uA1), await insertMember(t.deps, uA1)];
  const m4 = await insertMember(t.deps, uA2);
  const [m5, m6] = [await insertMember(t.deps, uB), await insertMember(t.deps, uB)];
  const m7 = await insertMember(t.deps, uD);
  const [m8, m9] = [await insertMember(t.deps, uC), await insertMember(t.deps, uC)];
  await insertEnrolment(t.deps, m1, { period: 2026, planCode: 'P1', paid: true });
  await insertEnrolment(t.deps, m1, { period: 2026, planCode: 'P2', paid: true });
  await insertEnrolment(t.deps, m2, { period: 2026 });
  await insertEnrolment(t.deps, m3, { period: 2025, paid: true });
  await insertEnrolment(t.deps, m4, { period: 2026, paid: true });
  await insertEnrolment(t.deps, m5, { period: 2026, paid: true });
  await insertEnrolment(t.deps, m6, { period: 2026, paid: true, status: 'cancelled' });
  await insertEnrolment(t.deps, m7, { period: 2026 });
  await insertEnrolment(t.deps, m8, { period: 2026, paid: true });
  await insertEnrolment(t.deps, m9, { period: 2026, paid: true });

  const bA1 = await insertBill(t.deps, uA1, { period: 2026, totalFen: 30000, paidFen: 20000 });
  const bA2 = await insertBill(t.deps, uA2, { period: 2026, totalFen: 10000, paidFen: 10000 });
  await insertBill(t.deps, uB, { period: 2026, totalFen: 8000, paidFen: 0 });
  await insertBill(t.deps, uD, { period: 2026, totalFen: 5000, paidFen: 0 });
  const bC = await insertBill(t.deps, uC, { period: 2026, totalFen: 12000, paidFen: 12000 });
  const bA1old = await insertBill(t.deps, uA1, { period: 2025, totalFen: 6000, paidFen: 6000 });
  await insertPayment(t.deps, bA1, { amountFen: 15000, payer: 'worker' });
  await insertPayment(t.deps, bA1, { amountFen: 5000, payer: 'government' });
  await insertPayment(t.deps, bA2, { amountFen: 10000 });
  await insertPayment(t.deps, bC, { amountFen: 12000 });
  await insertPayment(t.deps, bA1old, { amountFen: 6000 });

  await insertClaim(t.deps, m1, { eventDate: '2026-03-01', status: 'paid', payoutFen: 50000 });
  await insertClaim(t.deps, m1, { eventDate: '2026-05-01', status: 'reversed', payoutFen: 20000 });
  await insertClaim(t.deps, m1, { eventDate: '2026-06-01', status: 'rejected' });
  await insertClaim(t.deps, m4, { eventDate: '2026-04-01', status: 'approved', payoutFen: 9000 });
  await insertClaim(t.deps, m5, { eventDate: '2026-02-01', status: 'received' });
  await insertClaim(t.deps, m8, { eventDate: '2026-07-01', status: 'paid', payoutFen: 30000 });
  await insertClaim(t.deps, m8, { eventDate: '2026-08-01', status: 'adjudicated', payoutFen: 1000 });
  await insertClaim(t.deps, m1, { eventDate: '2025-11-01', status: 'paid', payoutFen: 7000 });

  province = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['reviewer'] })).username, PASSWORD);
  county = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['cadre'] })).username, PASSWORD);
  unionA = await loginAs(t.app, (await makeUser(t.deps, { orgId: A.id, roles: ['finance'] })).username, PASSWORD);
  investigator = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['investigator'] })).username, PASSWORD);
});

describe('GET /api/v1/mutual-aid/stats', () => {
  it('the city in 2026: one row per county with exact counts and fen, totals the sums', async () => {
    const s = await stats(province, `?year=2026&orgId=${ids.city}`);
    expect(s.filter).toEqual({ year: 2026, schemeCode: null, orgId: ids.city, orgName: '遵义市总工会', groupBy: 'org' });
    expect(s.breadcrumb.map((b) => b.orgId)).toEqual([(await orgByCode(t.deps, '52')).id, ids.city]);
    expect(s.rows.map((r) => [r.key, r.drillable])).toEqual([
      [ids.county, true],
      [ids.county2, true],
    ]);
    const [hhg, hc] = s.rows;
    expect(figures(hhg!)).toEqual({ units: 4, members: 5, covered: 3, raised: 30000, billed: 53000, arrears: 23000, claims: 5, paidCount: 1, paid: 50000 });
    expect(figures(hc!)).toEqual({ units: 1, members: 2, covered: 2, raised: 12000, billed: 12000, arrears: 0, claims: 2, paidCount: 1, paid: 30000 });
    expect(hhg!.claims).toEqual({ received: 1, adjudicated: 0, approved: 1, paid: 1, rejected: 1, reversed: 1 });
    expect([hhg!.raisedPercent, hc!.raisedPercent]).toEqual([71.43, 28.57]);
    expect(hhg!.coveredPercent).toBe(60);
    expect(hhg!.collectedPercent).toBe(56.6);
    expect(hhg!.payoutPercent).toBe(166.67);
    expect(figures(s.totals)).toEqual({ units: 5, members: 7, covered: 5, raised: 42000, billed: 65000, arrears: 23000, claims: 7, paidCount: 2, paid: 80000 });
    expect(s.totals.payoutPercent).toBe(190.48);
    expect(s.claimsByStatus.map((c) => [c.status, c.count, c.percent])).toEqual([
      ['received', 1, 14.29],
      ['adjudicated', 1, 14.29],
      ['approved', 1, 14.29],
      ['paid', 2, 28.57],
      ['rejected', 1, 14.28],
      ['reversed', 1, 14.28],
    ]);
  });

  it('reversed and rejected claims are never counted as paid, whatever payout they hold', async () => {
    const s = await stats(province, `?year=2026&orgId=${ids.county}`);
    const a = s.rows.find((r) => r.key === ids.a)!;
    expect(a.claims).toMatchObject({ paid: 1, reversed: 1, rejected: 1 });
    expect(a.paidFen).toBe(50000);
    expect(a.paidCount).toBe(1);
  });

  it('drills into a county: its unions and its own units (本级), units and members counted once', async () => {
    const s = await stats(province, `?year=2026&orgId=${ids.county}`);
    expect(s.breadcrumb.map((b) => b.orgId).slice(1)).toEqual([ids.city, ids.county]);
    const byKey = Object.fromEntries(s.rows.map((r) => [r.key, figures(r)]));
    expect(Object.keys(byKey).sort()).toEqual([ids.a, ids.b, 'direct'].sort());
    expect(s.rows[0]!.key).toBe('direct');
    expect(s.rows[0]!.zh).toBe('红花岗区总工会（本级）');
    expect(byKey[ids.a]).toEqual({ units: 2, members: 3, covered: 2, raised: 30000, billed: 40000, arrears: 10000, claims: 4, paidCount: 1, paid: 50000 });
    expect(byKey[ids.b]).toEqual({ units: 1, members: 1, covered: 1, raised: 0, billed: 8000, arrears: 8000, claims: 1, paidCount: 0, paid: 0 });
    expect(byKey.direct).toEqual({ units: 1, members: 1, covered: 0, raised: 0, billed: 5000, arrears: 5000, claims: 0, paidCount: 0, paid: 0 });
    expect(s.rows.every((r) => !r.drillable)).toBe(true);
  });

  it('all years: members distinct over the years; every year on its own; the years available', async () => {
    const s = await stats(province, `?orgId=${ids.city}`);
    expect(s.filter.year).toBeNull();
    expect(s.years).toEqual([2026, 2025]);
    expect(figures(s.rows[0]!)).toEqual({ units: 4, members: 6, covered: 4, raised: 36000, billed: 59000, arrears: 23000, claims: 6, paidCount: 2, paid: 57000 });
    expect(s.byYear.map((y) => [y.year, figures(y)])).toEqual([
      [2025, { units: 1, members: 1, covered: 1, raised: 6000, billed: 6000, arrears: 0, claims: 1, paidCount: 1, paid: 7000 }],
      [2026, { units: 5, members: 7, covered: 5, raised: 42000, billed: 65000, arrears: 23000, claims: 7, paidCount: 2, paid: 80000 }],
    ]);
    // the by-year figures ignore the year filter
    expect((await stats(province, `?year=2025&orgId=${ids.city}`)).byYear.map((y) => y.raisedFen)).toEqual([6000, 42000]);
  });

  it('by scheme, and filtered by scheme', async () => {
    const s = await stats(province, `?year=2026&orgId=${ids.city}&groupBy=scheme`);
    const lps = BUILT_IN_SCHEMES.find((x) => x.code === 'LPS')!;
    expect(s.rows.map((r) => [r.key, r.zh, figures(r)])).toEqual([
      ['GY', BUILT_IN_SCHEMES.find((x) => x.code === 'GY')!.name.zh, { units: 1, members: 1, covered: 1, raised: 10000, billed: 10000, arrears: 0, claims: 1, paidCount: 0, paid: 0 }],
      ['LPS', lps.name.zh, { units: 4, members: 6, covered: 4, raised: 32000, billed: 55000, arrears: 23000, claims: 6, paidCount: 2, paid: 80000 }],
    ]);
    expect(s.schemes.map((x) => x.code)).toEqual(['GY', 'LPS', 'ZY']);
    const gy = await stats(province, `?year=2026&orgId=${ids.city}&schemeCode=GY`);
    expect(gy.rows.map((r) => [r.key, figures(r)])).toEqual([[ids.county, { units: 1, members: 1, covered: 1, raised: 10000, billed: 10000, arrears: 0, claims: 1, paidCount: 0, paid: 0 }]]);
  });

  it('a county user sees only their county: its units by default, nothing of the next county, 404 above or beside it', async () => {
    const s = await stats(county, '?year=2026');
    expect(s.filter.orgId).toBe(ids.county);
    expect(s.breadcrumb.map((b) => b.orgId)).toEqual([ids.county]);
    expect(figures(s.totals)).toEqual({ units: 4, members: 5, covered: 3, raised: 30000, billed: 53000, arrears: 23000, claims: 5, paidCount: 1, paid: 50000 });
    expect(s.rows.some((r) => r.key === ids.c)).toBe(false);
    expect(s.schemes.map((x) => x.code)).toEqual(['GY', 'LPS']);
    expectError(await t.app.inject({ method: 'GET', url: `/api/v1/mutual-aid/stats?orgId=${ids.county2}`, headers: { cookie: county } }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: `/api/v1/mutual-aid/stats?orgId=${ids.city}`, headers: { cookie: county } }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'GET', url: `/api/v1/mutual-aid/stats/export?orgId=${ids.county2}`, headers: { cookie: county } }), 404, 'NOT_FOUND');
  });

  it('a grassroots union sees its own units only, as its direct row', async () => {
    const s = await stats(unionA, '?year=2026');
    expect(s.rows.map((r) => [r.key, figures(r)])).toEqual([['direct', { units: 2, members: 3, covered: 2, raised: 30000, billed: 40000, arrears: 10000, claims: 4, paidCount: 1, paid: 50000 }]]);
  });

  it('refuses without mutualaid.read, and bad filters', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/stats', headers: { cookie: investigator } }), 403, 'FORBIDDEN');
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/stats', headers: {} }), 401);
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/stats?year=abc', headers: { cookie: province } }), 400);
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/mutual-aid/stats?groupBy=unit', headers: { cookie: province } }), 400);
  });

  it('an empty year answers zeros', async () => {
    const s = await stats(province, '?year=2030');
    expect(s.rows).toEqual([]);
    expect(figures(s.totals)).toEqual({ units: 0, members: 0, covered: 0, raised: 0, billed: 0, arrears: 0, claims: 0, paidCount: 0, paid: 0 });
    expect(s.totals.raisedPercent).toBe(0);
  });
});

describe('GET /api/v1/mutual-aid/stats/export', () => {
  it('the same tables as .xlsx with Chinese headers and totals; the export is audited', async () => {
    const before = await countRows(t.deps.db, 'audit_events', `action = 'mutual_aid.stats.export'`);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/mutual-aid/stats/export?year=2026&orgId=${ids.city}`, headers: { cookie: province } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(String(res.headers['content-disposition'])).toMatch(/attachment; filename="mutual-aid-stats-2026-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按地区', '按年度', '申请状态']);
    const ws = wb.getWorksheet('按地区')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['地区（工会）', '参加单位', '参加会员', '已保障会员', '保障率（%）', '筹集资金（元）']);
    const col = (name: string) => header.indexOf(name) + 1;
    const rows = [2, 3, 4].map((i) => ws.getRow(i));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(['红花岗区总工会', '汇川区总工会', '合计（遵义市总工会 · 2026 年度）']);
    expect(rows.map((r) => r.getCell(col('筹集资金（元）')).value)).toEqual(['300.00', '120.00', '420.00']);
    expect(rows.map((r) => r.getCell(col('筹集资金（分）')).value)).toEqual([30000, 12000, 42000]);
    expect(rows.map((r) => r.getCell(col('欠缴（分）')).value)).toEqual([23000, 0, 23000]);
    expect(rows.map((r) => r.getCell(col('给付金额（分）')).value)).toEqual([50000, 30000, 80000]);
    expect(rows.map((r) => r.getCell(col('已冲销申请')).value)).toEqual([1, 0, 1]);
    const years = wb.getWorksheet('按年度')!;
    expect([years.getRow(2).getCell(1).value, years.getRow(3).getCell(1).value]).toEqual([2025, 2026]);
    const st = wb.getWorksheet('申请状态')!;
    expect(st.getRow(5).values).toEqual([undefined, '已给付', 2, 28.57]);
    expect(st.getRow(8).values).toEqual([undefined, '合计', 7, 100]);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'mutual_aid.stats.export'`)).toBe(before + 1);
  });
});
