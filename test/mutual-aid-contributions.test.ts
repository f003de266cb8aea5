import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYERS } from '../src/contracts/mutual-aid';
import type { BillDetailDto, BillListResponse, MemberDto, PaymentDto, UnitBillResponse, UnitDto } from '../src/contracts/mutual-aid-enrolment';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { makeGrassroots, makeUser, orgByCode, PASSWORD } from './support/factories';
import { type Client, client, expectError, snapshotTables } from './support/http';
import { readSheets } from './support/import';
import { addMember, createUnit, enrolled, type EnrolmentWorld, enrolmentWorld, issueBill, MA, ok, PERIOD, pay, personId } from './support/mutual-aid-enrolment';
import { approvedHousehold } from './support/oversight';
import { householdInput } from './support/registry';
import { mutualAidVectors } from './vectors/mutual-aid';

const t = useTestApp();
let w: EnrolmentWorld;

beforeAll(async () => {
  w = await enrolmentWorld(t);
});

const sqlOne = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.deps.db.execute(q))[0]!;
const poolBalance = async (code: string) => Number((await sqlOne<{ b: string | null }>(sql`select (select balance_fen from ledger_accounts where code = ${`ma-pool:${code}`}) as b`)).b ?? 0);
const paymentsReceived = async (code: string) => Number((await sqlOne<{ s: string }>(sql`select coalesce(sum(amount_fen), 0) as s from mutual_aid_contribution_payments where scheme_code = ${code}`)).s);
const covered = (m: MemberDto) => m.enrolments.filter((e) => e.status === 'active').every((e) => e.covered);
const members = async (c: Client, unitId: string) => (await ok<{ items: MemberDto[] }>(await c.get(`${MA}/units/${unitId}/members?period=${PERIOD}`))).items;

/** Puts a person into an approved household file (the registry's 困难职工) as its worker. */
async function hardship(idNumber: string): Promise<void> {
  const base = householdInput(w.union.id, { regionCode: '520201' });
  await approvedHousehold(t.app, t.deps, w.cadre.cookie!, w.union.id, { investigatedBy: w.cadreId, reviewedBy: w.reviewerId }, '520201', {
    members: base.members.map((m) => (m.relation === 'self' ? { ...m, idNumber } : m)),
  });
}

/** Staff of another county (for a scheme of another region). */
async function countyStaff(code: string): Promise<{ cadre: Client; finance: Client; unionId: string }> {
  const county = await orgByCode(t.deps, code);
  const union = await makeGrassroots(t.deps, { countyCode: code });
  const cadre = await makeUser(t.deps, { orgId: county.id, roles: ['cadre'] });
  const finance = await makeUser(t.deps, { orgId: county.id, roles: ['finance'] });
  return { cadre: client(t.app, await loginAs(t.app, cadre.username, PASSWORD)), finance: client(t.app, await loginAs(t.app, finance.username, PASSWORD)), unionId: union.id };
}

