import { and, eq, sql } from 'drizzle-orm';
import { claimIntakeInput } from '../../contracts/mutual-aid-claims';
import { approveClaim, intakeClaim, overrideClaim, payClaim, reverseClaim } from '../modules/mutual-aid/claim.service';
import { issueBill, recordPayment } from '../modules/mutual-aid/contribution.service';
import { enrolPlans } from '../modules/mutual-aid/enrolment.service';
import { addMember } from '../modules/mutual-aid/member.service';
import { SEED_PERIOD, seedBuiltInSchemes } from '../modules/mutual-aid/scheme.service';
import { createUnit } from '../modules/mutual-aid/unit.service';
import { mutualAidUnits } from '../modules/mutual-aid/unit.table';
import { householdEvents } from '../modules/registry/household-event.table';
import { households } from '../modules/registry/household.table';
import { members as householdMembers } from '../modules/registry/member.table';
import { addDays, shanghaiDate } from '../platform/dates';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { systemActor } from '../platform/http/actor';
import { makeIdNumber } from '../platform/pii/idcard';
import { GIVEN_NAMES, SURNAMES } from './demo-names';
import { Rng } from './prng';
import { demoActor } from './workflow';

/**
 * 演示互助方案: the five Guizhou medical mutual-aid schemes (六盘水, 思南, 贵阳, 遵义, the province) stored as version 1,
 * published, each owned by its region's federation. Needs the federations (seedDemo makes them); idempotent.
 * demo: the 2016 rules are kept in force from 2016 to the end of the current year, so the calculator answers for
 * today's dates; a federation publishes its next version from the year after.
 */
export async function seedMutualAidSchemes(deps: Deps, log: (s: string) => void = () => {}): Promise<number> {
  const year = shanghaiDate(deps.clock.now()).slice(0, 4);
  const n = await withTx(deps.db, (tx) => seedBuiltInSchemes(tx, deps, systemActor('seed'), { validFrom: SEED_PERIOD.validFrom, validTo: `${year}-12-31` }));
  if (n > 0) log(`互助方案 / mutual-aid schemes: ${n}`);
  return n;
}

/** The demo's member units of 遵义市职工医疗互助 (ZY) under 红花岗区's unions; the last one has not paid this year. */
const UNITS = [
  { name: '红花岗区环境卫生管理所', members: 180, pays: 'full' },
  { name: '遵义市老城物业服务有限公司', members: 150, pays: 'full' },
  { name: '红花岗区南门关街道社区服务中心', members: 60, pays: 'part' },
] as const;
/** Each member opts into these three plans (10 yuan a plan a year, paid by the worker). */
const PLANS = ['inpatient', 'critical_illness', 'accident_injury'] as const;

function demoName(rng: Rng, female: boolean, birthYear: number): string {
  const total = SURNAMES.reduce((s, [, w]) => s + w, 0);
  let r = rng.int(0, total - 1);
  let surname = SURNAMES[0]![0];
  for (const [s, w] of SURNAMES) {
    if (r < w) {
      surname = s;
      break;
    }
    r -= w;
  }
  const gen = birthYear < 1965 ? 'old' : birthYear < 1990 ? 'middle' : 'young';
  const given = GIVEN_NAMES[female ? 'female' : 'male'][gen];
  return surname + given[rng.int(0, given.length - 1)]!;
}

/**
 * 演示医疗互助数据: three member units of the Zunyi scheme under 红花岗区's unions with their workers enrolled in three
 * plans for last year and this year (a few of them in approved hardship files of the registry, so their claims are evaluated as
 * hardship members), last year's bills paid and this year's — two paid, one partly (its workers are not covered) — and claims at every step:
 * awaiting review, approved, paid, overridden with a reason, reversed, and one of an uncovered worker. Written
 * through the same services as the pages, by the demo's cadre (intake), reviewer and finance officer. Runs once:
 * nothing when a unit exists.
 */
