import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { COMMITMENT_STATEMENT, visitBody } from '../../contracts/verification';
import { type HouseholdInput, householdInput } from '../../contracts/registry';
import { actorFrom } from '../modules/auth/auth.service';
import { findUserByUsername } from '../modules/auth/user.service';
import { getOrgById } from '../modules/orgs/org.service';
import { createHousehold, transitionHousehold } from '../modules/registry/household.service';
import { households } from '../modules/registry/household.table';
import { assignTasks, tasksOfHousehold } from '../modules/verification/task.service';
import { submitVisit } from '../modules/verification/visit.service';
import { uuidv7 } from '../platform/ids';
import type { Deps } from '../platform/deps';
import type { Actor } from '../platform/http/actor';
import { violatedConstraint } from '../platform/db/errors';
import { type Tx, withTx } from '../platform/db/tx';
import { makeIdNumber } from '../platform/pii/idcard';
import { shanghaiDate } from '../modules/registry/household.rules';
import { addDays } from '../platform/dates';

/**
 * 演示流程数据: a handful of files of 红花岗区老城社区工会 at every step of 摸底上报 → 入户核查 → 审核建档, so that each demo
 * login opens on a queue with something in it — the cadre's report to assign, the volunteer investigator's visits,
 * the county reviewer's approvals, and one approved file whose history shows every signer. Written through the same
 * services as the pages (audited, derived by the identification rule). Runs once: it does nothing when the cadre's
 * union already holds files.
 */
export async function seedDemoWorkflow(deps: Deps, log: (s: string) => void = () => {}): Promise<{ households: number }> {
  const cadre = await demoActor(deps, 'honghuagang_cadre');
  const investigator = await demoActor(deps, 'zunyi_investigator');
  const reviewer = await demoActor(deps, 'honghuagang_reviewer');
  const existing = await deps.db.select({ id: households.id }).from(households).where(eq(households.orgId, cadre.orgId)).limit(1);
  if (existing.length > 0) return { households: 0 };

  const files = DEMO_FILES.map((f, i) => householdInput.parse(fileInput(cadre.orgId, f, i)));
  const target: DemoStage[] = ['draft', 'pending', 'pending', 'assigned', 'assigned', 'verified', 'approved'];
  let created = 0;
  for (let i = 0; i < files.length; i++) {
    const stage = target[i] ?? 'draft';
    const written = withTx(deps.db, (tx) => fileToStage(tx, deps, { cadre, investigator, reviewer }, files[i]!, DEMO_FILES[i]!, stage));
    // a person already in an open file of the generated demo households (one file per person): leave this one out
    const skipped = await written.then(
      () => false,
      (e: unknown) => {
        if (violatedConstraint(e) === 'members_open_person_uq') return true;
        throw e;
      },
    );
    if (!skipped) created++;
  }
  log(`demo data: ${created} files of ${cadre.orgName} at every step of verification`);
  return { households: created };
}

export type DemoStage = 'draft' | 'pending' | 'assigned' | 'verified' | 'approved';

/** Demo actors by username, as the pages would have them (read from the users and orgs tables). */
export async function demoActor(deps: Deps, username: string): Promise<Actor> {
  const u = await findUserByUsername(deps.db, username);
  if (!u) throw new Error(`demo user ${username} missing: run seedDemo first`);
  const o = await getOrgById(deps.db, u.orgId);
  if (!o) throw new Error(`org of ${username} missing`);
  return actorFrom(u, o, { ip: null, userAgent: 'seed-demo', requestId: null });
}

/**
 * Takes one new file through 摸底上报 → 入户核查 → 审核建档 up to the given stage, through the same services as the
 * pages: created by the cadre, submitted, assigned to the investigator, visited and signed, approved by the reviewer.
 * Returns the household id.
 */
export async function fileToStage(tx: Tx, deps: Deps, who: { cadre: Actor; investigator: Actor; reviewer: Actor }, input: HouseholdInput, f: Pick<DemoFile, 'housing' | 'housingNote'>, stage: DemoStage): Promise<string> {
  const { cadre, investigator, reviewer } = who;
  let h = await createHousehold(tx, deps, cadre, input);
  if (stage === 'draft') return h.id;
  h = await transitionHousehold(tx, deps, cadre, h.id, { to: 'submitted', reason: '摸底上报：社区走访发现', version: h.version });
  if (stage === 'pending') return h.id;
  const [task] = await tasksOfHousehold(tx, h.id);
  if (!task) throw new Error('submitting a demo file opened no verification task');
  await assignTasks(tx, deps, cadre, { taskIds: [task.id], investigatorId: investigator.userId, dueDate: addDays(shanghaiDate(deps.clock.now()), 14) });
  if (stage === 'assigned') return h.id;
  await submitVisit(
    tx,
    deps,
    investigator,
    task.id,
    visitBody.parse({
      visitId: uuidv7(),
      visitDate: shanghaiDate(deps.clock.now()),
      checklist: {
        housing: { type: f.housing, note: f.housingNote },
        work: { situation: 'laid_off', note: '户主下岗后打零工' },
        income: { level: 'near_dibao', annualIncomeFen: h.annualIncomeFen },
        incidents: { any: false },
        illness: { any: true, note: '户主患慢性病，长期服药' },
      },
      found: { size: h.size },
      fourLooks: { housing: 'poor', food: 'tight', labour: 'weak', students: 'college' },
      findings: '入户核查：住房、收入与申报一致，家中有大学生，医疗支出较大，情况属实。',
      recommendation: { category: h.category ?? 'near_dibao', level: h.level ?? 'relative', measures: ['medical_aid', 'student_aid'], aidFen: 300_000 },
      attachmentIds: [],
      statement: COMMITMENT_STATEMENT,
    }),
  );
  if (stage === 'verified') return h.id;
  const [now] = await tx.select({ version: households.version }).from(households).where(eq(households.id, h.id));
  await transitionHousehold(tx, deps, reviewer, h.id, { to: 'approved', reason: '审核建档：核查属实', version: now!.version });
  return h.id;
}