describe('the bill split by payer is exact for the reference vectors', () => {
  const cases = mutualAidVectors.contributionCases.filter((c) => c.households === undefined);
  const COUNT = 3;

  for (const v of cases) {
    it(`${v.id}: ${v.scheme} ${v.memberStatus ?? 'ordinary'}${v.plans ? ` with ${v.plans.length} plans` : ''} × ${COUNT} members`, async () => {
      const staff =
        v.scheme === 'LPS' ? { cadre: w.cadre, finance: w.finance, unionId: w.union.id } : await countyStaff(v.scheme === 'SN' ? '520624' : v.scheme === 'ZY' ? '520302' : '520102');
      const unit = await createUnit(staff.cadre, staff.unionId, { schemeCode: v.scheme });
      const region = v.scheme === 'LPS' ? '520201' : '520302';
      const ids = Array.from({ length: COUNT }, () => personId(region));
      if (v.memberStatus === 'hardship') for (const id of ids) await hardship(id);
      const plans = v.plans ?? [v.scheme === 'SN' ? 'inpatient_secondary' : v.scheme === 'GY' ? 'critical_illness' : 'inpatient'];
      const ms = await enrolled(staff.cadre, unit.id, COUNT, plans, PERIOD, ids);
      if (v.memberStatus === 'hardship') expect(ms.map((m) => m.status)).toEqual(Array(COUNT).fill('hardship'));
      const bill = await issueBill(staff.finance, unit.id);
      const expected = Object.fromEntries(Object.entries(v.expect).filter(([k]) => k !== 'total').map(([k, fen]) => [k, fen * COUNT]));
      expect(Object.fromEntries(bill.byPayer.map((s) => [s.payer, s.dueFen]))).toEqual(expected);
      expect(bill.byPayer.map((s) => s.payer)).toEqual(PAYERS.filter((p) => p in expected));
      expect(bill).toMatchObject({ totalFen: v.expect.total! * COUNT, paidFen: 0, arrearsFen: v.expect.total! * COUNT, status: 'open', memberCount: COUNT, enrolmentCount: COUNT * plans.length, schemeVersion: 1, validFrom: '2025-01-01', validTo: '2025-12-31' });
      expect(bill.lines.reduce((s, l) => s + l.subtotalFen, 0)).toBe(bill.totalFen);
    });
  }

  it('a unit of ordinary and hardship members: each line counted for its status (六盘水: the worker pays 60 of a hardship member’s 100, the city and county unions 20 each)', async () => {
    const unit = await createUnit(w.cadre, w.union.id);
    const ids = Array.from({ length: 5 }, () => personId());
    await hardship(ids[3]!);
    await hardship(ids[4]!);
    await enrolled(w.cadre, unit.id, 5, ['inpatient'], PERIOD, ids);
    const bill = await issueBill(w.finance, unit.id);
    expect(bill.byPayer.map((s) => [s.payer, s.dueFen])).toEqual([
      ['worker', 3 * 10000 + 2 * 6000],
      ['city_union', 2 * 2000],
      ['county_union', 2 * 2000],
    ]);
    expect(bill.totalFen).toBe(50000);
    expect(bill.lines.map((l) => [l.payer, l.memberStatus, l.quantity, l.amountFen, l.subtotalFen])).toEqual([
      ['worker', 'ordinary', 3, 10000, 30000],
      ['worker', 'hardship', 2, 6000, 12000],
      ['city_union', 'hardship', 2, 2000, 4000],
      ['county_union', 'hardship', 2, 2000, 4000],
    ]);
  });
});

describe('issuing bills', () => {
  it('needs mutualaid.finance and something to bill; the unit page shows what it would be before it is issued', async () => {
    const unit = await createUnit(w.cadre, w.union.id);
    expectError(await w.finance.post(`${MA}/units/${unit.id}/bills/${PERIOD}`, {}), 409, 'CONFLICT');
    await enrolled(w.cadre, unit.id, 2, ['inpatient']);
    expectError(await w.cadre.post(`${MA}/units/${unit.id}/bills/${PERIOD}`, {}), 403, 'FORBIDDEN');
    const view = await ok<UnitBillResponse>(await w.cadre.get(`${MA}/units/${unit.id}/bills/${PERIOD}`));
    expect(view.bill).toBeNull();
    expect(view.preview).toMatchObject({ totalFen: 20000, memberCount: 2, enrolmentCount: 2, byPayer: [{ payer: 'worker', dueFen: 20000 }] });
    const noVersion = await ok<UnitBillResponse>(await w.cadre.get(`${MA}/units/${unit.id}/bills/2030`));
    expect(noVersion.problem?.zh).toContain('2030');
    const bill = await issueBill(w.finance, unit.id);
    expect((await ok<UnitBillResponse>(await w.cadre.get(`${MA}/units/${unit.id}/bills/${PERIOD}`))).bill?.id).toBe(bill.id);
    // issuing again with nothing changed: the same bill
    const again = await issueBill(w.finance, unit.id);
    expect(again).toMatchObject({ id: bill.id, totalFen: 20000, updatedAt: bill.updatedAt });
    expectError(await w.otherCadre.get(`${MA}/bills/${bill.id}`), 404);
  });
});

