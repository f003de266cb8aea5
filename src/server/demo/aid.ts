import { sql } from 'drizzle-orm';
import { type HouseholdInput, householdInput } from '../../contracts/registry';
import type { z } from 'zod';
import { programInput } from '../../contracts/aid';
import { applyForAward, approveAward, checkEligibility } from '../modules/aid/award.service';
import { createBatch, exportBankFile, recordResults, retryBatch, getBatch } from '../modules/aid/disbursement.service';
import { confirmNotice, publishNotice, raiseObjection } from '../modules/aid/notice.service';
import { recordDeposit } from '../modules/aid/fund.service';
import { createProgram } from '../modules/aid/program.service';
import { recordInstallment, revokeAward } from '../modules/aid/recovery.service';
import { aidPrograms } from '../modules/aid/program.table';
import type { Clock } from '../platform/clock';
import { violatedConstraint } from '../platform/db/errors';
import { withTx } from '../platform/db/tx';
import type { Deps } from '../platform/deps';
import { makeIdNumber } from '../platform/pii/idcard';
import { shanghaiDate } from '../modules/registry/household.rules';
import { demoActor, fileToStage } from './workflow';

/**
 * 演示帮扶资金数据: 红花岗区总工会's 金秋助学 and 送温暖 programs with awards of 老城社区工会's families at every step —
 * paid, failed and retried, revoked after payment with a recovery and its first installment, on public notice with an
 * objection, awaiting review — so the reviewer, the finance officer and the cadre each open on a queue, and the money
 * view, the reports and the ledger have something true to show. Written through the same services as the pages.
 *
 * The first part (files, program, applications, approvals and the notice) is written with the clock set three weeks
 * back, so that the notice period has ended by today and the rest (confirmation, the bank batch, results, revocation)
 * can follow at today's date; the audit trail records those earlier times. Runs once: nothing when a program exists.
 */
