import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClaimDetailDto, MemberAccumulatorsDto } from '../src/contracts/mutual-aid-claims';
import type { BillDetailDto, EnrolmentImportResultDto, UnitDto } from '../src/contracts/mutual-aid-enrolment';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { makeUser, PASSWORD } from './support/factories';
import { type Client, client } from './support/http';
import { schemeBalances } from './support/mutual-aid-claims';
import { enrolmentWorld, type EnrolmentWorld, importFile, MA, memberWorkbook, ok, pay, personId } from './support/mutual-aid-enrolment';

/**
 * The issue's journey through the API, on the provincial critical-illness scheme (PROV) and its real worked case
 * (total 991,600 yuan, social insurance 864,400 → 88,400 paid by the union, 38,800 left to the worker):
 * a unit joins, 1,800 workers are enrolled from an .xlsx, the bill is paid in two parts (a claim before the second
 * part is not covered), the worker's stay is taken in with its bill and adjudicated with the trace, the same bill is
 * refused, the reviewer approves, finance pays once however often the call is repeated, and the pool in the ledger is
 * always the contributions less the payouts that stand — also after a reversal, which gives the period's cap back.
 */
const t = useTestApp();
let w: EnrolmentWorld;
let reviewer: Client;
let unit: UnitDto;
let bill: BillDetailDto;
let memberId: string;
const WORKERS = 1800;
const PLAN = 'critical_inpatient';

