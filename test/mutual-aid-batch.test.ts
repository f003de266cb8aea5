import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClaimInput, MemberStatus } from '../src/contracts/mutual-aid';
import type { BatchAdjudicateResult, ClaimDetailDto, MemberAccumulatorsDto } from '../src/contracts/mutual-aid-claims';
import { adjudicateBatch } from '../src/server/modules/mutual-aid/claim-batch.service';
import { compilePlan, evaluateClaims, newAccumulators } from '../src/server/modules/mutual-aid/evaluate.rules';
import { builtInScheme } from '../src/server/modules/mutual-aid/scheme-data';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeUser, orgByCode } from './support/factories';
import { client, expectError } from './support/http';
import { guizhouLines } from './support/dynamic';
import { type ClaimsWorld, type StoredClaim, type TestMember, claimsWorld, makeMember, makeUnit, optIn, storeReceivedClaims } from './support/mutual-aid-claims';
import { approvedHousehold } from './support/oversight';
import { householdInput, uniqueId } from './support/registry';
import { actorOfCookie } from './support/survey';

/**
 * Batch adjudication gives exactly what the one-by-one path gives: every member comes as a pair (A, B) with the same
 * opt-ins and the same bills. A's bills are stored as received and adjudicated in one batch; B's are taken in one by one
 * through the API in the same order. Both are checked against the pure engine run over each member and plan.
 */

const t = useTestApp();
const P = '/api/v1/mutual-aid';
let w: ClaimsWorld;

let seed = 20160217;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pad = (n: number) => String(n).padStart(2, '0');

interface PlanCase {
  scheme: string;
  plans: string[];
  bill: (plan: string) => Omit<ClaimInput, 'eventDate'>;
}
const ICD = ['C34.1', 'I21.0', 'I63.9', 'J18.9', 'C50.9', 'C53.0', 'C50.1', 'N18.5'];
const ratioBill = () => {
  const total = 10_000 + rnd(40_000_000);
  return { totalCostFen: total, insurancePaidFen: Math.floor((total * rnd(90)) / 100) };
};
const CASES: PlanCase[] = [
  { scheme: 'PROV', plans: ['critical_inpatient'], bill: ratioBill },
  { scheme: 'SN', plans: ['inpatient_secondary'], bill: () => ({ totalCostFen: 100_000 + rnd(3_000_000), insurancePaidFen: rnd(100_000) }) },
  { scheme: 'LPS', plans: ['inpatient'], bill: ratioBill },
  { scheme: 'GY', plans: ['critical_illness'], bill: () => ({ diagnosisIcd10: ICD[rnd(ICD.length)]! }) },
  { scheme: 'ZY', plans: ['accident_injury', 'inpatient', 'female_disease'], bill: (plan) => (plan === 'accident_injury' ? { hospitalDays: 1 + rnd(60) } : plan === 'inpatient' ? ratioBill() : { diagnosisIcd10: ICD[rnd(ICD.length)]! }) },
];
const PAIRS = 8;

interface Pair {
  scheme: string;
  a: TestMember;
  b: TestMember;
  /** Hardship from this date on (registry file approved), else ordinary. */
  hardshipFrom: string | null;
  enrolments: Array<{ from: string; to: string; paid: boolean }>;
  claims: Array<{ planCode: string; claim: ClaimInput }>;
}
const pairs: Pair[] = [];
const storedIds: string[] = [];
let units: Record<string, { id: string; orgPath: string; schemeCode: string }> = {};

const enrolmentsFor = (k: number) =>
  [
    [{ from: '2016-01-01', to: '2016-12-31', paid: true }],
    [
      { from: '2015-01-01', to: '2015-12-31', paid: true },
      { from: '2016-01-01', to: '2016-12-31', paid: true },
    ],
    [{ from: '2016-04-01', to: '2016-12-31', paid: true }],
    [{ from: '2016-01-01', to: '2016-12-31', paid: k % 8 !== 3 }],
  ][k % 4]!;

