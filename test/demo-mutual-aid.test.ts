import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoAid } from '../src/server/demo/aid';
import { seedDemoMutualAid, seedMutualAidSchemes } from '../src/server/demo/mutual-aid';
import { seedDemo } from '../src/server/demo/seed';
import { seedDemoWorkflow } from '../src/server/demo/workflow';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { shanghaiDate } from '../src/server/platform/dates';
import { useTestApp } from './support/app';
import { demoWorklist, sectionTotal } from './support/demo';

const t = useTestApp();
let first: { units: number; members: number; claims: number };

beforeAll(async () => {
  await seedDemo(t.deps);
  await seedDemoWorkflow(t.deps);
  await seedDemoAid(t.deps);
  await seedMutualAidSchemes(t.deps);
  first = await seedDemoMutualAid(t.deps);
}, 600_000);

const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await t.deps.db.execute(q))[0]!;

describe('demo mutual-aid data', () => {
  it('enrols three units and puts claims at every step', async () => {
    expect(first).toEqual({ units: 3, members: 390, claims: 9 });
    const byStatus = Object.fromEntries(rowsOf<{ status: string; n: number }>(await t.deps.db.execute(sql`select status, count(*)::int as n from mutual_aid_claims group by status`)).map((r) => [r.status, Number(r.n)]));
    expect(byStatus).toEqual({ paid: 3, approved: 1, reversed: 1, adjudicated: 4 });
    // the half-paid unit's worker is not covered
    const uncovered = await one<{ reason: string; payout: string }>(sql`select reason, engine_payout_fen::text as payout from mutual_aid_claims c join mutual_aid_units u on u.id = c.unit_id where u.name = '红花岗区南门关街道社区服务中心'`);
    expect(uncovered).toEqual({ reason: 'not_enrolled', payout: '0' });
    // the overridden claim pays 300 yuan less than the engine computed, with the reason kept
    const over = await one<{ engine: string; payout: string; why: string }>(sql`select engine_payout_fen::text as engine, payout_fen::text as payout, override_reason as why from mutual_aid_claims where override_reason is not null`);
    expect(Number(over.engine) - Number(over.payout)).toBe(30_000);
    // inpatient plan: 30% of the out-of-pocket (32,560.00 − 21,800.00) = 3,228.00 yuan
    const inpatient = await one<{ payout: string }>(sql`select payout_fen::text as payout from mutual_aid_claims where diagnosis_icd10 = 'E11.7'`);
    expect(inpatient.payout).toBe('322800');
  });

  it('keeps the bills, the coverage and the pool true to each other', async () => {
    const year = Number(shanghaiDate(t.deps.clock.now()).slice(0, 4));
    const bills = rowsOf<{ total: string; paid: string; status: string }>(await t.deps.db.execute(sql`select total_fen::text as total, paid_fen::text as paid, b.status from mutual_aid_bills b join mutual_aid_units u on u.id = b.unit_id where b.period = ${year} order by u.created_at`));
    // 10 yuan a plan, three plans a worker
    expect(bills).toEqual([
      { total: String(180 * 3 * 1000), paid: String(180 * 3 * 1000), status: 'paid' },
      { total: String(150 * 3 * 1000), paid: String(150 * 3 * 1000), status: 'paid' },
      { total: String(60 * 3 * 1000), paid: String(30 * 3 * 1000), status: 'open' },
    ]);
    const lastYear = await one<{ n: number }>(sql`select count(*)::int as n from mutual_aid_bills where period = ${year - 1} and status = 'paid'`);
    expect(lastYear.n).toBe(3);
    const covered = await one<{ yes: number; no: number }>(sql`select count(*) filter (where paid_at is not null)::int as yes, count(*) filter (where paid_at is null)::int as no from mutual_aid_enrolments where period = ${year}`);
    expect(covered).toEqual({ yes: 330 * 3, no: 60 * 3 });
    const pool = await one<{ balance: string }>(sql`select balance_fen::text as balance from ledger_accounts where code = 'ma-pool:ZY'`);
    const payments = await one<{ s: string }>(sql`select sum(amount_fen)::text as s from mutual_aid_contribution_payments`);
    const standing = await one<{ s: string }>(sql`select sum(payout_fen)::text as s from mutual_aid_claims where status in ('approved', 'paid')`);
    expect(Number(pool.balance)).toBe(Number(payments.s) - Number(standing.s));
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });

  it('takes the hardship status of workers in approved files from the registry', async () => {
    const h = await one<{ status: string }>(sql`select member_status as status from mutual_aid_claims where diagnosis_icd10 = 'J44.1'`);
    expect(h.status).toBe('hardship');
    const o = await one<{ status: string }>(sql`select member_status as status from mutual_aid_claims where diagnosis_icd10 = 'J18.9'`);
    expect(o.status).toBe('ordinary');
  });

  it('opens each mutual-aid login on its queue', async () => {
    const reviewer = await demoWorklist(t, 'honghuagang_reviewer');
    expect(sectionTotal(reviewer, 'mutual_aid.to_review')).toBe(4);
    expect(sectionTotal(reviewer, 'mutual_aid.to_pay')).toBeUndefined();
    const finance = await demoWorklist(t, 'honghuagang_finance');
    expect(sectionTotal(finance, 'mutual_aid.to_pay')).toBe(1);
    expect(sectionTotal(finance, 'mutual_aid.arrears')).toBe(1);
    expect(sectionTotal(await demoWorklist(t, 'honghuagang_cadre'), 'mutual_aid.to_review')).toBeUndefined();
    // the province's reviewer sees the county's claims within the province's subtree
    expect(sectionTotal(await demoWorklist(t, 'province_reviewer'), 'mutual_aid.to_review')).toBe(4);
  });

  it('runs once', async () => {
    expect(await seedDemoMutualAid(t.deps)).toEqual({ units: 0, members: 0, claims: 0 });
  });
});