describe('payments, coverage and the pool', () => {
  let unit: UnitDto;
  let bill: BillDetailDto;
  const poolStart = { v: 0 };

  beforeAll(async () => {
    unit = await createUnit(w.cadre, w.union.id);
    await enrolled(w.cadre, unit.id, 3, ['inpatient']);
    bill = await issueBill(w.finance, unit.id);
    poolStart.v = await poolBalance('LPS');
  });

  it('refuses a payment over the arrears, for a payer without a share, dated in the future — nothing written', async () => {
    const before = await snapshotTables(t.deps.db);
    const over = expectError(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 30001, paidOn: '2026-11-30', reference: 'BANK-001' }), 409, 'CONFLICT');
    expect(over.message).toContain('300.00');
    expect(over.details).toMatchObject({ maxFen: 30000, arrearsFen: 30000 });
    expectError(await pay(t, w.finance, bill.id, { payer: 'government', amountFen: 100, paidOn: '2026-11-30', reference: 'BANK-001' }), 409, 'CONFLICT');
    expectError(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 100, paidOn: '2026-12-01', reference: 'BANK-001' }), 400, 'VALIDATION_FAILED');
    expectError(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 0, paidOn: '2026-11-30', reference: 'BANK-001' }), 400, 'VALIDATION_FAILED');
    expectError(await pay(t, w.cadre, bill.id, { payer: 'worker', amountFen: 100, paidOn: '2026-11-30', reference: 'BANK-001' }), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a partial payment leaves the members uncovered; a repeat with the same Idempotency-Key posts once', async () => {
    const key = 'ma-pay-partial-0001';
    const body = { payer: 'worker', amountFen: 10000, paidOn: '2026-11-28', reference: 'BANK-002' };
    const first = await ok<BillDetailDto>(await pay(t, w.finance, bill.id, body, key), 201);
    expect(first).toMatchObject({ paidFen: 10000, arrearsFen: 20000, status: 'open' });
    expect(first.payments).toHaveLength(1);
    const again = await ok<BillDetailDto>(await pay(t, w.finance, bill.id, body, key), 201);
    expect(again).toEqual(first);
    expect(await poolBalance('LPS')).toBe(poolStart.v + 10000);
    const entries = await sqlOne<{ n: number }>(sql`select count(*)::int as n from ledger_entries where source_type = 'ma_contribution' and source_id = ${first.payments[0]!.id}`);
    expect(entries.n).toBe(1);
    expectError(await pay(t, w.finance, bill.id, { ...body, amountFen: 10001 }, key), 422, 'IDEMPOTENCY_MISMATCH');
    expect((await members(w.cadre, unit.id)).map(covered)).toEqual([false, false, false]);
  });

  it('cancelling an opt-in that would take the bill below what was paid is refused', async () => {
    // paid 100 of 300: taking two members out would leave 100 — still allowed; a bill below 100 is not
    const ms = await members(w.cadre, unit.id);
    const pay2 = await ok<BillDetailDto>(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 5000, paidOn: '2026-11-29', reference: 'BANK-003' }), 201);
    expect(pay2.paidFen).toBe(15000);
    const c1 = await w.cadre.post(`${MA}/enrolments/${ms[0]!.enrolments[0]!.id}/cancel`, {});
    expect(c1.statusCode, c1.body).toBe(200);
    const before = await snapshotTables(t.deps.db);
    const c2 = expectError(await w.cadre.post(`${MA}/enrolments/${ms[1]!.enrolments[0]!.id}/cancel`, {}), 409, 'CONFLICT');
    expect(c2.message).toContain('150.00');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    const now = await ok<BillDetailDto>(await w.finance.get(`${MA}/bills/${bill.id}`));
    expect(now).toMatchObject({ totalFen: 20000, paidFen: 15000, memberCount: 2 });
  });

  it('the settling payment covers every opt-in of the unit’s period; the pool equals the payments received', async () => {
    const settled = await ok<BillDetailDto>(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 5000, paidOn: '2026-11-30', reference: 'BANK-004' }), 201);
    expect(settled).toMatchObject({ totalFen: 20000, paidFen: 20000, arrearsFen: 0, status: 'paid' });
    expect(settled.byPayer).toEqual([{ payer: 'worker', dueFen: 20000, paidFen: 20000, arrearsFen: 0 }]);
    const ms = await members(w.cadre, unit.id);
    const active = ms.filter((m) => m.enrolments.some((e) => e.status === 'active'));
    expect(active.map(covered)).toEqual([true, true]);
    expect(active.every((m) => m.enrolments.filter((e) => e.status === 'active').every((e) => e.paidAt !== null))).toBe(true);
    // a paid opt-in cannot be cancelled; no more payments
    expectError(await w.cadre.post(`${MA}/enrolments/${active[0]!.enrolments[0]!.id}/cancel`, {}), 409, 'CONFLICT');
    expectError(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 1, paidOn: '2026-11-30', reference: 'BANK-005' }), 409, 'CONFLICT');
    expect(await poolBalance('LPS')).toBe(await paymentsReceived('LPS'));
    const ps = await ok<{ items: PaymentDto[] }>(await w.cadre.get(`${MA}/bills/${bill.id}/payments`));
    expect(ps.items.map((p) => p.amountFen)).toEqual([10000, 5000, 5000]);
  });

  it('a member enrolled after the bill was settled reopens it, is not covered until the arrears are paid', async () => {
    const late = await addMember(w.cadre, unit.id, { name: '迟到者', enrol: { period: PERIOD, planCodes: ['inpatient'] } });
    const b = await ok<BillDetailDto>(await w.finance.get(`${MA}/bills/${bill.id}`));
    expect(b).toMatchObject({ totalFen: 30000, paidFen: 20000, arrearsFen: 10000, status: 'open', memberCount: 3 });
    expect(covered((await members(w.cadre, unit.id)).find((m) => m.id === late.id)!)).toBe(false);
    // choosing a second plan costs nothing more under a per-member rule, and is covered once the bill is settled
    await ok<BillDetailDto>(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 10000, paidOn: '2026-11-30', reference: 'BANK-006' }), 201);
    expect(covered((await members(w.cadre, unit.id)).find((m) => m.id === late.id)!)).toBe(true);
    const r = await w.cadre.post(`${MA}/members/${late.id}/enrolments`, { period: PERIOD, planCodes: ['pharmacy_allowance'] });
    expect(r.statusCode, r.body).toBe(200);
    const after = (await members(w.cadre, unit.id)).find((m) => m.id === late.id)!;
    expect(after.enrolments.map((e) => [e.planCode, e.covered])).toEqual([
      ['inpatient', true],
      ['pharmacy_allowance', true],
    ]);
    expect(await poolBalance('LPS')).toBe(await paymentsReceived('LPS'));
  });
});