const post = (c: Client, url: string, body: unknown, key?: string) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: c.cookie!, 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) }, payload: JSON.stringify(body ?? {}) });
const count = async (table: string) => Number(rowsOf<{ n: number }>(await t.deps.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);
const accumulators = async (c: Client) => ok<MemberAccumulatorsDto>(await c.get(`${MA}/members/${memberId}/accumulators`));
/** The plan's 2016 accumulators; a plan or period without counted claims is not listed, i.e. zero. */
const period2016 = (a: MemberAccumulatorsDto) => a.plans.find((p) => p.planCode === PLAN)?.periods.find((p) => p.period === 2016) ?? { paidFen: 0, claims: 0 };

const stay = {
  planCode: PLAN,
  hospital: '贵州省人民医院',
  admissionDate: '2016-02-17',
  dischargeDate: '2016-03-21',
  diagnosis: '急性白血病',
  diagnosisIcd10: 'C92.0',
  totalCostFen: 99_160_000,
  insurancePaidFen: 86_440_000,
  billNumber: 'GZSRMYY-2016-0217-0031',
};

beforeAll(async () => {
  w = await enrolmentWorld(t);
  const r = await makeUser(t.deps, { orgId: w.county.id, roles: ['reviewer'] });
  reviewer = client(t.app, await loginAs(t.app, r.username, PASSWORD));
}, 120_000);

describe('medical mutual aid from enrolment to payment (the real worked case)', () => {
  it('a unit joins the provincial scheme and enrols its workers from an .xlsx', async () => {
    unit = await ok<UnitDto>(await w.cadre.post(`${MA}/units`, { schemeCode: 'PROV', name: '省直某事业单位', orgId: w.union.id }), 201);
    const rows = Array.from({ length: WORKERS }, (_, i) => [i === 0 ? '陈建国' : `职工${i}`, personId(), '', '重大疾病住院互助']);
    const res = await importFile(t, w.cadre, unit.id, await memberWorkbook(rows), 'all-or-nothing', 2016);
    const result = await ok<EnrolmentImportResultDto>(res);
    expect(result.issues).toEqual([]);
    expect(await count('mutual_aid_members')).toBe(WORKERS);
    expect(await count('mutual_aid_enrolments')).toBe(WORKERS);
    const [m] = rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from mutual_aid_members where name = '陈建国'`));
    memberId = m!.id;
  }, 300_000);

  it('bills the unit 50 yuan a worker; until the bill is settled its workers are not covered', async () => {
    bill = await ok<BillDetailDto>(await w.finance.post(`${MA}/units/${unit.id}/bills/2016`, {}));
    expect(bill.totalFen).toBe(WORKERS * 5_000);
    await ok(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: 4_000_000, paidOn: '2016-01-15', reference: 'PROV2016-A' }, 'journey-pay-1'), 201);

    const early = await ok<ClaimDetailDto>(await post(w.cadre, `${MA}/claims`, { memberId, ...stay }), 201);
    expect(early).toMatchObject({ status: 'adjudicated', enginePayoutFen: 0, reason: 'not_enrolled' });
    // rejected: the bill may be claimed again once the worker is covered
    await ok(await post(reviewer, `${MA}/claims/${early.id}/reject`, { reason: '受理时单位尚未缴清互助金' }));

    await ok(await pay(t, w.finance, bill.id, { payer: 'worker', amountFen: WORKERS * 5_000 - 4_000_000, paidOn: '2016-01-28', reference: 'PROV2016-B' }, 'journey-pay-2'), 201);
    const covered = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from mutual_aid_enrolments where paid_at is not null`))[0]!;
    expect(Number(covered.n)).toBe(WORKERS);
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(WORKERS * 5_000);
  });

  let claim: ClaimDetailDto;
  it('takes in the stay with its bill and pays 88,400 yuan, leaving 38,800 to the worker, with the trace', async () => {
    claim = await ok<ClaimDetailDto>(await post(w.cadre, `${MA}/claims`, { memberId, ...stay }), 201);
    expect(claim).toMatchObject({ status: 'adjudicated', enginePayoutFen: 8_840_000, payoutFen: 8_840_000, finalBurdenFen: 3_880_000, reason: null, schemeVersion: 1, hospitalDays: 33 });
    expect(claim.trace.map((s) => s.step)).toEqual(expect.arrayContaining(['scheme', 'enrolment', 'waiting_period', 'trigger', 'base', 'amount', 'cap', 'rounding', 'result']));
    expect(claim.trace.find((s) => s.step === 'base')!.values).toMatchObject({ baseFen: 12_720_000 });

    // the same bill again is refused and nothing is written
    const before = await count('mutual_aid_claims');
    const dup = await post(w.cadre, `${MA}/claims`, { memberId, ...stay, billNumber: ' gzsrmyy-2016-0217-0031 ' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ error: { code: 'DUPLICATE_BILL' } });
    expect(dup.body).toContain(claim.claimNo);
    expect(await count('mutual_aid_claims')).toBe(before);
  });

  it('the reviewer approves (not the clerk who took it in); finance pays once, however often asked', async () => {
    expect((await post(w.cadre, `${MA}/claims/${claim.id}/approve`, {})).statusCode).toBe(403);
    await ok(await post(reviewer, `${MA}/claims/${claim.id}/approve`, {}));
    expect(await schemeBalances(t.deps, 'PROV')).toMatchObject({ pool: WORKERS * 5_000 - 8_840_000, payable: 8_840_000 });

    const first = await post(w.finance, `${MA}/claims/${claim.id}/pay`, {}, 'journey-claim-pay');
    const again = await post(w.finance, `${MA}/claims/${claim.id}/pay`, {}, 'journey-claim-pay');
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const other = await post(w.finance, `${MA}/claims/${claim.id}/pay`, {}, 'journey-claim-pay-2');
    expect(other.statusCode).toBe(409);
    const paid = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from ledger_entries where source_type = 'ma_claim_payment' and source_id = ${claim.id}`))[0]!;
    expect(Number(paid.n)).toBe(1);
    expect(await schemeBalances(t.deps, 'PROV')).toEqual({ bank: WORKERS * 5_000 - 8_840_000, pool: WORKERS * 5_000 - 8_840_000, payable: 0, receivable: 0 });
    expect(period2016(await accumulators(w.cadre))).toMatchObject({ paidFen: 8_840_000, claims: 1 });
  });

  it('a second stay in the year is held to the year’s cap; a reversal gives the cap back', async () => {
    // 150,000 yuan a year: 61,600 yuan are left after the first payout
    const second = { ...stay, admissionDate: '2016-06-02', dischargeDate: '2016-06-30', totalCostFen: 20_000_000, insurancePaidFen: 0, billNumber: 'GZSRMYY-2016-0602-0007' };
    const capped = await ok<ClaimDetailDto>(await post(w.cadre, `${MA}/claims`, { memberId, ...second }), 201);
    expect(capped.enginePayoutFen).toBe(15_000_000 - 8_840_000);

    // the first payout is reversed (paid: the money is owed back); the pool gets it back, the accumulators lose it
    await ok(await post(reviewer, `${MA}/claims/${claim.id}/reverse`, { reason: '医院更正费用清单，重新申请' }));
    expect(await schemeBalances(t.deps, 'PROV')).toMatchObject({ pool: WORKERS * 5_000, receivable: 8_840_000 });
    expect(period2016(await accumulators(w.cadre))).toMatchObject({ paidFen: 15_000_000 - 8_840_000, claims: 1 });

    // the capped claim is rejected, and the same stay taken in again is now worked out against the whole cap
    await ok(await post(reviewer, `${MA}/claims/${capped.id}/reject`, { reason: '按冲销后的累计重新受理' }));
    expect(period2016(await accumulators(w.cadre))).toMatchObject({ paidFen: 0, claims: 0 });
    const again = await ok<ClaimDetailDto>(await post(w.cadre, `${MA}/claims`, { memberId, ...second }), 201);
    // 40% of the first 20,000 yuan, 75% of the remaining 180,000
    expect(again.enginePayoutFen).toBe(800_000 + 13_500_000);

    // the pool cannot pay more than it holds: the approval is refused and nothing moves
    const refused = await post(reviewer, `${MA}/claims/${again.id}/approve`, {});
    expect(refused.statusCode).toBe(409);
    expect(await schemeBalances(t.deps, 'PROV')).toMatchObject({ pool: WORKERS * 5_000, payable: 0 });
  });

  it('keeps the pool equal to the contributions less the payouts that stand, and the ledger whole', async () => {
    const [c] = rowsOf<{ s: string }>(await t.deps.db.execute(sql`select coalesce(sum(amount_fen), 0)::text as s from mutual_aid_contribution_payments where scheme_code = 'PROV'`));
    const [p] = rowsOf<{ s: string }>(await t.deps.db.execute(sql`select coalesce(sum(payout_fen), 0)::text as s from mutual_aid_claims where scheme_code = 'PROV' and status in ('approved', 'paid')`));
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(Number(c!.s) - Number(p!.s));
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });
});
