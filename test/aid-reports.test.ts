import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FundFlowDto, RecoveryDto } from '../src/contracts/aid';
import type { AidProgramRow } from '../src/server/modules/aid/program.table';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { loginAs, useTestApp } from './support/app';
import { type FixtureHousehold, balanceById, makeAward, makeProgram } from './support/aid-recovery';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { type Client, client, countRows, expectError } from './support/http';
import { approvedHousehold } from './support/oversight';

const t = useTestApp();
const P = '/api/v1/aid/reports';

interface PaidReport {
  rows: Array<{ key: string; label: string; count: number; paidFen: number }>;
  totalCount: number;
  totalFen: number;
}
interface BudgetReport {
  rows: Array<{ programId: string; budgetFen: number; committedFen: number; paidFen: number; availableFen: number }>;
}

let reviewer: Client;
let finance: Client;
let cadre: Client;
let farCadre: Client;
let farFinance: Client;
let p1: AidProgramRow;
let p2: AidProgramRow;
let farProgram: AidProgramRow;
const hs: FixtureHousehold[] = [];
/** What was paid in 2026-01-01 … 2026-06-30 in the 红花岗区 programs. */
const firstHalf: Array<{ program: string; org: string; category: string; month: string; fen: number }> = [];

beforeAll(async () => {
  const county = await orgByCode(t.deps, '520302');
  const far = await orgByCode(t.deps, '520303');
  const g1 = await makeGrassroots(t.deps, { countyCode: '520302' });
  const g2 = await makeGrassroots(t.deps, { countyCode: '520302' });
  const g3 = await makeGrassroots(t.deps, { countyCode: '520303' });
  const c1 = await loginAs(t.app, (await makeUser(t.deps, { orgId: g1.id, roles: ['cadre'] })).username, PASSWORD);
  const c2 = await loginAs(t.app, (await makeUser(t.deps, { orgId: g2.id, roles: ['cadre'] })).username, PASSWORD);
  const c3 = await loginAs(t.app, (await makeUser(t.deps, { orgId: g3.id, roles: ['cadre'] })).username, PASSWORD);
  cadre = client(t.app, c1);
  farCadre = client(t.app, c3);
  const inv = (await makeUser(t.deps, { orgCode: '520302', roles: ['investigator'] })).id;
  const rev = await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] });
  reviewer = client(t.app, await loginAs(t.app, rev.username, PASSWORD));
  finance = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['finance'] })).username, PASSWORD));
  farFinance = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520303', roles: ['finance'] })).username, PASSWORD));
  for (const [org, cookie] of [
    [g1, c1],
    [g1, c1],
    [g2, c2],
    [g2, c2],
  ] as const) {
    const h = await approvedHousehold(t.app, t.deps, cookie, org.id, { investigatedBy: inv, reviewedBy: rev.id });
    hs.push({ id: h.id, orgId: org.id, orgPath: org.path, regionCode: '520302' });
  }
  const farH = await approvedHousehold(t.app, t.deps, c3, g3.id, { investigatedBy: inv, reviewedBy: rev.id }, '520303');

  p1 = await makeProgram(t.deps, { fundingOrgId: county.id, budgetFen: 2_000_000, name: '送温暖（报表）', type: 'holiday_relief' });
  p2 = await makeProgram(t.deps, { fundingOrgId: county.id, budgetFen: 1_000_000, name: '医疗救助（报表）', type: 'medical_aid' });
  farProgram = await makeProgram(t.deps, { fundingOrgId: far.id, budgetFen: 1_000_000, name: '他县项目' });

  const paid = async (p: AidProgramRow, h: FixtureHousehold, fen: number, on: string, category: string) => {
    const a = await makeAward(t.deps, p, h, { amountFen: fen, status: 'paid', paidOn: on, category });
    if (on <= '2026-06-30') firstHalf.push({ program: p.id, org: h.orgId, category, month: on.slice(0, 7), fen });
    return a;
  };
  await paid(p1, hs[0], 100_001, '2026-01-15', 'dibao');
  await paid(p1, hs[1], 100_002, '2026-02-01', 'near_dibao');
  await paid(p1, hs[2], 100_003, '2026-02-28', 'dibao');
  await paid(p1, hs[3], 100_004, '2026-07-01', 'accident'); // outside the first half
  await paid(p2, hs[0], 33_333, '2026-03-31', 'dibao');
  const revoked = await paid(p2, hs[1], 66_667, '2026-06-30', 'near_dibao');
  await makeAward(t.deps, p2, hs[2], { amountFen: 50_000, status: 'confirmed' });
  await makeAward(t.deps, p2, hs[3], { amountFen: 20_000, status: 'approved' });
  await makeAward(t.deps, farProgram, { id: farH.id, orgId: g3.id, orgPath: g3.path, regionCode: '520303' }, { amountFen: 77_777, status: 'paid', paidOn: '2026-03-01' });
  // a paid award revoked: still paid in the period, and a recovery (partly received)
  const r = await reviewer.post<{ recovery: RecoveryDto }>(`/api/v1/aid/awards/${revoked.id}/revoke`, { reason: '追回（报表）' });
  expect(r.statusCode, r.body).toBe(200);
  await finance.post(`/api/v1/aid/recoveries/${r.json().recovery.id}/installments`, { amountFen: 10_000 });
}, 240_000);

