import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClaimDetailDto, ClaimDocumentDto, MemberAccumulatorsDto } from '../src/contracts/mutual-aid-claims';
import { TRACE_STEPS } from '../src/contracts/mutual-aid';
import { setFileStore } from '../src/server/modules/verification/visit.service';
import { rowsOf } from '../src/server/platform/db/client';
import { MemoryStore } from '../src/server/platform/storage/file-store';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeUser, orgByCode } from './support/factories';
import { type Client, client, countRows, expectError, snapshotTables } from './support/http';
import { guizhouLines } from './support/dynamic';
import { type ClaimsWorld, type TestMember, claimsWorld, contribute, entriesOf, makeMember, makeUnit, optIn, schemeBalances } from './support/mutual-aid-claims';
import { approvedHousehold } from './support/oversight';
import { householdInput, uniqueId } from './support/registry';
import { mutualAidVectors } from './vectors/mutual-aid';

const store = new MemoryStore();
const t = useTestApp({}, { beforeReady: (_app, deps) => setFileStore(deps, store) });
const P = '/api/v1/mutual-aid';
let w: ClaimsWorld;
let provUnit: { id: string; orgPath: string; schemeCode: string };
/** What the tests put into the PROV pool, and the payouts that stand (approved or paid, not reversed). */
let provContributed = 0;

beforeAll(async () => {
  w = await claimsWorld(t);
  provUnit = await makeUnit(t.deps, w.union.id, 'PROV', '贵州省直测试单位');
  provContributed = 200_000_000;
  await contribute(t.deps, 'PROV', provContributed);
});

async function provMember(over: { name?: string; idNumber?: string } = {}, year = 2016): Promise<TestMember> {
  const m = await makeMember(t.deps, provUnit, over);
  await optIn(t.deps, m, 'critical_inpatient', year);
  return m;
}

let billSeq = 0;
const bill = (over: Record<string, unknown> = {}) => ({
  planCode: 'critical_inpatient',
  hospital: '贵州省人民医院',
  admissionDate: '2016-02-17',
  dischargeDate: '2016-03-10',
  diagnosis: '肺恶性肿瘤',
  diagnosisIcd10: 'C34.1',
  totalCostFen: 99_160_000,
  insurancePaidFen: 86_440_000,
  billNumber: `GZ-2016-${String(++billSeq).padStart(6, '0')}`,
  ...over,
});