export interface DemoFile {
  worker: string;
  spouse: string | null;
  child: string | null;
  address: string;
  housing: 'owned' | 'rented' | 'public_rental' | 'none';
  housingNote: string;
  workerIncomeFen: number;
  spouseIncomeFen: number;
  cause: HouseholdInput['primaryCause'];
}

const DEMO_FILES: DemoFile[] = [
  { worker: '罗建国', spouse: '陈秀英', child: '罗小雨', address: '老城街道丁字口社区 12 栋 3 单元', housing: 'rented', housingNote: '租住老旧单元房 38 平米', workerIncomeFen: 90_000, spouseIncomeFen: 110_000, cause: 'illness' },
  { worker: '杨德明', spouse: '周丽', child: '杨帆', address: '老城街道杨柳街 45 号', housing: 'owned', housingNote: '自有老房，漏雨', workerIncomeFen: 0, spouseIncomeFen: 150_000, cause: 'unemployment' },
  { worker: '何桂兰', spouse: null, child: '何晓东', address: '老城街道万寿社区 7 号', housing: 'public_rental', housingNote: '公租房 35 平米', workerIncomeFen: 130_000, spouseIncomeFen: 0, cause: 'single_parent' },
  { worker: '黎志强', spouse: '吴芳', child: '黎明', address: '老城街道新华路 88 号', housing: 'rented', housingNote: '租住平房', workerIncomeFen: 80_000, spouseIncomeFen: 90_000, cause: 'disability' },
  { worker: '宋光辉', spouse: '刘敏', child: '宋佳', address: '老城街道红旗社区 21 号', housing: 'rented', housingNote: '租住老旧单元房', workerIncomeFen: 100_000, spouseIncomeFen: 80_000, cause: 'schooling' },
  { worker: '韦永红', spouse: '蒙丽娟', child: '韦小龙', address: '老城街道石龙路 6 号', housing: 'owned', housingNote: '自有住房，面积小', workerIncomeFen: 70_000, spouseIncomeFen: 120_000, cause: 'illness' },
  { worker: '田茂林', spouse: '龙春梅', child: '田雨欣', address: '老城街道凤凰山社区 3 号', housing: 'rented', housingNote: '租住 40 平米老房', workerIncomeFen: 120_000, spouseIncomeFen: 60_000, cause: 'illness' },
];

function fileInput(orgId: string, f: DemoFile, i: number): z.input<typeof householdInput> {
  const id = (birth: string, seq: number) => makeIdNumber('520302', birth, 700 + i * 10 + seq);
  const members: z.input<typeof householdInput>['members'] = [
    {
      name: f.worker,
      relation: 'self',
      idNumber: id(`197${i}-0${(i % 9) + 1}-1${i}`, 1),
      phone: `1398520${String(1000 + i).padStart(4, '0')}`,
      health: f.cause === 'illness' ? 'serious_illness' : f.cause === 'disability' ? 'disability' : 'chronic_illness',
      ...(f.cause === 'disability' ? { disabilityGrade: 3 } : {}),
      schoolingStage: 'none',
      employment: f.workerIncomeFen === 0 ? 'unemployed' : 'flexible',
      monthlyIncomeFen: f.workerIncomeFen ? { wage: f.workerIncomeFen } : {},
    },
  ];
  if (f.spouse) members.push({ name: f.spouse, relation: 'spouse', idNumber: id(`197${i + 1}-1${i % 3}-0${(i % 9) + 1}`, 2), health: 'healthy', schoolingStage: 'none', employment: 'flexible', monthlyIncomeFen: { wage: f.spouseIncomeFen } });
  if (f.child) members.push({ name: f.child, relation: 'child', idNumber: id(`200${6 + (i % 3)}-0${(i % 9) + 1}-2${i % 8}`, 3), health: 'healthy', schoolingStage: 'university', employment: 'not_working', monthlyIncomeFen: {} });
  return {
    orgId,
    regionCode: '520302',
    address: `遵义市红花岗区${f.address}`,
    employer: '遵义轮胎厂',
    unionMember: true,
    housing: f.housing,
    housingArea: f.housing === 'none' ? undefined : '38.0',
    receivesDibao: false,
    otherAnnualIncomeFen: 0,
    medicalOutOfPocketFen: 600_000,
    schoolingSpendingFen: f.child ? 800_000 : 0,
    disasterLossFen: 0,
    primaryCause: f.cause,
    secondaryCauses: f.child && f.cause !== 'schooling' ? ['schooling'] : [],
    flags: f.cause === 'single_parent' ? ['singleParent'] : [],
    bankName: '贵州银行',
    bankAccount: `62148300${String(10_000_000 + i * 7919).slice(0, 8)}`,
    members,
  };
}