export async function seedDemoAid(deps: Deps, log: (s: string) => void = () => {}): Promise<{ programs: number; awards: number }> {
  const [existing] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(aidPrograms);
  if (existing.n > 0) return { programs: 0, awards: 0 };
  const cadre = await demoActor(deps, 'honghuagang_cadre');
  const investigator = await demoActor(deps, 'zunyi_investigator');
  const reviewer = await demoActor(deps, 'honghuagang_reviewer');
  const finance = await demoActor(deps, 'honghuagang_finance');

  const realNow = deps.clock.now();
  // three weeks back, moving forward with the real time (never backwards: the files' lifecycle events keep their order)
  const started = Date.now();
  const backClock: Clock = { now: () => new Date(realNow.getTime() - 21 * 24 * 3600_000 + (Date.now() - started)) };
  const back: Deps = { ...deps, clock: backClock };
  const year = Number(shanghaiDate(backClock.now()).slice(0, 4));

  // the families: approved files of the cadre's union, taken through verification like any other
  const ids: Array<{ id: string; stage: DemoAidFile['stage'] }> = [];
  for (let i = 0; i < FAMILIES.length; i++) {
    const f = FAMILIES[i]!;
    const written = withTx(deps.db, (tx) => fileToStage(tx, back, { cadre, investigator, reviewer }, householdInput.parse(familyInput(cadre.orgId, f, i)), { housing: 'rented', housingNote: '租住老旧单元房' }, 'approved'));
    const id = await written.catch((e: unknown) => {
      if (violatedConstraint(e) === 'members_open_person_uq') return null; // already in a generated file: leave out
      throw e;
    });
    if (id) ids.push({ id, stage: f.stage });
  }

  await withTx(deps.db, (tx) => recordDeposit(tx, back, finance, { orgId: reviewer.orgId, amountFen: 30_000_000, businessDate: shanghaiDate(backClock.now()), memo: `遵义市总工会下拨${year}年帮扶资金` }));
  const studentAid = await withTx(deps.db, (tx) =>
    createProgram(tx, back, reviewer, programInput.parse({
      name: `${year}年金秋助学`,
      type: 'student_aid',
      fundingOrgId: reviewer.orgId,
      year,
      budgetFen: 10_000_000,
      windowStart: `${year}-01-01`,
      windowEnd: `${year}-12-31`,
      noticeDays: 7,
      eligibility: { categories: ['dibao', 'near_dibao'], studentStages: ['university', 'vocational_college'] },
      amount: { mode: 'by_stage', amounts: { university: 500_000, vocational_college: 300_000 } },
    } satisfies z.input<typeof programInput>)),
  );
  const relief = await withTx(deps.db, (tx) =>
    createProgram(tx, back, reviewer, programInput.parse({
      name: `${year}年送温暖`,
      type: 'holiday_relief',
      fundingOrgId: reviewer.orgId,
      year,
      budgetFen: 2_000_000,
      windowStart: `${year}-01-01`,
      windowEnd: `${year}-12-31`,
      noticeDays: 5,
      eligibility: {},
      amount: { mode: 'by_level', amounts: { deep: 100_000, relative: 80_000, general: 50_000 } },
    } satisfies z.input<typeof programInput>)),
  );

  // three weeks ago: applications, approvals and the first notice
  const early: Array<{ awardId: string; householdId: string; stage: DemoAidFile['stage'] }> = [];
  for (const h of ids.filter((x) => x.stage === 'paid' || x.stage === 'failed' || x.stage === 'revoked')) {
    const ok = await withTx(deps.db, async (tx) => {
      const check = await checkEligibility(tx, back, cadre, studentAid.id, { householdId: h.id });
      if (!check.eligible) return null;
      const a = await applyForAward(tx, back, cadre, studentAid.id, { householdId: h.id });
      return approveAward(tx, back, reviewer, a.id, { version: a.version, note: '材料齐全，同意资助' });
    });
    if (ok) early.push({ awardId: ok.id, householdId: h.id, stage: h.stage });
  }
  let awards = early.length;
  if (early.length > 0) {
    const notice = await withTx(deps.db, (tx) => publishNotice(tx, back, reviewer, studentAid.id, {}));
    // today: confirmed, paid through the bank (one transfer fails and is put into a retry batch), one revoked after payment
    await withTx(deps.db, (tx) => confirmNotice(tx, deps, reviewer, notice.id));
    const batch = await withTx(deps.db, (tx) => createBatch(tx, deps, finance, studentAid.id));
    await withTx(deps.db, (tx) => exportBankFile(tx, deps, finance, batch.id, 'xlsx'));
    const detail = await getBatch(deps.db, deps, finance, batch.id);
    const failedAwardIds = new Set(early.filter((e) => e.stage === 'failed').map((e) => e.awardId));
    await withTx(deps.db, (tx) =>
      recordResults(
        tx,
        deps,
        finance,
        batch.id,
        detail.items.map((p) => ({ reference: p.reference, amountFen: p.amountFen, result: failedAwardIds.has(p.awardId) ? ('failed' as const) : ('paid' as const), ...(failedAwardIds.has(p.awardId) ? { reason: '账户已销户 / account closed' } : {}) })),
        'file',
      ),
    );
    if (failedAwardIds.size > 0) await withTx(deps.db, (tx) => retryBatch(tx, deps, finance, batch.id));
    const revokedAward = early.find((e) => e.stage === 'revoked');
    if (revokedAward) {
      const res = await withTx(deps.db, (tx) => revokeAward(tx, deps, reviewer, revokedAward.awardId, { reason: '复核发现子女已参加工作，不再符合条件', causeType: 'manual' }));
      if (res.recovery) await withTx(deps.db, (tx) => recordInstallment(tx, deps, finance, res.recovery!.id, { amountFen: 200_000, note: '首期退回 2,000 元' }));
    }
  }

  // today: one award on public notice with an objection, one application awaiting review, holiday relief applied for
  for (const h of ids.filter((x) => x.stage === 'notice' || x.stage === 'pending')) {
    const a = await withTx(deps.db, (tx) => applyForAward(tx, deps, cadre, studentAid.id, { householdId: h.id })).catch(() => null);
    if (!a) continue;
    awards++;
    if (h.stage === 'notice') {
      await withTx(deps.db, (tx) => approveAward(tx, deps, reviewer, a.id, { version: a.version }));
      await withTx(deps.db, (tx) => publishNotice(tx, deps, reviewer, studentAid.id, {}));
      await withTx(deps.db, (tx) => raiseObjection(tx, deps, cadre, a.id, { raisedBy: '社区居民（匿名）', text: '反映该户家中新购置了小汽车，请核实。' }));
    }
  }
  for (const h of ids.slice(0, 3)) {
    const a = await withTx(deps.db, (tx) => applyForAward(tx, deps, cadre, relief.id, { householdId: h.id })).catch(() => null);
    if (a) awards++;
  }
  log(`demo data: programs ${studentAid.code} and ${relief.code}, ${awards} applications of ${cadre.orgName} at every step of aid`);
  return { programs: 2, awards };
}