async function intake(c: Client, memberId: string, over: Record<string, unknown> = {}): Promise<ClaimDetailDto> {
  const r = await c.post<ClaimDetailDto>(`${P}/claims`, bill({ memberId, ...over }));
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function ok<T = ClaimDetailDto>(p: Promise<{ statusCode: number; body: string; json: () => T }>): Promise<T> {
  const r = await p;
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function accumulators(memberId: string): Promise<MemberAccumulatorsDto> {
  return ok<MemberAccumulatorsDto>(w.reviewer.get(`${P}/members/${memberId}/accumulators`));
}

async function auditOf(entityId: string, action: string) {
  return rowsOf<{ before: Record<string, unknown> | null; after: Record<string, unknown>; actor_user_id: string }>(
    await t.deps.db.execute(sql`select before, after, actor_user_id from audit_events where entity_id = ${entityId} and action = ${action} order by seq`),
  );
}

const pay = (c: ClaimDetailDto, key: string) => t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/pay`, headers: { cookie: w.finance.cookie!, 'idempotency-key': key } });

describe('the real worked case (PROV) from intake to payment', () => {
  const vector = mutualAidVectors.claimCases.find((c) => c.id === 'M11')!;

  it('pays 88,400 yuan and leaves 38,800 to the worker; the pool, payable and bank follow in the ledger', async () => {
    const m = await provMember({ name: '王建国' });
    const before = await schemeBalances(t.deps, 'PROV');
    const c = await intake(w.cadre, m.id, { totalCostFen: vector.claims[0]!.totalCostFen, insurancePaidFen: vector.claims[0]!.insurancePaidFen });
    expect(c).toMatchObject({
      status: 'adjudicated',
      schemeCode: 'PROV',
      planCode: 'critical_inpatient',
      planName: { zh: '重大疾病住院互助' },
      schemeVersion: 1,
      memberName: '王建国',
      memberStatus: 'ordinary',
      eventDate: '2016-02-17',
      hospitalDays: 22,
      totalCostFen: 99_160_000,
      insurancePaidFen: 86_440_000,
      outOfPocketFen: 12_720_000,
      enginePayoutFen: 8_840_000,
      payoutFen: 8_840_000,
      finalBurdenFen: 3_880_000,
      reason: null,
      accPeriod: 2016,
      contribution: { period: 2016, baseFen: 12_720_000, countedFen: 12_720_000, paidDays: 0, claims: 1, diagnosisCode: null },
    });
    expect(vector.claims[0]!.expectPayoutFen).toBe(8_840_000);
    expect(vector.claims[0]!.expectFinalBurdenFen).toBe(3_880_000);
    expect(c.claimNo).toMatch(/^HZ2026\d{6}$/);
    expect(c.memberIdNumber).toBe(`${m.idNumber.slice(0, 4)}**********${m.idNumber.slice(-4)}`);
    expect(c.trace[0]!.step).toBe('scheme');
    expect(c.trace.at(-1)).toMatchObject({ step: 'result', values: { payoutFen: 8_840_000, finalBurdenFen: 3_880_000 } });
    for (const s of c.trace) expect(TRACE_STEPS).toContain(s.step);
    expect(c.trace.find((s) => s.step === 'amount')!.zh).toContain('20,000.00 × 40% + 107,200.00 × 75%');
    // the scheme version is stored with the claim
    const [v] = rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from mutual_aid_scheme_versions where code = 'PROV' and version = 1`));
    expect(c.schemeVersionId).toBe(v!.id);
    expect(await auditOf(c.id, 'mutual_aid.claim.adjudicate')).toHaveLength(1);

    // the read answers the same, the accumulators hold the claim
    expect(await ok(w.reviewer.get(`${P}/claims/${c.id}`))).toEqual(c);
    expect((await accumulators(m.id)).plans).toEqual([
      { schemeCode: 'PROV', planCode: 'critical_inpatient', periods: [{ period: 2016, baseFen: 12_720_000, countedFen: 12_720_000, paidFen: 8_840_000, paidDays: 0, claims: 1 }], lifetime: { paidFen: 8_840_000, paidDays: 0, claims: 1 }, diagnosed: [] },
    ]);

    // approve: Dr pool, Cr payable
    const approved = await ok(w.reviewer.post(`${P}/claims/${c.id}/approve`, {}));
    expect(approved).toMatchObject({ status: 'approved', payoutFen: 8_840_000 });
    expect(approved.approveEntryId).not.toBeNull();
    expect(await schemeBalances(t.deps, 'PROV')).toEqual({ ...before, pool: before.pool - 8_840_000, payable: before.payable + 8_840_000 });

    // pay with an Idempotency-Key: Dr payable, Cr bank — once
    const key = `pay-${randomUUID()}`;
    const first = await pay(c, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'paid', payoutFen: 8_840_000 });
    const again = await pay(c, key);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expectError(await pay(c, `pay-${randomUUID()}`), 409, 'CONFLICT');
    expect(await entriesOf(t.deps, c.id)).toEqual({ ma_claim_approval: 1, ma_claim_payment: 1 });
    expect(await schemeBalances(t.deps, 'PROV')).toEqual({ ...before, pool: before.pool - 8_840_000, payable: before.payable, bank: before.bank - 8_840_000 });
    for (const action of ['mutual_aid.claim.intake', 'mutual_aid.claim.approve', 'mutual_aid.claim.pay']) expect(await auditOf(c.id, action)).toHaveLength(1);
    expect((await auditOf(c.id, 'mutual_aid.claim.pay'))[0]!.after).toMatchObject({ status: 'paid', amountFen: 8_840_000 });
  });
});