beforeAll(async () => {
  w = await claimsWorld(t);
  await guizhouLines(t.deps);
  const investigator = await makeUser(t.deps, { orgId: w.union.id, roles: ['investigator'] });
  units = {};
  for (const c of CASES) units[c.scheme] = await makeUnit(t.deps, w.union.id, c.scheme);
  for (const c of CASES) {
    for (let k = 0; k < PAIRS; k++) {
      const idA = uniqueId('520302', 1970);
      const idB = uniqueId('520302', 1971);
      let hardshipFrom: string | null = null;
      if (c.scheme === 'LPS' && k < 3) {
        // both people of the pair in one household file, approved on 1 April 2016
        const base = householdInput(w.union.id);
        const h = await approvedHousehold(t.app, t.deps, w.cadre.cookie!, w.union.id, { investigatedBy: investigator.id, reviewedBy: w.reviewerId }, '520302', {
          members: [{ ...base.members[0]!, idNumber: idA }, { ...base.members[1]!, idNumber: idB }, base.members[2]!],
        });
        await t.deps.db.execute(sql`update household_events set at = '2016-04-01T15:00:00+08:00'::timestamptz where household_id = ${h.id} and to_status = 'approved'`);
        await t.deps.db.execute(sql`update household_events set at = '2016-03-01T15:00:00+08:00'::timestamptz where household_id = ${h.id} and to_status <> 'approved'`);
        hardshipFrom = '2016-04-01';
      }
      const a = await makeMember(t.deps, units[c.scheme]!, { idNumber: idA, name: `甲${c.scheme}${k}` });
      const b = await makeMember(t.deps, units[c.scheme]!, { idNumber: idB, name: `乙${c.scheme}${k}` });
      const enrolments = enrolmentsFor(k);
      for (const m of [a, b]) for (const plan of c.plans) for (const e of enrolments) await optIn(t.deps, m, plan, Number(e.from.slice(0, 4)), { paid: e.paid, from: e.from, to: e.to });
      const claims: Pair['claims'] = [];
      for (const plan of c.plans) {
        const n = 2 + rnd(5);
        const list: ClaimInput[] = [];
        for (let i = 0; i < n; i++) {
          const eventDate = rnd(12) === 0 ? '2017-01-15' : `2016-${pad(1 + rnd(12))}-${pad(1 + rnd(28))}`;
          list.push({ eventDate, ...c.bill(plan) });
        }
        // the first GY member also claims two listed diseases late in the year: the second meets the lifetime limit
        if (c.scheme === 'GY' && k === 0) list.push({ eventDate: '2016-10-01', diagnosisIcd10: 'C34.1' }, { eventDate: '2016-11-01', diagnosisIcd10: 'I21.0' });
        list.sort((x, y) => (x.eventDate < y.eventDate ? -1 : x.eventDate > y.eventDate ? 1 : 0));
        for (const claim of list) claims.push({ planCode: plan, claim });
      }
      pairs.push({ scheme: c.scheme, a, b, hardshipFrom, enrolments, claims });
    }
  }
  // A's bills stored as received, in a shuffled order (the batch puts them in member / plan / date order)
  const stored: StoredClaim[] = pairs.flatMap((p) => p.claims.map((x) => ({ memberId: p.a.id, unitId: p.a.unitId, orgPath: units[p.scheme]!.orgPath, schemeCode: p.scheme, planCode: x.planCode, ...x.claim })));
  // one claim under no version in force: the batch leaves it received
  stored.push({ memberId: pairs[0]!.a.id, unitId: pairs[0]!.a.unitId, orgPath: units.PROV!.orgPath, schemeCode: 'PROV', planCode: 'critical_inpatient', eventDate: '2030-06-01', totalCostFen: 100_000, insurancePaidFen: 0 });
  storedIds.push(...(await storeReceivedClaims(t.deps, stored)));
}, 120_000);

const byMember = async (memberId: string) =>
  rowsOf<{ id: string; plan_code: string; event_date: string; status: string; payout_fen: string | number | null; engine_payout_fen: string | number | null; reason: string | null; final_burden_fen: string | number | null; member_status: string | null; scheme_version: number | null; acc_period: number | null; acc_base_fen: string | number; acc_counted_fen: string | number; acc_paid_days: number; acc_claims: number; acc_diagnosis_code: string | null; trace: unknown }>(
    await t.deps.db.execute(sql`select * from mutual_aid_claims where member_id = ${memberId} order by plan_code, event_date, claim_no`),
  );
const facts = (r: Awaited<ReturnType<typeof byMember>>[number]) => ({
  planCode: r.plan_code,
  eventDate: r.event_date,
  status: r.status,
  payoutFen: r.payout_fen === null ? null : Number(r.payout_fen),
  enginePayoutFen: r.engine_payout_fen === null ? null : Number(r.engine_payout_fen),
  reason: r.reason,
  finalBurdenFen: r.final_burden_fen === null ? null : Number(r.final_burden_fen),
  memberStatus: r.member_status,
  schemeVersion: r.scheme_version,
  acc: [r.acc_period, Number(r.acc_base_fen), Number(r.acc_counted_fen), r.acc_paid_days, r.acc_claims, r.acc_diagnosis_code],
  trace: r.trace,
});

