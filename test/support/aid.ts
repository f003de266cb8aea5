import type { AwardDto, NoticeDto, ProgramDto, ProgramInput } from '../../src/contracts/aid';
import type { HouseholdInput } from '../../src/contracts/registry';
import type { TestContext } from './app';
import { loginAs } from './app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './factories';
import { type Client, client } from './http';
import { guizhouLines } from './dynamic';
import { approvedHousehold } from './oversight';

/**
 * The aid module's test world: a county federation (红花岗区 520302) that funds programs, a grassroots union under it
 * with a cadre, the county's reviewer (aid.review) and finance officer (aid.disburse), and helpers that take files
 * through the API: program → application → approval → notice → confirmation.
 */
export interface AidWorld {
  county: { id: string; code: string };
  union: { id: string };
  cadre: Client;
  cadreId: string;
  reviewer: Client;
  reviewerId: string;
  finance: Client;
  financeId: string;
  /** Signs the approved files (investigator); any user will do. */
  investigatorId: string;
  usernames: { cadre: string; reviewer: string; finance: string };
}

/** Signs the world's users in again (sessions expire when a test moves the clock forward by days). */
export async function refreshSessions(t: TestContext, w: AidWorld): Promise<void> {
  w.cadre = client(t.app, await loginAs(t.app, w.usernames.cadre, PASSWORD));
  w.reviewer = client(t.app, await loginAs(t.app, w.usernames.reviewer, PASSWORD));
  w.finance = client(t.app, await loginAs(t.app, w.usernames.finance, PASSWORD));
}

export async function aidWorld(t: TestContext, countyCode = '520302'): Promise<AidWorld> {
  await guizhouLines(t.deps);
  const county = await orgByCode(t.deps, countyCode);
  const union = await makeGrassroots(t.deps, { countyCode });
  const cadre = await makeUser(t.deps, { orgId: union.id, roles: ['cadre'] });
  const reviewer = await makeUser(t.deps, { orgId: county.id, roles: ['reviewer'] });
  const finance = await makeUser(t.deps, { orgId: county.id, roles: ['finance'] });
  const investigator = await makeUser(t.deps, { orgId: union.id, roles: ['investigator'] });
  return {
    county: { id: county.id, code: county.code },
    union: { id: union.id },
    cadre: client(t.app, await loginAs(t.app, cadre.username, PASSWORD)),
    cadreId: cadre.id,
    reviewer: client(t.app, await loginAs(t.app, reviewer.username, PASSWORD)),
    reviewerId: reviewer.id,
    finance: client(t.app, await loginAs(t.app, finance.username, PASSWORD)),
    financeId: finance.id,
    investigatorId: investigator.id,
    usernames: { cadre: cadre.username, reviewer: reviewer.username, finance: finance.username },
  };
}

/** 金秋助学 2026 of the county: near-dibao or dibao households with a child at university (5,000) or vocational college (3,000). */
export function studentAidInput(fundingOrgId: string, over: Partial<ProgramInput> = {}): ProgramInput {
  return {
    name: '2026年金秋助学',
    type: 'student_aid',
    fundingOrgId,
    year: 2026,
    budgetFen: 10_000_000,
    windowStart: '2026-08-01',
    windowEnd: '2026-12-31',
    noticeDays: 5,
    eligibility: { categories: ['dibao', 'near_dibao'], levels: [], causes: [], studentStages: ['university', 'vocational_college'], unionMembersOnly: false },
    amount: { mode: 'by_stage', amounts: { university: 500000, vocational_college: 300000 } },
    ...over,
  };
}

export async function createProgram(w: AidWorld, over: Partial<ProgramInput> = {}): Promise<ProgramDto> {
  const r = await w.reviewer.post<ProgramDto>('/api/v1/aid/programs', studentAidInput(w.county.id, over));
  if (r.statusCode !== 201) throw new Error(`create program: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** An approved (open) file of the world's union; by default near-dibao with a child at university. */
export async function openFile(t: TestContext, w: AidWorld, over: Partial<HouseholdInput> = {}): Promise<{ id: string; archiveNo: string }> {
  return approvedHousehold(t.app, t.deps, w.cadre.cookie!, w.union.id, { investigatedBy: w.investigatorId, reviewedBy: w.reviewerId }, '520302', over);
}

export async function apply(w: AidWorld, programId: string, householdId: string): Promise<AwardDto> {
  const r = await w.cadre.post<AwardDto>(`/api/v1/aid/programs/${programId}/applications`, { householdId });
  if (r.statusCode !== 201) throw new Error(`apply: ${r.statusCode} ${r.body}`);
  return r.json();
}

export async function approve(w: AidWorld, award: AwardDto): Promise<AwardDto> {
  const r = await w.reviewer.post<AwardDto>(`/api/v1/aid/awards/${award.id}/approve`, { version: award.version });
  if (r.statusCode !== 200) throw new Error(`approve: ${r.statusCode} ${r.body}`);
  return r.json();
}

export async function publish(w: AidWorld, programId: string): Promise<NoticeDto> {
  const r = await w.reviewer.post<NoticeDto>(`/api/v1/aid/programs/${programId}/notices`, {});
  if (r.statusCode !== 201) throw new Error(`publish: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** Moves the test clock past the notice's last day (Asia/Shanghai), signs the world in again and confirms the notice. */
export async function confirmAfterNotice(t: TestContext, w: AidWorld, notice: NoticeDto): Promise<void> {
  const after = new Date(`${notice.endsOn}T00:00:00+08:00`).getTime() + 24 * 3600_000 + 3600_000;
  if (t.clock.now().getTime() < after) {
    t.clock.set(new Date(after));
    await refreshSessions(t, w);
  }
  const r = await w.reviewer.post(`/api/v1/aid/notices/${notice.id}/confirm`, {});
  if (r.statusCode !== 200) throw new Error(`confirm: ${r.statusCode} ${r.body}`);
}

/**
 * A program with `n` confirmed awards (one per new open file), through the API. Returns the program and the awards as
 * they stand after confirmation. Note: it moves the test clock forward past the notice.
 */
export async function confirmedAwards(t: TestContext, w: AidWorld, n: number, over: Partial<ProgramInput> = {}): Promise<{ program: ProgramDto; awards: AwardDto[] }> {
  const program = await createProgram(w, over);
  const applied: AwardDto[] = [];
  for (let i = 0; i < n; i++) {
    const h = await openFile(t, w);
    applied.push(await approve(w, await apply(w, program.id, h.id)));
  }
  const notice = await publish(w, program.id);
  await confirmAfterNotice(t, w, notice);
  const awards: AwardDto[] = [];
  for (const a of applied) awards.push((await w.reviewer.get<AwardDto>(`/api/v1/aid/awards/${a.id}`)).json());
  return { program, awards };
}