describe('intake refuses bad input and writes nothing', () => {
  let m: TestMember;
  let first: ClaimDetailDto;
  beforeAll(async () => {
    m = await provMember();
    first = await intake(w.cadre, m.id, { hospital: '遵义医学院附属医院', billNumber: 'ZY 2016 0917', totalCostFen: 1_000_000, insurancePaidFen: 600_000 });
  });

  it('the same bill again (however typed) → 409 DUPLICATE_BILL naming the earlier claim', async () => {
    const before = await snapshotTables(t.deps.db);
    const other = await provMember();
    for (const [hospital, billNumber] of [
      ['遵义医学院附属医院', 'ZY 2016 0917'],
      [' 遵义医学院附属医院', 'zy20160917'],
      ['遵义医学院附属医院', 'ＺＹ２０１６０９１７'],
    ]) {
      const r = await w.cadre.post(`${P}/claims`, bill({ memberId: other.id, hospital, billNumber }));
      const e = expectError(r, 409, 'DUPLICATE_BILL');
      expect(e.message).toContain(first.claimNo);
      expect(e.details).toEqual({ claimNo: first.claimNo });
    }
    // the snapshot was taken after the member was made, so only the refused intakes could have written
    const after = await snapshotTables(t.deps.db);
    for (const table of ['mutual_aid_claims', 'audit_events', 'sequences', 'ledger_entries']) expect(after[table], table).toBe(before[table]);
    // another hospital's bill with the same number is another bill
    await intake(w.cadre, other.id, { hospital: '遵义市第一人民医院', billNumber: 'ZY 2016 0917', totalCostFen: 1_000_000, insurancePaidFen: 600_000 });
  });

  it('a rejected claim’s bill may be claimed again', async () => {
    const x = await provMember();
    const c = await intake(w.cadre, x.id, { hospital: '毕节市第一人民医院', billNumber: 'BJ 77' });
    expectError(await w.cadre.post(`${P}/claims`, bill({ memberId: x.id, hospital: '毕节市第一人民医院', billNumber: 'bj77' })), 409, 'DUPLICATE_BILL');
    await ok(w.reviewer.post(`${P}/claims/${c.id}/reject`, { reason: '票据不清晰，请重新提交' }));
    const again = await intake(w.cadre, x.id, { hospital: '毕节市第一人民医院', billNumber: 'bj77' });
    expect(again).toMatchObject({ status: 'adjudicated', payoutFen: 8_840_000 });
    // rejecting the first gave its cap room back: the second is paid as the first would have been
    expect((await accumulators(x.id)).plans[0]!.periods[0]).toMatchObject({ paidFen: 8_840_000, claims: 1 });
  });

  it.each([
    ['insurance above the total', { insurancePaidFen: 99_160_001 }, 'insurancePaidFen'],
    ['discharged before admission', { dischargeDate: '2016-02-16' }, 'dischargeDate'],
    ['no version in force on the event date', { admissionDate: '2030-02-17', dischargeDate: '2030-03-01' }, 'eventDate'],
    ['a plan the scheme does not have', { planCode: 'inpatient' }, 'planCode'],
    ['a ratio plan without the total cost', { totalCostFen: undefined, insurancePaidFen: undefined }, 'totalCostFen'],
    ['no date at all', { admissionDate: undefined, dischargeDate: undefined }, 'eventDate'],
    ['a bad ICD-10 code', { diagnosisIcd10: 'lung' }, 'diagnosisIcd10'],
    ['an amount in yuan with decimals', { totalCostFen: 991600.5 }, 'totalCostFen'],
  ])('%s → 400 naming %s', async (_label, over, field) => {
    const before = await countRows(t.deps.db, 'mutual_aid_claims');
    const audits = await countRows(t.deps.db, 'audit_events');
    const e = expectError(await w.cadre.post(`${P}/claims`, bill({ memberId: m.id, ...over })), 400, 'VALIDATION_FAILED');
    expect(e.message).toContain(field);
    expect(await countRows(t.deps.db, 'mutual_aid_claims')).toBe(before);
    expect(await countRows(t.deps.db, 'audit_events')).toBe(audits);
  });

  it('a finance officer or an investigator cannot take claims in (403)', async () => {
    expectError(await w.finance.post(`${P}/claims`, bill({ memberId: m.id })), 403, 'FORBIDDEN');
  });
});