export async function seedDemoMutualAid(deps: Deps, log: (s: string) => void = () => {}): Promise<{ units: number; members: number; claims: number }> {
  const [existing] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(mutualAidUnits);
  if (existing.n > 0) return { units: 0, members: 0, claims: 0 };
  const cadre = await demoActor(deps, 'honghuagang_cadre');
  const reviewer = await demoActor(deps, 'honghuagang_reviewer');
  const finance = await demoActor(deps, 'honghuagang_finance');
  const today = shanghaiDate(deps.clock.now());
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  // event dates earlier this year, never in the future
  const dayOfYear = (m: number, d: number) => `${year}-${String(Math.min(m, month)).padStart(2, '0')}-${String(m < month ? d : Math.min(d, Number(today.slice(8, 10)))).padStart(2, '0')}`;
  const rng = new Rng('mutual-aid-demo');

  // workers of the cadre's union who are in approved hardship files (the demo aid families)
  const hardship = await deps.db
    .select({ name: householdMembers.name, idEnc: householdMembers.idNumberEnc })
    .from(householdMembers)
    .innerJoin(households, eq(households.id, householdMembers.householdId))
    .where(
      and(
        eq(households.orgId, cadre.orgId),
        eq(households.status, 'approved'),
        eq(householdMembers.relation, 'self'),
        // approved more than a fortnight ago, so that last week's stay falls in the approved time
        sql`exists (select 1 from ${householdEvents} e where e.household_id = ${households.id} and e.to_status = 'approved' and e.at < ${new Date(deps.clock.now().getTime() - 14 * 86_400_000)})`,
      ),
    )
    .orderBy(householdMembers.name)
    .limit(3);

  const unitIds: string[] = [];
  const memberIds: string[][] = [];
  let memberCount = 0;
  for (let u = 0; u < UNITS.length; u++) {
    const spec = UNITS[u]!;
    const unit = await withTx(deps.db, (tx) => createUnit(tx, deps, cadre, { schemeCode: 'ZY', name: spec.name, orgId: cadre.orgId, contactName: demoName(rng, u % 2 === 1, 1980), contactPhone: `0851-2832${String(1000 + u * 37).slice(-4)}` }));
    unitIds.push(unit.id);
    const ids: string[] = [];
    await withTx(deps.db, async (tx) => {
      const people: Array<{ name: string; idNumber: string }> = u === 0 ? hardship.map((h) => ({ name: h.name, idNumber: deps.cipher.decrypt(h.idEnc) })) : [];
      for (let i = people.length; i < spec.members; i++) {
        const birthYear = 1966 + rng.int(0, 35);
        const female = rng.int(0, 1) === 1;
        const birth = `${birthYear}-${String(1 + rng.int(0, 11)).padStart(2, '0')}-${String(1 + rng.int(0, 27)).padStart(2, '0')}`;
        // sequence: odd for men, even for women (the ID's 17th digit gives the sex)
        const seq = (u * 200 + i) * 2 + (female ? 0 : 1);
        people.push({ name: demoName(rng, female, birthYear), idNumber: makeIdNumber('520302', birth, seq) });
      }
      for (const p of people) {
        const m = await addMember(tx, deps, cadre, unit.id, { name: p.name, idNumber: p.idNumber, enrol: { period: year - 1, planCodes: [...PLANS] } });
        await enrolPlans(tx, deps, cadre, m.id, { period: year, planCodes: [...PLANS] });
        ids.push(m.id);
      }
    });
    memberIds.push(ids);
    memberCount += ids.length;
    // last year's bill paid in full, then this year's
    const last = await withTx(deps.db, (tx) => issueBill(tx, deps, finance, unit.id, year - 1));
    await withTx(deps.db, (tx) => recordPayment(tx, deps, finance, last.id, { payer: 'worker', amountFen: last.totalFen, paidOn: `${year - 1}-01-18`, reference: `ZY${year - 1}-${String(u + 1).padStart(3, '0')}` }));
    const bill = await withTx(deps.db, (tx) => issueBill(tx, deps, finance, unit.id, year));
    const pay = spec.pays === 'full' ? bill.totalFen : Math.floor(bill.totalFen / 2);
    await withTx(deps.db, (tx) => recordPayment(tx, deps, finance, bill.id, { payer: 'worker', amountFen: pay, paidOn: dayOfYear(1, 20), reference: `ZY${year}-${String(u + 1).padStart(3, '0')}` }));
  }

  // claims, taken in by the cadre with their hospital bills
  let claims = 0;
  const intake = async (memberId: string, c: Record<string, unknown>) => {
    claims++;
    return withTx(deps.db, (tx) => intakeClaim(tx, deps, cadre, claimIntakeInput.parse({ memberId, ...c })));
  };
  const hospital = '遵义医科大学附属医院';
  const [a, b] = unitIds.length ? [memberIds[0]!, memberIds[1]!] : [[], []];
  // paid: inpatient (30% of out-of-pocket) and a first diagnosis of a listed critical illness
  const paid1 = await intake(a[0]!, { planCode: 'inpatient', hospital, admissionDate: dayOfYear(3, 2), dischargeDate: dayOfYear(3, 16), diagnosis: '2型糖尿病伴并发症', diagnosisIcd10: 'E11.7', totalCostFen: 3_256_000, insurancePaidFen: 2_180_000, billNumber: `ZYFY${year}0302117` });
  const paid2 = await intake(b[3]!, { planCode: 'critical_illness', hospital, admissionDate: dayOfYear(4, 8), dischargeDate: dayOfYear(4, 29), diagnosis: '恶性肿瘤', diagnosisIcd10: 'C34.1', totalCostFen: 9_870_000, insurancePaidFen: 6_420_000, billNumber: `ZYFY${year}0408033` });
  // overridden: the reviewer pays less than computed (part of the bill was for a private ward)
  const over = await intake(a[5]!, { planCode: 'inpatient', hospital: '遵义市第一人民医院', admissionDate: dayOfYear(5, 11), dischargeDate: dayOfYear(5, 19), diagnosis: '腰椎间盘突出症', diagnosisIcd10: 'M51.2', totalCostFen: 1_840_000, insurancePaidFen: 1_150_000, billNumber: `ZS${year}051100871` });
  // approved, awaiting payment: the accident plan pays per hospital day
  const approved = await intake(b[7]!, { planCode: 'accident_injury', hospital: '遵义市第一人民医院', admissionDate: dayOfYear(6, 3), dischargeDate: dayOfYear(6, 15), diagnosis: '右胫骨骨折（工伤）', diagnosisIcd10: 'S82.2', billNumber: `ZS${year}060300412` });
  // reversed after approval: the same stay had already been paid by the employer's insurance
  const reversed = await intake(a[9]!, { planCode: 'inpatient', hospital, admissionDate: dayOfYear(7, 1), dischargeDate: dayOfYear(7, 6), diagnosis: '急性阑尾炎', diagnosisIcd10: 'K35.8', totalCostFen: 1_120_000, insurancePaidFen: 780_000, billNumber: `ZYFY${year}0701202` });
  // awaiting review: a hardship member's stay last week (after the family's file was approved), and two more
  await intake(a[1]!, { planCode: 'inpatient', hospital, admissionDate: addDays(today, -9), dischargeDate: addDays(today, -2), diagnosis: '慢性阻塞性肺疾病急性加重', diagnosisIcd10: 'J44.1', totalCostFen: 2_468_000, insurancePaidFen: 1_730_000, billNumber: `ZYFY${year}0912065` });
  await intake(b[12]!, { planCode: 'inpatient', hospital: '红花岗区人民医院', admissionDate: dayOfYear(10, 8), dischargeDate: dayOfYear(10, 17), diagnosis: '肺炎', diagnosisIcd10: 'J18.9', totalCostFen: 912_000, insurancePaidFen: 640_000, billNumber: `HHG${year}1008231` });
  await intake(a[14]!, { planCode: 'accident_injury', hospital: '红花岗区人民医院', admissionDate: dayOfYear(10, 20), dischargeDate: dayOfYear(10, 27), diagnosis: '左桡骨远端骨折', diagnosisIcd10: 'S52.5', billNumber: `HHG${year}1020118` });
  // a worker of the unit that has paid only half: not covered
  await intake(memberIds[2]![2]!, { planCode: 'inpatient', hospital: '红花岗区人民医院', admissionDate: dayOfYear(8, 4), dischargeDate: dayOfYear(8, 10), diagnosis: '胆囊结石伴胆囊炎', diagnosisIcd10: 'K80.1', totalCostFen: 1_560_000, insurancePaidFen: 1_020_000, billNumber: `HHG${year}0804077` });

  for (const c of [paid1, paid2, approved, reversed]) await withTx(deps.db, (tx) => approveClaim(tx, deps, reviewer, c.id, {}));
  await withTx(deps.db, (tx) => overrideClaim(tx, deps, reviewer, over.id, { payoutFen: Math.max(0, (over.payoutFen ?? 0) - 30_000), reason: '发票中单人病房床位费 300 元不属互助范围，核减' }));
  for (const c of [paid1, paid2, over]) await withTx(deps.db, (tx) => payClaim(tx, deps, finance, c.id));
  await withTx(deps.db, (tx) => reverseClaim(tx, deps, reviewer, reversed.id, { reason: '同次住院已由单位补充医疗保险全额报销，撤销本次互助' }));

  log(`医疗互助 / mutual aid: ${unitIds.length} units, ${memberCount} members, ${claims} claims`);
  return { units: unitIds.length, members: memberCount, claims };
}