interface DemoAidFile {
  worker: string;
  spouse: string;
  child: string;
  stage: 'paid' | 'failed' | 'revoked' | 'notice' | 'pending';
  childStage: 'university' | 'vocational_college';
  workerIncomeFen: number;
  spouseIncomeFen: number;
  cause: HouseholdInput['primaryCause'];
}

const FAMILIES: DemoAidFile[] = [
  { worker: '王继红', spouse: '张桂芳', child: '王思远', stage: 'paid', childStage: 'university', workerIncomeFen: 90_000, spouseIncomeFen: 100_000, cause: 'illness' },
  { worker: '赵明亮', spouse: '李春燕', child: '赵可欣', stage: 'paid', childStage: 'vocational_college', workerIncomeFen: 0, spouseIncomeFen: 150_000, cause: 'unemployment' },
  { worker: '孙德才', spouse: '胡玉兰', child: '孙浩然', stage: 'paid', childStage: 'university', workerIncomeFen: 80_000, spouseIncomeFen: 90_000, cause: 'disability' },
  { worker: '钱永福', spouse: '冯丽华', child: '钱雨萱', stage: 'failed', childStage: 'vocational_college', workerIncomeFen: 100_000, spouseIncomeFen: 80_000, cause: 'illness' },
  { worker: '周建平', spouse: '吴晓梅', child: '周子涵', stage: 'revoked', childStage: 'university', workerIncomeFen: 70_000, spouseIncomeFen: 110_000, cause: 'schooling' },
  { worker: '郑国强', spouse: '陈美玲', child: '郑一鸣', stage: 'notice', childStage: 'university', workerIncomeFen: 120_000, spouseIncomeFen: 60_000, cause: 'illness' },
  { worker: '冯志刚', spouse: '曹秀珍', child: '冯佳怡', stage: 'pending', childStage: 'vocational_college', workerIncomeFen: 90_000, spouseIncomeFen: 90_000, cause: 'illness' },
];

function familyInput(orgId: string, f: DemoAidFile, i: number): HouseholdInput {
  const id = (birth: string, seq: number) => makeIdNumber('520302', birth, 850 + i * 10 + seq);
  return {
    orgId,
    regionCode: '520302',
    address: `遵义市红花岗区老城街道幸福巷 ${i + 3} 号`,
    employer: '遵义钢绳厂',
    unionMember: true,
    housing: 'rented',
    housingArea: '40.0',
    receivesDibao: false,
    otherAnnualIncomeFen: 0,
    medicalOutOfPocketFen: 500_000,
    schoolingSpendingFen: 900_000,
    disasterLossFen: 0,
    primaryCause: f.cause,
    secondaryCauses: f.cause === 'schooling' ? [] : ['schooling'],
    flags: [],
    bankName: '遵义农村商业银行',
    bankAccount: `62303100${String(20_000_000 + i * 104_729).slice(0, 8)}`,
    members: [
      { name: f.worker, relation: 'self', idNumber: id(`197${i}-0${(i % 9) + 1}-2${i % 8}`, 1), phone: `1398521${String(2000 + i).padStart(4, '0')}`, health: f.cause === 'illness' ? 'serious_illness' : f.cause === 'disability' ? 'disability' : 'chronic_illness', ...(f.cause === 'disability' ? { disabilityGrade: 3 } : {}), schoolingStage: 'none', employment: f.workerIncomeFen === 0 ? 'unemployed' : 'flexible', monthlyIncomeFen: f.workerIncomeFen ? { wage: f.workerIncomeFen } : {}, disabilityGrade: f.cause === 'disability' ? 3 : null },
      { name: f.spouse, relation: 'spouse', idNumber: id(`197${(i + 2) % 10}-1${i % 3}-1${(i % 9) + 1}`, 2), health: 'healthy', schoolingStage: 'none', employment: 'flexible', monthlyIncomeFen: { wage: f.spouseIncomeFen } },
      { name: f.child, relation: 'child', idNumber: id(`200${5 + (i % 3)}-0${(i % 9) + 1}-1${i % 8}`, 3), health: 'healthy', schoolingStage: f.childStage, employment: 'not_working', monthlyIncomeFen: {} },
    ],
  } as HouseholdInput;
}