describe('coverage and member status on the event date', () => {
  it('a member of a unit that has not paid is not covered: not_enrolled, nothing paid', async () => {
    const unpaidUnit = await makeUnit(t.deps, w.union.id, 'PROV');
    const m = await makeMember(t.deps, unpaidUnit);
    await optIn(t.deps, m, 'critical_inpatient', 2016, { paid: false });
    const c = await intake(w.cadre, m.id);
    expect(c).toMatchObject({ status: 'adjudicated', enginePayoutFen: 0, payoutFen: 0, reason: 'not_enrolled' });
    expect(c.trace.find((s) => s.step === 'enrolment')!.en).toContain('lies in no enrolment period');
    expect(c.contribution).toMatchObject({ baseFen: 0, countedFen: 0, claims: 0 });
  });

  it('hardship from an approved registry file on the event date; ordinary before its approval and after its exit', async () => {
    await guizhouLines(t.deps);
    const investigator = await makeUser(t.deps, { orgId: w.union.id, roles: ['investigator'] });
    const idNumber = uniqueId('520302', 1976);
    const base = householdInput(w.union.id);
    const h = await approvedHousehold(t.app, t.deps, w.cadre.cookie!, w.union.id, { investigatedBy: investigator.id, reviewedBy: w.reviewerId }, '520302', {
      members: [{ ...base.members[0]!, idNumber }, ...base.members.slice(1)],
    });
    // the file's lifecycle in 2016: approved on 10 March (10:00 in Shanghai), exited on 1 August
    const at = (iso: string, to: string) => t.deps.db.execute(sql`update household_events set at = ${iso}::timestamptz where household_id = ${h.id} and to_status = ${to}`);
    await at('2016-01-05T09:00:00+08:00', 'submitted');
    await at('2016-02-01T09:00:00+08:00', 'verified');
    await at('2016-03-10T10:00:00+08:00', 'approved');
    await t.deps.db.execute(sql`insert into household_events (id, household_id, from_status, to_status, signer_role, actor_user_id, actor_name, reason, at)
      values (${randomUUID()}, ${h.id}, 'approved', 'exited', 'reviewed', ${w.reviewerId}, 'test', 'test fixture', '2016-08-01T09:00:00+08:00'::timestamptz)`);

    const lpsUnit = await makeUnit(t.deps, w.union.id, 'LPS');
    const m = await makeMember(t.deps, lpsUnit, { idNumber });
    await optIn(t.deps, m, 'inpatient', 2016);
    const lps = (eventDate: string) => intake(w.cadre, m.id, { planCode: 'inpatient', admissionDate: eventDate, dischargeDate: eventDate, totalCostFen: 223_457, insurancePaidFen: 100_000 });
    // out-of-pocket 1,234.57 yuan: 50% for an ordinary member (617.285 → 617.29), 70% in hardship (864.199 → 864.20)
    expect(await lps('2016-03-09')).toMatchObject({ memberStatus: 'ordinary', payoutFen: 61_729 });
    expect(await lps('2016-03-10')).toMatchObject({ memberStatus: 'hardship', payoutFen: 86_420 });
    expect(await lps('2016-07-31')).toMatchObject({ memberStatus: 'hardship', payoutFen: 86_420 });
    expect(await lps('2016-08-01')).toMatchObject({ memberStatus: 'ordinary', payoutFen: 61_729 });
  });
});