describe('batch adjudication of stored claims', () => {
  let result: BatchAdjudicateResult;

  it('a reviewer of another county adjudicates none of them; a cadre may not run it', async () => {
    const otherCounty = await orgByCode(t.deps, '520303');
    const other = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgId: otherCounty.id, roles: ['reviewer'] })).username, PASSWORD));
    const r = await other.post<BatchAdjudicateResult>(`${P}/claims/adjudicate`, {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ adjudicated: 0, skipped: 0 });
    expectError(await w.cadre.post(`${P}/claims/adjudicate`, {}), 403, 'FORBIDDEN');
    const [x] = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from mutual_aid_claims where status = 'received'`));
    expect(x!.n).toBe(storedIds.length);
  });

  it('adjudicates every received claim in scope; the one under no version stays received', async () => {
    // first a slice of 50 through the API (the limit may cut a member's claims in two: the rest start from the first part)
    const first = await w.reviewer.post<BatchAdjudicateResult>(`${P}/claims/adjudicate`, { limit: 50 });
    expect(first.statusCode, first.body).toBe(200);
    const r1 = first.json();
    expect(r1.adjudicated + r1.skipped).toBe(50);
    expect(r1.remaining).toBe(storedIds.length - r1.adjudicated);
    // then the rest in small chunks (whole members each, one transaction each), to cross many chunk boundaries
    const progress: number[] = [];
    result = await adjudicateBatch(t.deps.db, t.deps, await actorOfCookie(t.deps, w.reviewer.cookie!), { chunkClaims: 7, onProgress: (done) => progress.push(done) });
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(storedIds.length - r1.adjudicated);
    expect(storedIds.length).toBeGreaterThan(200);
    expect(result).toMatchObject({ adjudicated: storedIds.length - 1 - r1.adjudicated, skipped: 1, remaining: 1 });
    const rows = rowsOf<{ status: string; n: number; paid: string | number }>(await t.deps.db.execute(sql`select status, count(*)::int as n, coalesce(sum(payout_fen), 0) as paid from mutual_aid_claims group by status order by status`));
    expect(rows.map((x) => [x.status, x.n])).toEqual([
      ['adjudicated', storedIds.length - 1],
      ['received', 1],
    ]);
    expect(Number(rows[0]!.paid)).toBe(r1.totalPayoutFen + result.totalPayoutFen);
    expect(result.withPayout).toBeGreaterThan(40);
    expect(result.adjudicated - result.withPayout).toBeGreaterThan(10);
    // every kind of outcome appears
    const reasons = rowsOf<{ reason: string | null }>(await t.deps.db.execute(sql`select distinct reason from mutual_aid_claims where status = 'adjudicated'`)).map((x) => x.reason);
    for (const reason of [null, 'not_enrolled', 'waiting_period', 'below_threshold', 'not_covered', 'max_claims']) expect(reasons).toContain(reason);
    const [audit] = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from audit_events where action = 'mutual_aid.claim.adjudicate_batch'`));
    expect(audit!.n).toBeGreaterThan(progress.length);
    // a second run finds nothing new
    expect(await w.reviewer.post<BatchAdjudicateResult>(`${P}/claims/adjudicate`, {}).then((x) => x.json())).toMatchObject({ adjudicated: 0, skipped: 1, remaining: 1, totalPayoutFen: 0 });
  });

  it('gives exactly what taking the same bills in one by one gives (payout, reason, status, contribution, trace)', async () => {
    for (const p of pairs) {
      for (const { planCode, claim } of p.claims) {
        const r = await w.cadre.post<ClaimDetailDto>(`${P}/claims`, { memberId: p.b.id, planCode, ...claim, hospital: '测试医院', billNumber: `B-${randomUUID()}` });
        expect(r.statusCode, r.body).toBe(201);
      }
    }
    for (const p of pairs) {
      const a = (await byMember(p.a.id)).filter((x) => x.event_date !== '2030-06-01').map(facts);
      const b = (await byMember(p.b.id)).map(facts);
      expect(a.length).toBe(p.claims.length);
      expect(a, `${p.scheme} ${p.a.name}`).toEqual(b);
      const accA = await w.reviewer.get<MemberAccumulatorsDto>(`${P}/members/${p.a.id}/accumulators`).then((x) => x.json());
      const accB = await w.reviewer.get<MemberAccumulatorsDto>(`${P}/members/${p.b.id}/accumulators`).then((x) => x.json());
      expect(accA.plans).toEqual(accB.plans);
    }
  }, 120_000);

  it('gives exactly what the pure engine gives over each member and plan (status by event date, paid opt-ins only)', async () => {
    let hardshipSeen = 0;
    for (const p of pairs) {
      const rows = (await byMember(p.a.id)).filter((x) => x.event_date !== '2030-06-01');
      const scheme = { ...builtInScheme(p.scheme)!, version: 1 };
      for (const planCode of new Set(p.claims.map((x) => x.planCode))) {
        const cp = compilePlan(scheme, planCode)!;
        const acc = newAccumulators();
        const enrolments = p.enrolments.filter((e) => e.paid).map(({ from, to }) => ({ from, to }));
        const mine = rows.filter((r) => r.plan_code === planCode);
        const claims = p.claims.filter((x) => x.planCode === planCode).map((x) => x.claim);
        const expected = claims.map((claim) => {
          const status: MemberStatus = p.hardshipFrom && claim.eventDate >= p.hardshipFrom ? 'hardship' : 'ordinary';
          if (status === 'hardship') hardshipSeen++;
          const [r] = evaluateClaims(cp, { status, enrolments }, [claim], { accumulators: acc });
          return { status, payoutFen: r!.payoutFen, reason: r!.reason ?? null, trace: r!.trace };
        });
        expect(
          mine.map((r) => ({ status: r.member_status, payoutFen: Number(r.payout_fen), reason: r.reason, trace: r.trace })),
          `${p.scheme}/${planCode} ${p.a.name}`,
        ).toEqual(expected);
      }
    }
    expect(hardshipSeen).toBeGreaterThan(0);
  });
});