const sumBy = <T>(xs: T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

describe('paid report', () => {
  it.each(['program', 'org', 'category', 'month'] as const)('grouped by %s: rows add up to the total, exactly', async (groupBy) => {
    const r = await finance.get<PaidReport>(`${P}/paid?from=2026-01-01&to=2026-06-30&groupBy=${groupBy}`);
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect(rep.totalFen).toBe(sumBy(firstHalf, (x) => x.fen));
    expect(rep.totalFen).toBe(400_006);
    expect(rep.totalCount).toBe(firstHalf.length);
    expect(sumBy(rep.rows, (x) => x.paidFen)).toBe(rep.totalFen);
    expect(sumBy(rep.rows, (x) => x.count)).toBe(rep.totalCount);
    const field = { program: 'program', org: 'org', category: 'category', month: 'month' } as const;
    const expected = new Map<string, number>();
    for (const x of firstHalf) expected.set(x[field[groupBy]], (expected.get(x[field[groupBy]]) ?? 0) + x.fen);
    expect(Object.fromEntries(rep.rows.map((x) => [x.key, x.paidFen]))).toEqual(Object.fromEntries(expected));
    expect(rep.rows.every((x) => x.label.length > 0)).toBe(true);
  });

  it('the period is by the business date of the payment entry; one program; bad periods refused', async () => {
    expect((await finance.get<PaidReport>(`${P}/paid?from=2026-07-01&to=2026-07-01`)).json().totalFen).toBe(100_004);
    expect((await finance.get<PaidReport>(`${P}/paid?from=2026-01-01&to=2026-12-31&programId=${p2.id}`)).json().totalFen).toBe(100_000);
    expectError(await finance.get(`${P}/paid?from=2026-07-01&to=2026-01-01`), 400, 'VALIDATION_FAILED');
    expectError(await finance.get(`${P}/paid?from=2026-13-01&to=2026-12-31`), 400, 'VALIDATION_FAILED');
  });

  it("scope: another county's finance and cadre see only their own", async () => {
    expect((await farFinance.get<PaidReport>(`${P}/paid?from=2026-01-01&to=2026-12-31`)).json().totalFen).toBe(77_777);
    expect((await farCadre.get<PaidReport>(`${P}/paid?from=2026-01-01&to=2026-12-31`)).json().totalFen).toBe(77_777);
    // a grassroots cadre sees the payments to its own union's households
    const mine = await cadre.get<PaidReport>(`${P}/paid?from=2026-01-01&to=2026-12-31`);
    expect(mine.json().totalFen).toBe(100_001 + 100_002 + 33_333 + 66_667);
  });
});

describe('budget report', () => {
  it('budget = committed + available; paid and committed from the ledger', async () => {
    const r = await reviewer.get<BudgetReport>(`${P}/budget?year=2026`);
    expect(r.statusCode, r.body).toBe(200);
    const row1 = r.json().rows.find((x) => x.programId === p1.id)!;
    const row2 = r.json().rows.find((x) => x.programId === p2.id)!;
    expect(row1).toMatchObject({ budgetFen: 2_000_000, committedFen: 400_010, paidFen: 400_010, availableFen: 2_000_000 - 400_010 });
    expect(row2).toMatchObject({ budgetFen: 1_000_000, committedFen: 33_333 + 66_667 + 50_000 + 20_000, paidFen: 100_000 });
    for (const row of r.json().rows) expect(row.committedFen + row.availableFen).toBe(row.budgetFen);
    expect(row2.availableFen).toBe(await balanceById(t.deps, p2.budgetAccountId));
    expect(r.json().rows.some((x) => x.programId === farProgram.id)).toBe(false);
    expect((await farFinance.get<BudgetReport>(`${P}/budget`)).json().rows.map((x) => x.programId)).toEqual([farProgram.id]);
  });
});

describe('recoveries report', () => {
  it('per program, with totals', async () => {
    const r = await finance.get<{ rows: Array<{ programId: string; amountDueFen: number; receivedFen: number; outstandingFen: number }>; totals: { amountDueFen: number; receivedFen: number; outstandingFen: number; count: number } }>(`${P}/recoveries`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rows).toEqual([expect.objectContaining({ programId: p2.id, amountDueFen: 66_667, receivedFen: 10_000, outstandingFen: 56_667 })]);
    expect(r.json().totals).toMatchObject({ count: 1, amountDueFen: 66_667, receivedFen: 10_000, outstandingFen: 56_667 });
    expect((await farFinance.get<{ rows: unknown[] }>(`${P}/recoveries`)).json().rows).toEqual([]);
  });
});

describe('fund flow', () => {
  it('fund → program → org → household: every stage adds up to the total; households masked', async () => {
    const r = await finance.get<FundFlowDto>(`${P}/fund-flow?from=2026-01-01&to=2026-12-31`);
    expect(r.statusCode, r.body).toBe(200);
    const f = r.json();
    expect(f.totalFen).toBe(500_010);
    const kind = new Map(f.nodes.map((n) => [n.id, n.kind]));
    const stage = (from: string, to: string) => f.links.filter((l) => kind.get(l.source) === from && kind.get(l.target) === to);
    for (const [a, b] of [
      ['fund', 'program'],
      ['program', 'org'],
      ['org', 'household'],
    ] as const) {
      expect(sumBy(stage(a, b), (l) => l.amountFen), `${a}→${b}`).toBe(f.totalFen);
      expect(sumBy(stage(a, b), (l) => l.count)).toBe(6);
    }
    // flows are conserved at every program and org node
    for (const n of f.nodes.filter((x) => x.kind === 'program' || x.kind === 'org')) {
      expect(sumBy(f.links.filter((l) => l.target === n.id), (l) => l.amountFen)).toBe(sumBy(f.links.filter((l) => l.source === n.id), (l) => l.amountFen));
    }
    expect(f.links.find((l) => l.source.startsWith('fund:') && l.target === `program:${p1.id}`)?.amountFen).toBe(400_010);
    const households = f.nodes.filter((n) => n.kind === 'household');
    expect(households).toHaveLength(4);
    expect(households.every((n) => /^.\*+$/u.test(n.label))).toBe(true);
    expect(f.nodes.filter((n) => n.kind === 'fund')).toHaveLength(1);
    // another county: its own flow only
    const far = (await farCadre.get<FundFlowDto>(`${P}/fund-flow?from=2026-01-01&to=2026-12-31`)).json();
    expect(far.totalFen).toBe(77_777);
    expect(far.nodes.some((n) => n.id === `program:${p1.id}`)).toBe(false);
  });
});

describe('export', () => {
  async function sheet(query: string) {
    const res = await t.app.inject({ method: 'GET', url: `${P}/export?${query}`, headers: { cookie: finance.cookie! } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const col = (h: string) => header.indexOf(h);
    const body = Array.from({ length: ws.rowCount - 2 }, (_, i) => ws.getRow(i + 2));
    return { ws, col, body, total: ws.getRow(ws.rowCount) };
  }

  it('paid: the totals row is the sum of the rows and equals the report', async () => {
    const { col, body, total } = await sheet('kind=paid&from=2026-01-01&to=2026-06-30&groupBy=month');
    const c = col('发放金额（分）');
    expect(sumBy(body, (r) => Number(r.getCell(c).value))).toBe(400_006);
    expect(Number(total.getCell(c).value)).toBe(400_006);
    expect(String(total.getCell(col('发放金额（元）')).value)).toBe('4,000.06');
  });

  it('budget, recoveries and fund flow sheets total exactly', async () => {
    const b = await sheet('kind=budget&year=2026');
    for (const h of ['预算（分）', '已承诺（分）', '已发放（分）', '可用（分）']) expect(Number(b.total.getCell(b.col(h)).value)).toBe(sumBy(b.body, (r) => Number(r.getCell(b.col(h)).value)));
    expect(Number(b.total.getCell(b.col('预算（分）')).value)).toBe(3_000_000);
    const r = await sheet('kind=recoveries');
    expect(Number(r.total.getCell(r.col('未追回（分）')).value)).toBe(56_667);
    const f = await sheet('kind=fund-flow&from=2026-01-01&to=2026-12-31');
    expect(Number(f.total.getCell(f.col('金额（分）')).value)).toBe(500_010);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'aid.report.export'`)).toBeGreaterThanOrEqual(4);
  });

  it('a period report without its period is refused', async () => {
    expectError(await finance.get(`${P}/export?kind=paid`), 400, 'VALIDATION_FAILED');
    expectError(await finance.get(`${P}/export?kind=nope`), 400, 'VALIDATION_FAILED');
  });
});

describe('the ledger', () => {
  it('is balanced', async () => {
    const v = await verifyLedger(t.deps.db);
    expect(v.ok, v.message).toBe(true);
  });
});