describe('review: override with a reason, reject, reverse — accumulators recomputed exactly', () => {
  it('override: another amount with a mandatory reason, audited with both amounts', async () => {
    const m = await provMember();
    const c = await intake(w.cadre, m.id);
    const before = await countRows(t.deps.db, 'audit_events');
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/override`, { payoutFen: 5_000_000 }), 400, 'VALIDATION_FAILED');
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/override`, { payoutFen: 5_000_000, reason: ' ' }), 400, 'VALIDATION_FAILED');
    expect(await countRows(t.deps.db, 'audit_events')).toBe(before);
    // the cadre who took it in may not review it
    expectError(await w.cadre.post(`${P}/claims/${c.id}/override`, { payoutFen: 5_000_000, reason: '票据部分费用不属于互助范围' }), 403, 'FORBIDDEN');
    const pool = (await schemeBalances(t.deps, 'PROV')).pool;
    const o = await ok(w.reviewer.post(`${P}/claims/${c.id}/override`, { payoutFen: 5_000_000, reason: '票据部分费用不属于互助范围' }));
    expect(o).toMatchObject({ status: 'approved', enginePayoutFen: 8_840_000, payoutFen: 5_000_000, overrideReason: '票据部分费用不属于互助范围' });
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(pool - 5_000_000);
    const [audit] = await auditOf(c.id, 'mutual_aid.claim.override');
    expect(audit!.actor_user_id).toBe(w.reviewerId);
    expect(audit!.before).toMatchObject({ status: 'adjudicated', payoutFen: 8_840_000, enginePayoutFen: 8_840_000 });
    expect(audit!.after).toMatchObject({ status: 'approved', payoutFen: 5_000_000, reason: '票据部分费用不属于互助范围' });
    // what counts as paid is the override
    expect((await accumulators(m.id)).plans[0]!.periods).toEqual([{ period: 2016, baseFen: 12_720_000, countedFen: 12_720_000, paidFen: 5_000_000, paidDays: 0, claims: 1 }]);
    // approved once: a second review is refused
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/approve`, {}), 409, 'CONFLICT');
  });

  it('reject and reverse take claims out: a later claim in the same year gets the cap back', async () => {
    const m = await provMember();
    const big = { totalCostFen: 40_000_000, insurancePaidFen: 0 };
    // 40% of 20,000 + 75% of 380,000 = 293,000 yuan, capped at the year's 150,000
    const a = await intake(w.cadre, m.id, { ...big, admissionDate: '2016-03-01', dischargeDate: '2016-03-20' });
    expect(a).toMatchObject({ payoutFen: 15_000_000, finalBurdenFen: 25_000_000 });
    const b = await intake(w.cadre, m.id, { totalCostFen: 1_000_000, insurancePaidFen: 0, admissionDate: '2016-05-01', dischargeDate: '2016-05-03' });
    expect(b).toMatchObject({ payoutFen: 0, reason: 'cap_reached' });
    const year = () => accumulators(m.id).then((x) => x.plans);
    expect(await year()).toEqual([
      { schemeCode: 'PROV', planCode: 'critical_inpatient', periods: [{ period: 2016, baseFen: 41_000_000, countedFen: 41_000_000, paidFen: 15_000_000, paidDays: 0, claims: 1 }], lifetime: { paidFen: 15_000_000, paidDays: 0, claims: 1 }, diagnosed: [] },
    ]);

    const poolBefore = (await schemeBalances(t.deps, 'PROV')).pool;
    await ok(w.reviewer.post(`${P}/claims/${a.id}/approve`, {}));
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(poolBefore - 15_000_000);

    expectError(await w.reviewer.post(`${P}/claims/${b.id}/reject`, {}), 400, 'VALIDATION_FAILED');
    expect(await ok(w.reviewer.post(`${P}/claims/${b.id}/reject`, { reason: '已达年度封顶' }))).toMatchObject({ status: 'rejected', rejectReason: '已达年度封顶' });
    expect((await year())[0]!.periods).toEqual([{ period: 2016, baseFen: 40_000_000, countedFen: 40_000_000, paidFen: 15_000_000, paidDays: 0, claims: 1 }]);

    // reversing an approved claim mirrors its approval: the pool has the money back
    expectError(await w.finance.post(`${P}/claims/${a.id}/reverse`, { reason: '重复申请' }), 403, 'FORBIDDEN');
    expect(await ok(w.reviewer.post(`${P}/claims/${a.id}/reverse`, { reason: '票据系伪造' }))).toMatchObject({ status: 'reversed', reversalReason: '票据系伪造' });
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(poolBefore);
    expect(await entriesOf(t.deps, a.id)).toEqual({ ma_claim_approval: 1 });
    const [rev] = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from ledger_entries where reversal_of = ${(await ok(w.reviewer.get(`${P}/claims/${a.id}`))).approveEntryId}`));
    expect(rev!.n).toBe(1);
    expect(await year()).toEqual([]);

    // the same year starts over: the next claim is paid up to the cap again, from the first band
    const c = await intake(w.cadre, m.id, { ...big, admissionDate: '2016-06-01', dischargeDate: '2016-06-20' });
    expect(c).toMatchObject({ payoutFen: 15_000_000, reason: null });
    expect(c.trace.find((s) => s.step === 'amount')!.values).toMatchObject({ bandStartFen: 0 });

    // a paid claim reversed is owed back: Dr receivable, Cr pool
    await ok(w.reviewer.post(`${P}/claims/${c.id}/approve`, {}));
    expect((await pay(c, `pay-${randomUUID()}`)).statusCode).toBe(200);
    const mid = await schemeBalances(t.deps, 'PROV');
    expect(await ok(w.reviewer.post(`${P}/claims/${c.id}/reverse`, { reason: '骗保，责令退回' }))).toMatchObject({ status: 'reversed' });
    expect(await schemeBalances(t.deps, 'PROV')).toEqual({ ...mid, pool: mid.pool + 15_000_000, receivable: mid.receivable + 15_000_000 });
    expect(await entriesOf(t.deps, c.id)).toEqual({ ma_claim_approval: 1, ma_claim_payment: 1, ma_claim_reversal: 1 });
    expect(await year()).toEqual([]);
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/reverse`, { reason: '再次冲销' }), 409, 'CONFLICT');
    expect((await auditOf(c.id, 'mutual_aid.claim.reverse'))[0]!.after).toMatchObject({ status: 'reversed', reason: '骗保，责令退回' });
  });

  it('two intakes of one member at once are evaluated one after the other: the year’s cap is paid once', async () => {
    const m = await provMember();
    const big = (d: string) => w.cadre.post<ClaimDetailDto>(`${P}/claims`, bill({ memberId: m.id, totalCostFen: 40_000_000, insurancePaidFen: 0, admissionDate: d, dischargeDate: d }));
    const rs = await Promise.all([big('2016-07-01'), big('2016-07-02')]);
    for (const r of rs) expect(r.statusCode, r.body).toBe(201);
    expect(rs.map((r) => r.json().payoutFen ?? -1).sort((a, b) => a - b)).toEqual([0, 15_000_000]);
    expect(rs.map((r) => r.json().reason).sort()).toEqual(['cap_reached', null].sort());
    expect((await accumulators(m.id)).plans[0]!.periods[0]).toMatchObject({ baseFen: 80_000_000, paidFen: 15_000_000, claims: 1 });
  });

  it('an approval sent twice with the same Idempotency-Key commits the amount once', async () => {
    const m = await provMember();
    const c = await intake(w.cadre, m.id);
    const key = `approve-${randomUUID()}`;
    const send = () => t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/approve`, headers: { cookie: w.reviewer.cookie!, 'idempotency-key': key }, payload: {} });
    const pool = (await schemeBalances(t.deps, 'PROV')).pool;
    const a = await send();
    const b = await send();
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    expect(await entriesOf(t.deps, c.id)).toEqual({ ma_claim_approval: 1 });
    expect((await schemeBalances(t.deps, 'PROV')).pool).toBe(pool - 8_840_000);
  });

  it('whoever took a claim in cannot approve it', async () => {
    const m = await provMember();
    const c = await intake(w.reviewer, m.id);
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/approve`, {}), 409, 'CONFLICT');
    expect(await ok(w.reviewer.get(`${P}/claims/${c.id}`))).toMatchObject({ status: 'adjudicated' });
  });

  it('an approval the pool cannot cover is refused (409) and the claim stays adjudicated', async () => {
    const gyUnit = await makeUnit(t.deps, w.union.id, 'GY');
    const m = await makeMember(t.deps, gyUnit);
    await optIn(t.deps, m, 'critical_illness', 2015);
    await optIn(t.deps, m, 'critical_illness', 2016);
    const c = await intake(w.cadre, m.id, { planCode: 'critical_illness', admissionDate: undefined, dischargeDate: undefined, eventDate: '2016-05-01', totalCostFen: undefined, insurancePaidFen: undefined, diagnosisIcd10: 'C34.1', diagnosis: undefined, hospital: '贵阳医学院附属医院' });
    expect(c).toMatchObject({ payoutFen: 1_200_000, contribution: { diagnosisCode: 'CI01', claims: 1 } });
    await contribute(t.deps, 'GY', 1_000_000);
    expectError(await w.reviewer.post(`${P}/claims/${c.id}/approve`, {}), 409, 'BUDGET_EXHAUSTED');
    expect(await ok(w.reviewer.get(`${P}/claims/${c.id}`))).toMatchObject({ status: 'adjudicated', approveEntryId: null });
    expect(await schemeBalances(t.deps, 'GY')).toMatchObject({ pool: 1_000_000, payable: 0 });
    // the first diagnosis is in the accumulators: the same disease again is not a first diagnosis
    expect((await accumulators(m.id)).plans[0]!.diagnosed).toEqual(['CI01']);
    const again = await intake(w.cadre, m.id, { planCode: 'critical_illness', admissionDate: undefined, dischargeDate: undefined, eventDate: '2016-09-01', totalCostFen: undefined, insurancePaidFen: undefined, diagnosisIcd10: 'C34.9', diagnosis: undefined });
    expect(again).toMatchObject({ payoutFen: 0, reason: 'not_covered' });
  });
});

describe('documents', () => {
  it('uploads an invoice (PDF), lists it, downloads it (audited); refuses other files', async () => {
    const m = await provMember();
    const c = await intake(w.cadre, m.id);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('发票 invoice')]);
    const boundary = `----pa${randomUUID().replace(/-/g, '')}`;
    const form = (name: string, data: Buffer) => ({
      payload: Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: w.cadre.cookie! },
    });
    const up = await t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/documents?kind=invoice`, ...form('invoice.pdf', pdf) });
    expect(up.statusCode, up.body).toBe(201);
    const doc = up.json() as ClaimDocumentDto;
    expect(doc).toMatchObject({ kind: 'invoice', name: 'invoice.pdf', mime: 'application/pdf', size: pdf.length });
    expectError(await t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/documents?kind=invoice`, ...form('x.gif', Buffer.from('GIF89a....')) }), 400, 'VALIDATION_FAILED');
    expectError(await t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/documents?kind=bill`, ...form('invoice.pdf', pdf) }), 400, 'VALIDATION_FAILED');
    expect((await ok<{ items: ClaimDocumentDto[] }>(w.reviewer.get(`${P}/claims/${c.id}/documents`))).items).toEqual([doc]);
    expect((await ok(w.reviewer.get(`${P}/claims/${c.id}`))).documents).toEqual([doc]);
    const dl = await t.app.inject({ method: 'GET', url: `${P}/claims/${c.id}/documents/${doc.id}`, headers: { cookie: w.reviewer.cookie! } });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(dl.rawPayload, pdf)).toBe(0);
    expect(await auditOf(c.id, 'mutual_aid.claim.document.download')).toHaveLength(1);
    expect(await auditOf(c.id, 'mutual_aid.claim.document.upload')).toHaveLength(1);
    // once the claim is closed, no more documents
    await ok(w.reviewer.post(`${P}/claims/${c.id}/reject`, { reason: '材料不全' }));
    expectError(await t.app.inject({ method: 'POST', url: `${P}/claims/${c.id}/documents?kind=other`, ...form('more.pdf', pdf) }), 409, 'CONFLICT');
    expect((await ok<{ items: ClaimDocumentDto[] }>(w.reviewer.get(`${P}/claims/${c.id}/documents`))).items).toHaveLength(1);
  });
});