describe('the arrears list', () => {
  it('lists bills in scope with their arrears and totals, filters, and exports .xlsx; another county sees none of them', async () => {
    const unit = await createUnit(w.cadre, w.union.id, { name: `欠费单位${process.pid}` });
    await enrolled(w.cadre, unit.id, 2, ['inpatient']);
    const bill = await issueBill(w.finance, unit.id);
    await ok(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 2500, paidOn: '2026-11-30', reference: 'R-1' }), 201);
    const list = await ok<BillListResponse>(await w.finance.get(`${MA}/bills?status=open&period=${PERIOD}&q=${encodeURIComponent('欠费单位')}`));
    expect(list.items.map((b) => [b.unitName, b.totalFen, b.paidFen, b.arrearsFen])).toEqual([[unit.name, 20000, 2500, 17500]]);
    expect(list.totals).toEqual({ bills: 1, totalFen: 20000, paidFen: 2500, arrearsFen: 17500 });
    const all = await ok<BillListResponse>(await w.cadre.get(`${MA}/bills?status=open`));
    expect(all.totals.arrearsFen).toBe(all.items.reduce((s, b) => s + b.arrearsFen, 0));
    expect(all.items.every((b) => b.status === 'open' && b.arrearsFen > 0)).toBe(true);
    const page1 = await ok<BillListResponse>(await w.cadre.get(`${MA}/bills?limit=1`));
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await ok<BillListResponse>(await w.cadre.get(`${MA}/bills?limit=1&cursor=${page1.nextCursor}`));
    expect(page2.items[0]!.id).not.toBe(page1.items[0]!.id);

    const res = await t.app.inject({ method: 'GET', url: `${MA}/bills/export?status=open`, headers: { cookie: w.cadre.cookie! } });
    expect(res.statusCode).toBe(200);
    const rows = (await readSheets(res.rawPayload))['缴费与欠费']!;
    expect(rows[0]!.slice(0, 9)).toEqual(['方案 Scheme', '年度 Period', '会员单位 Unit', '所属工会 Union', '会员数 Members', '应缴(元) Total', '已缴(元) Paid', '欠费(元) Arrears', '状态 Status']);
    const line = rows.find((r) => r[2] === unit.name)!;
    expect(line.slice(5, 8)).toEqual([200, 25, 175]);
    expect(rows.at(-1)![0]).toBe('合计 Total');

    const theirs = await ok<BillListResponse>(await w.otherCadre.get(`${MA}/bills`));
    expect(theirs.items).toEqual([]);
    expect(theirs.totals.bills).toBe(0);
  });
});