describe('scope, list and export', () => {
  let other: Client;
  let otherReviewer: Client;
  let mine: ClaimDetailDto;
  let m: TestMember;
  beforeAll(async () => {
    const otherCounty = await orgByCode(t.deps, '520303');
    other = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgId: otherCounty.id, roles: ['cadre'] })).username, PASSWORD));
    otherReviewer = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgId: otherCounty.id, roles: ['reviewer'] })).username, PASSWORD));
    m = await provMember({ name: '欧阳测试' });
    mine = await intake(w.cadre, m.id);
  });

  it('another county’s cadre and reviewer get 404 for the claim, its member and its documents', async () => {
    expectError(await other.get(`${P}/claims/${mine.id}`), 404, 'NOT_FOUND');
    expectError(await other.get(`${P}/claims/${mine.id}/documents`), 404, 'NOT_FOUND');
    expectError(await other.get(`${P}/members/${m.id}/accumulators`), 404, 'NOT_FOUND');
    expectError(await other.post(`${P}/claims`, bill({ memberId: m.id })), 404, 'NOT_FOUND');
    expectError(await otherReviewer.post(`${P}/claims/${mine.id}/approve`, {}), 404, 'NOT_FOUND');
    expectError(await otherReviewer.post(`${P}/claims/${mine.id}/reject`, { reason: '不属于本辖区' }), 404, 'NOT_FOUND');
    expect((await ok<{ items: unknown[] }>(other.get(`${P}/claims`))).items).toEqual([]);
    expect(await ok(w.reviewer.get(`${P}/claims/${mine.id}`))).toMatchObject({ status: 'adjudicated' });
  });

  it('lists with filters and keyset pages; exports to Excel (audited)', async () => {
    const byName = await ok<{ items: ClaimDetailDto[] }>(w.reviewer.get(`${P}/claims?q=${encodeURIComponent('欧阳')}`));
    expect(byName.items.map((x) => x.id)).toEqual([mine.id]);
    const byNo = await ok<{ items: ClaimDetailDto[] }>(w.reviewer.get(`${P}/claims?q=${mine.claimNo}`));
    expect(byNo.items.map((x) => x.id)).toEqual([mine.id]);
    const paid = await ok<{ items: ClaimDetailDto[] }>(w.reviewer.get(`${P}/claims?status=paid&schemeCode=PROV&period=2016`));
    expect(paid.items.length).toBeGreaterThan(0);
    for (const x of paid.items) expect(x).toMatchObject({ status: 'paid', schemeCode: 'PROV', accPeriod: 2016 });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const pg: { items: ClaimDetailDto[]; nextCursor: string | null } = await ok(w.reviewer.get(`${P}/claims?limit=3${cursor ? `&cursor=${cursor}` : ''}`));
      all.push(...pg.items.map((x) => x.id));
      cursor = pg.nextCursor;
    } while (cursor);
    expect(all.length).toBe(await countRows(t.deps.db, 'mutual_aid_claims'));
    expect(new Set(all).size).toBe(all.length);

    const x = await t.app.inject({ method: 'GET', url: `${P}/claims/export?schemeCode=PROV`, headers: { cookie: w.reviewer.cookie! } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    const [audit] = rowsOf<{ after: { rows: number } }>(await t.deps.db.execute(sql`select after from audit_events where action = 'mutual_aid.claim.export' order by seq desc limit 1`));
    expect(audit!.after.rows).toBe(await countRows(t.deps.db, 'mutual_aid_claims', `scheme_code = 'PROV'`));
  });

  it('the pool’s balance is the contributions less the payouts that stand', async () => {
    const [standing] = rowsOf<{ s: string | number }>(await t.deps.db.execute(sql`select coalesce(sum(payout_fen), 0) as s from mutual_aid_claims where scheme_code = 'PROV' and status in ('approved', 'paid')`));
    const [paidOut] = rowsOf<{ s: string | number }>(await t.deps.db.execute(sql`select coalesce(sum(payout_fen), 0) as s from mutual_aid_claims where scheme_code = 'PROV' and (status = 'paid' or (status = 'reversed' and paid_at is not null))`));
    const [owed] = rowsOf<{ s: string | number }>(await t.deps.db.execute(sql`select coalesce(sum(payout_fen), 0) as s from mutual_aid_claims where scheme_code = 'PROV' and status = 'reversed' and paid_at is not null`));
    const b = await schemeBalances(t.deps, 'PROV');
    expect(Number(standing!.s)).toBeGreaterThan(0);
    expect(b.pool).toBe(provContributed - Number(standing!.s));
    expect(b.bank).toBe(provContributed - Number(paidOut!.s));
    expect(b.receivable).toBe(Number(owed!.s));
    const [{ sum }] = rowsOf<{ sum: string | number }>(await t.deps.db.execute(sql`select coalesce(sum(case when l.side = 'debit' then l.amount_fen else -l.amount_fen end), 0) as sum from ledger_lines l`));
    expect(Number(sum)).toBe(0);
  });
});
