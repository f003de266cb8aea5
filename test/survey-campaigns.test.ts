import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssignmentDto, CampaignDto, CampaignReport, ResponseDto } from '../src/contracts/survey';
import { DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed';
import { worklistSections } from '../src/server/modules/survey/worklist.service';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { type Client, client, countRows, expectError, snapshotTables } from './support/http';
import { householdInput } from './support/registry';
import { actorOfCookie, sampleQuestions } from './support/survey';

const t = useTestApp();
const C = '/api/v1/survey/campaigns';

let cityReviewer: Client;
let countyReviewer: Client;
let cadreA: Client;
let cadreB: Client;
let cadreB2: Client;
let outsider: Client;
let investigator: Client;
let investigatorCookie: string;
let cadreAId: string;
let cadreBId: string;
let investigatorId: string;
let gA: { id: string };
let gB: { id: string };
const hh: Record<'A1' | 'A2' | 'A3' | 'B1' | 'B2', { id: string; category: string | null; level: string | null }> = {} as never;

const put = (c: Client, url: string, body: unknown) => t.app.inject({ method: 'PUT', url, headers: { cookie: c.cookie! }, payload: body as object });

beforeAll(async () => {
  await seedDemo(t.deps);
  gA = await makeGrassroots(t.deps, { countyCode: '520302' });
  gB = await makeGrassroots(t.deps, { countyCode: '520303' });
  const login = async (u: { username: string }, pw = PASSWORD) => client(t.app, await loginAs(t.app, u.username, pw));
  const a = await makeUser(t.deps, { orgId: gA.id, roles: ['cadre'] });
  cadreAId = a.id;
  cadreA = await login(a);
  const b = await makeUser(t.deps, { orgId: gB.id, roles: ['cadre'] });
  cadreBId = b.id;
  cadreB = await login(b);
  cadreB2 = await login(await makeUser(t.deps, { orgId: gB.id, roles: ['cadre'] }));
  outsider = await login(await makeUser(t.deps, { orgId: (await makeGrassroots(t.deps, { countyCode: '520102' })).id, roles: ['cadre'] }));
  cityReviewer = await login(await makeUser(t.deps, { orgCode: '5203', roles: ['reviewer'] }));
  countyReviewer = await login(await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] }));
  investigatorCookie = await loginAs(t.app, 'zunyi_investigator', DEMO_PASSWORD);
  investigator = client(t.app, investigatorCookie);
  investigatorId = (await investigator.get<{ user: { id: string } }>('/api/v1/auth/me')).json().user.id;
  const mk = async (c: Client, orgId: string, over: Parameters<typeof householdInput>[1]) => {
    const r = await c.post<{ id: string; category: string | null; level: string | null }>('/api/v1/registry/households', householdInput(orgId, over));
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  hh.A1 = await mk(cadreA, gA.id, { primaryCause: 'illness', secondaryCauses: [] });
  hh.A2 = await mk(cadreA, gA.id, { primaryCause: 'unemployment', secondaryCauses: [] });
  hh.A3 = await mk(cadreA, gA.id, { primaryCause: 'illness', secondaryCauses: [] });
  hh.B1 = await mk(cadreB, gB.id, { regionCode: '520303', primaryCause: 'unemployment', secondaryCauses: [] });
  hh.B2 = await mk(cadreB, gB.id, { regionCode: '520303', primaryCause: 'social_security_gap', secondaryCauses: [] });
}, 120_000);

let campaign: CampaignDto;
let team1: string;
let team2: string;
const assignmentOf: Record<string, AssignmentDto> = {};
const responseIds: Record<string, string> = {};

const answersA1 = { housing: 'rent', aid: ['dibao', 'union'], size: 3, income: 150000, note: '  屋顶漏雨 ', since: '2024-03-01', looks: { housing: 'poor', food: 'basic', labour: 'weak', students: 'college' } };
const answersA2 = { housing: 'own', aid: ['none'], size: 2, income: 80000 };
const answersB1 = { housing: 'rent', aid: ['union'], size: 4 };

describe('campaign set-up', () => {
  it('creates a draft campaign over an org scope', async () => {
    const zunyi = await orgByCode(t.deps, '5203');
    const r = await cityReviewer.post<CampaignDto>(C, { name: '2026年遵义市城镇困难职工生产生活状况调研', periodStart: '2026-11-01', periodEnd: '2026-12-31', scopeOrgIds: [zunyi.id] });
    expect(r.statusCode, r.body).toBe(201);
    campaign = r.json();
    expect(campaign.status).toBe('draft');
    expect(campaign.scopeOrgs).toEqual([{ id: zunyi.id, name: zunyi.name }]);
    expect(campaign.canManage).toBe(true);
    expect(campaign.questions).toEqual([]);
  });

  it('adds teams with leaders and members, including a third-party volunteer', async () => {
    let r = await cityReviewer.post<CampaignDto>(`${C}/${campaign.id}/teams`, { name: '第一调研组', leaderUserId: cadreAId, memberUserIds: [investigatorId, cadreAId] });
    expect(r.statusCode, r.body).toBe(200);
    r = await cityReviewer.post<CampaignDto>(`${C}/${campaign.id}/teams`, { name: '第二调研组', leaderUserId: cadreBId });
    campaign = r.json();
    expect(campaign.teams.map((x) => [x.name, x.leader.userId, x.members.map((m) => m.userId)])).toEqual([
      ['第一调研组', cadreAId, [investigatorId]],
      ['第二调研组', cadreBId, []],
    ]);
    team1 = campaign.teams[0].id;
    team2 = campaign.teams[1].id;
  });

  it('sets the questionnaire while a draft', async () => {
    const r = await put(cityReviewer, `${C}/${campaign.id}/questionnaire`, { questions: sampleQuestions(), version: campaign.version });
    expect(r.statusCode, r.body).toBe(200);
    campaign = r.json();
    expect(campaign.questions.map((q) => q.key)).toEqual(['housing', 'aid', 'size', 'income', 'note', 'since', 'looks']);
  });

  it('assigns households by id, by region and by org; repeats are skipped', async () => {
    let r = await cityReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team1, householdIds: [hh.A1.id] });
    expect(r.json()).toEqual({ added: 1, skipped: 0, outsideScope: 0 });
    r = await cityReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team1, regionCodes: ['520302'] });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ added: 2, skipped: 1, outsideScope: 0 });
    r = await cityReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team2, orgIds: [gB.id] });
    expect(r.json()).toEqual({ added: 2, skipped: 0, outsideScope: 0 });
    const list = await cityReviewer.get<{ items: AssignmentDto[]; nextCursor: string | null }>(`${C}/${campaign.id}/assignments?limit=3`);
    const more = await cityReviewer.get<{ items: AssignmentDto[]; nextCursor: string | null }>(`${C}/${campaign.id}/assignments?limit=3&cursor=${list.json().nextCursor}`);
    const all = [...list.json().items, ...more.json().items];
    expect(more.json().nextCursor).toBeNull();
    expect(all).toHaveLength(5);
    for (const [k, h] of Object.entries(hh)) assignmentOf[k] = all.find((a) => a.householdId === h.id)!;
    expect(assignmentOf.A1.teamName).toBe('第一调研组');
    expect(assignmentOf.B2.regionCode).toBe('520303');
    expect(assignmentOf.B2.teamId).toBe(team2);
  });

  it('opens the campaign, after which the questionnaire is frozen', async () => {
    campaign = (await cityReviewer.get<CampaignDto>(`${C}/${campaign.id}`)).json();
    const r = await cityReviewer.post<CampaignDto>(`${C}/${campaign.id}/transition`, { to: 'open', version: campaign.version });
    expect(r.statusCode, r.body).toBe(200);
    campaign = r.json();
    expect(campaign.status).toBe('open');
    expect(campaign.assigned).toBe(5);
    const frozen = await put(cityReviewer, `${C}/${campaign.id}/questionnaire`, { questions: sampleQuestions().slice(0, 2), version: campaign.version });
    expectError(frozen, 409, 'CONFLICT');
    expect(JSON.parse(frozen.body).error.message).toMatch(/问卷已锁定/);
    const stale = await cityReviewer.post(`${C}/${campaign.id}/transition`, { to: 'closed', version: campaign.version - 1 });
    expectError(stale, 409, 'CONFLICT');
  });
});

describe('responses', () => {
  it("puts the campaign on a team member's worklist", async () => {
    const s = await worklistSections(t.deps.db, t.deps, await actorOfCookie(t.deps, investigatorCookie));
    expect(s).toHaveLength(1);
    expect(s[0].key).toBe('survey.my_households');
    expect(s[0].total).toBe(3);
    expect(s[0].items.map((i) => i.href).sort()).toEqual(['A1', 'A2', 'A3'].map((k) => `/surveys/${campaign.id}/respond/${assignmentOf[k].id}`).sort());
    const auditorCookie = await loginAs(t.app, 'province_auditor', DEMO_PASSWORD);
    expect(await worklistSections(t.deps.db, t.deps, await actorOfCookie(t.deps, auditorCookie))).toEqual([]);
  });

  it('shows a volunteer only the households of their team', async () => {
    const r = await investigator.get<{ items: AssignmentDto[] }>(`${C}/${campaign.id}/assignments?mine=true`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().items.map((a) => a.householdId).sort()).toEqual([hh.A1.id, hh.A2.id, hh.A3.id].sort());
    const all = await investigator.get<{ items: AssignmentDto[] }>(`${C}/${campaign.id}/assignments`);
    expect(all.json().items).toHaveLength(3);
    expectError(await investigator.get(`${C}/${campaign.id}/assignments/${assignmentOf.B1.id}`), 404, 'NOT_FOUND');
  });

  it('stores a response once when the phone submits it twice', async () => {
    responseIds.A1 = randomUUID();
    const body = { id: responseIds.A1, assignmentId: assignmentOf.A1.id, answers: answersA1 };
    const first = await investigator.post<ResponseDto>(`${C}/${campaign.id}/responses`, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().answers).toEqual({ ...answersA1, note: '屋顶漏雨', looks: { ...answersA1.looks, totalScore: 65 } });
    const again = await investigator.post<ResponseDto>(`${C}/${campaign.id}/responses`, body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().id).toBe(responseIds.A1);
    expect(await countRows(t.deps.db, 'survey_responses', `assignment_id = '${assignmentOf.A1.id}'`)).toBe(1);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'survey.response.create' and entity_id = '${responseIds.A1}'`)).toBe(1);
    // a second, different response for the same household is refused
    const other = await investigator.post(`${C}/${campaign.id}/responses`, { id: randomUUID(), assignmentId: assignmentOf.A1.id, answers: answersA2 });
    expectError(other, 409, 'CONFLICT');
  });

  it('stores concurrent identical submissions once', async () => {
    responseIds.B1 = randomUUID();
    const body = { id: responseIds.B1, assignmentId: assignmentOf.B1.id, answers: answersB1 };
    const rs = await Promise.all([cadreB.post(`${C}/${campaign.id}/responses`, body), cadreB.post(`${C}/${campaign.id}/responses`, body)]);
    expect(rs.map((r) => r.statusCode).sort()).toEqual([200, 201]);
    expect(await countRows(t.deps.db, 'survey_responses', `id = '${responseIds.B1}'`)).toBe(1);
  });

  it('refuses answers that do not fit the questions, naming the question, and writes nothing', async () => {
    const before = await snapshotTables(t.deps.db);
    const bad = await investigator.post(`${C}/${campaign.id}/responses`, { id: randomUUID(), assignmentId: assignmentOf.A2.id, answers: { housing: 'castle', size: 0 } });
    const e = expectError(bad, 400, 'VALIDATION_FAILED');
    expect(e.message).toMatch(/住房情况/);
    expect((e.details as Array<{ path: string }>).map((d) => d.path)).toEqual(['answers.housing', 'answers.size']);
    const en = await t.app.inject({ method: 'POST', url: `${C}/${campaign.id}/responses`, headers: { cookie: investigatorCookie, 'accept-language': 'en' }, payload: { id: randomUUID(), assignmentId: assignmentOf.A2.id, answers: { size: 3 } } });
    expect(expectError(en, 400, 'VALIDATION_FAILED').message).toMatch(/"Housing" is required/);
    // not on the household's team
    expectError(await cadreA.post(`${C}/${campaign.id}/responses`, { id: randomUUID(), assignmentId: assignmentOf.B2.id, answers: answersB1 }), 404);
    expectError(await cadreB2.post(`${C}/${campaign.id}/responses`, { id: randomUUID(), assignmentId: assignmentOf.B2.id, answers: answersB1 }), 403, 'FORBIDDEN');
    // a bad campaign scope, a reversed period, a bad questionnaire, a household outside the actor's scope
    const guiyang = await orgByCode(t.deps, '5201');
    expectError(await countyReviewer.post(C, { name: '越权调研', periodStart: '2026-11-01', periodEnd: '2026-12-01', scopeOrgIds: [guiyang.id] }), 400, 'VALIDATION_FAILED');
    expectError(await cityReviewer.post(C, { name: '倒置日期', periodStart: '2026-12-01', periodEnd: '2026-11-01', scopeOrgIds: [guiyang.id] }), 400, 'VALIDATION_FAILED');
    expectError(await countyReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team1, householdIds: [hh.B2.id] }), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('keeps who answered and when through an edit, and records the editor', async () => {
    responseIds.A2 = randomUUID();
    const first = await investigator.post<ResponseDto>(`${C}/${campaign.id}/responses`, { id: responseIds.A2, assignmentId: assignmentOf.A2.id, answers: { ...answersA2, income: 70000 } });
    expect(first.statusCode, first.body).toBe(201);
    t.clock.advance?.(60_000);
    const edit = await put(cadreA, `/api/v1/survey/responses/${responseIds.A2}`, { answers: answersA2, version: 1 });
    expect(edit.statusCode, edit.body).toBe(200);
    const r = edit.json() as ResponseDto;
    expect(r.respondedBy.userId).toBe(investigatorId);
    expect(r.respondedAt).toBe(first.json().respondedAt);
    expect(r.updatedBy?.userId).toBe(cadreAId);
    expect(r.version).toBe(2);
    expect(r.answers.income).toBe(80000);
    expectError(await put(investigator, `/api/v1/survey/responses/${responseIds.A2}`, { answers: answersA2, version: 1 }), 409, 'CONFLICT');
    const s = await worklistSections(t.deps.db, t.deps, await actorOfCookie(t.deps, investigatorCookie));
    expect(s[0].total).toBe(1);
  });
});

describe('report', () => {
  it('counts exactly, with shares adding up to 100.00%', async () => {
    const r = await cityReviewer.get<CampaignReport>(`${C}/${campaign.id}/report`);
    expect(r.statusCode, r.body).toBe(200);
    const rep = r.json();
    expect([rep.assigned, rep.surveyed, rep.coverageBp]).toEqual([5, 3, 6000]);
    const rows = (xs: CampaignReport['byRegion']) => xs.map((x) => [x.key, x.count, x.pctBp]);
    expect(rows(rep.byRegion)).toEqual([
      ['520302', 2, 6667],
      ['520303', 1, 3333],
    ]);
    expect(rep.byRegion[0].zh).toBe('红花岗区');
    expect(rows(rep.byCause)).toEqual([
      ['unemployment', 2, 6667],
      ['illness', 1, 3333],
    ]);
    const surveyed = [hh.A1, hh.A2, hh.B1];
    const tally = (k: 'category' | 'level') => Object.fromEntries(rep[k === 'category' ? 'byCategory' : 'byLevel'].map((x) => [x.key, x.count]));
    const want = (k: 'category' | 'level') => surveyed.reduce<Record<string, number>>((acc, h) => ({ ...acc, [h[k] ?? '']: (acc[h[k] ?? ''] ?? 0) + 1 }), {});
    expect(tally('category')).toEqual(want('category'));
    expect(tally('level')).toEqual(want('level'));
    for (const d of [rep.byRegion, rep.byCategory, rep.byLevel, rep.byCause]) expect(d.reduce((a, x) => a + x.pctBp, 0)).toBe(10000);
    expect(rep.assistanceQuestion).toBe('aid');
    expect(rep.assistanceSource).toBe('question');
    expect(rows(rep.assistance)).toEqual([
      ['dibao', 1, 3333],
      ['union', 2, 6667],
      ['none', 1, 3333],
    ]);
    const q = Object.fromEntries(rep.questions.map((x) => [x.key, x]));
    expect(rows(q.housing.rows)).toEqual([
      ['own', 1, 3333],
      ['rent', 2, 6667],
      ['public', 0, 0],
    ]);
    expect(q.size.numeric).toEqual({ sum: 9, mean: 3, min: 2, max: 4 });
    expect(q.income.numeric).toEqual({ sum: 230000, mean: 115000, min: 80000, max: 150000 });
    expect(q.income.answered).toBe(2);
    expect(q.looks.numeric).toEqual({ sum: 65, mean: 65, min: 65, max: 65 });
    expect(q.looks.rows.find((x) => x.key === 'housing.poor')).toMatchObject({ count: 1, pctBp: 10000 });
    expect(q.note.answered).toBe(1);
  });

  it('limits the report to the households in the reader’s scope', async () => {
    const rep = (await countyReviewer.get<CampaignReport>(`${C}/${campaign.id}/report`)).json();
    expect([rep.assigned, rep.surveyed]).toEqual([3, 2]);
    expect(rep.byRegion.map((x) => x.key)).toEqual(['520302']);
  });

  it('exports the report as .xlsx (an audited read)', async () => {
    const r = await t.app.inject({ method: 'GET', url: `${C}/${campaign.id}/report.xlsx`, headers: { cookie: cityReviewer.cookie! } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('调研报告')!;
    expect(String(ws.getCell(3, 1).value)).toContain('分配调研 5 户，已调研 3 户（完成 60.00%）');
    const cells: string[] = [];
    ws.eachRow((row) => cells.push((row.values as unknown[]).slice(1).join('|')));
    expect(cells).toContain('红花岗区|2|66.67%');
    expect(cells).toContain('下岗失业|2|66.67%');
    expect(wb.getWorksheet('各题统计')).toBeDefined();
    expect(await countRows(t.deps.db, 'audit_events', `action = 'survey.report.export' and entity_id = '${campaign.id}'`)).toBe(1);
  });
});

describe('scope', () => {
  let countyCampaign: CampaignDto;
  it('a county campaign is seen inside the county only', async () => {
    const hhg = await orgByCode(t.deps, '520302');
    const r = await countyReviewer.post<CampaignDto>(C, { name: '红花岗区调研', periodStart: '2026-11-01', periodEnd: '2026-12-31', scopeOrgIds: [hhg.id] });
    expect(r.statusCode, r.body).toBe(201);
    countyCampaign = r.json();
    const listA = (await cadreA.get<{ items: Array<{ id: string }> }>(C)).json().items.map((x) => x.id);
    expect(listA).toEqual(expect.arrayContaining([countyCampaign.id, campaign.id]));
    const listB = (await cadreB2.get<{ items: Array<{ id: string }> }>(C)).json().items.map((x) => x.id);
    expect(listB).toContain(campaign.id);
    expect(listB).not.toContain(countyCampaign.id);
    expectError(await cadreB2.get(`${C}/${countyCampaign.id}`), 404, 'NOT_FOUND');
    expect((await outsider.get<{ items: unknown[] }>(C)).json().items).toEqual([]);
    expectError(await outsider.get(`${C}/${campaign.id}`), 404, 'NOT_FOUND');
    // the county reviewer sees the city's campaign but does not run it
    const seen = await countyReviewer.get<CampaignDto>(`${C}/${campaign.id}`);
    expect(seen.json().canManage).toBe(false);
    expectError(await countyReviewer.post(`${C}/${campaign.id}/teams`, { name: 'x', leaderUserId: cadreAId }), 403, 'FORBIDDEN');
  });

  it('a county cadre sees only the households of their own scope', async () => {
    const r = await cadreB2.get<{ items: AssignmentDto[] }>(`${C}/${campaign.id}/assignments`);
    expect(r.json().items.map((a) => a.householdId).sort()).toEqual([hh.B1.id, hh.B2.id].sort());
    expectError(await cadreB2.get(`/api/v1/survey/responses/${responseIds.A1}`), 404, 'NOT_FOUND');
    expect((await cadreB2.get<ResponseDto>(`/api/v1/survey/responses/${responseIds.B1}`)).json().answers).toEqual(answersB1);
  });
});

describe('report without an assistance question', () => {
  it("counts the registry's measures of the surveyed households instead", async () => {
    // fixture: a plan with a medical-aid measure (and a cancelled one, which does not count) on A1
    const planId = randomUUID();
    await t.deps.db.execute(sql`insert into household_plans (id, household_id, target_exit_date, created_by, created_at, updated_at) values (${planId}, ${hh.A1.id}, '2027-12-31', ${cadreAId}, now(), now())`);
    for (const [type, status] of [['medical_aid', 'in_progress'], ['employment', 'cancelled']]) {
      await t.deps.db.execute(
        sql`insert into household_measures (id, plan_id, household_id, type, description, responsible_user_id, due_date, status, created_at, updated_at) values (${randomUUID()}, ${planId}, ${hh.A1.id}, ${type}, '测试措施', ${cadreAId}, '2027-06-30', ${status}, now(), now())`,
      );
    }
    const zunyi = await orgByCode(t.deps, '5203');
    let c = (await cityReviewer.post<CampaignDto>(C, { name: '无帮扶题调研', periodStart: '2026-11-01', periodEnd: '2026-12-31', scopeOrgIds: [zunyi.id] })).json();
    c = (await cityReviewer.post<CampaignDto>(`${C}/${c.id}/teams`, { name: '一组', leaderUserId: investigatorId })).json();
    c = (await put(cityReviewer, `${C}/${c.id}/questionnaire`, { questions: sampleQuestions().filter((q) => q.key !== 'aid'), version: c.version })).json() as CampaignDto;
    await cityReviewer.post(`${C}/${c.id}/assignments`, { teamId: c.teams[0].id, householdIds: [hh.A1.id, hh.A3.id] });
    c = (await cityReviewer.post<CampaignDto>(`${C}/${c.id}/transition`, { to: 'open', version: c.version })).json();
    const mine = (await investigator.get<{ items: AssignmentDto[] }>(`${C}/${c.id}/assignments?mine=true`)).json().items;
    for (const a of mine) expect((await investigator.post(`${C}/${c.id}/responses`, { id: randomUUID(), assignmentId: a.id, answers: { housing: 'own', size: 2 } })).statusCode).toBe(201);
    const rep = (await cityReviewer.get<CampaignReport>(`${C}/${c.id}/report`)).json();
    expect(rep.assistanceSource).toBe('measures');
    expect(rep.assistanceQuestion).toBeNull();
    expect(rep.assistance.map((x) => [x.key, x.count, x.pctBp])).toEqual([
      ['medical_aid', 1, 5000],
      ['none', 1, 5000],
    ]);
  });
});

describe('editing a running campaign', () => {
  it('edits teams and the period, but not the scope or the questionnaire once open', async () => {
    campaign = (await cityReviewer.get<CampaignDto>(`${C}/${campaign.id}`)).json();
    const r = await put(cityReviewer, `${C}/${campaign.id}/teams/${team2}`, { name: '第二调研组（汇川）', leaderUserId: cadreBId, memberUserIds: [investigatorId] });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as CampaignDto).teams[1]).toMatchObject({ name: '第二调研组（汇川）', members: [{ userId: investigatorId }] });
    expectError(await t.app.inject({ method: 'DELETE', url: `${C}/${campaign.id}/teams/${team2}`, headers: { cookie: cityReviewer.cookie! } }), 409, 'CONFLICT');
    campaign = (await cityReviewer.get<CampaignDto>(`${C}/${campaign.id}`)).json();
    const base = { name: campaign.name, periodStart: campaign.periodStart, scopeOrgIds: campaign.scopeOrgs.map((o) => o.id), version: campaign.version };
    const hhg = await orgByCode(t.deps, '520302');
    expectError(await put(cityReviewer, `${C}/${campaign.id}`, { ...base, periodEnd: '2027-01-15', scopeOrgIds: [hhg.id] }), 409, 'CONFLICT');
    const ok = await put(cityReviewer, `${C}/${campaign.id}`, { ...base, periodEnd: '2027-01-15' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((ok.json() as CampaignDto).periodEnd).toBe('2027-01-15');
    campaign = ok.json() as CampaignDto;
  });

  it('unassigns a household not yet answered, never one that answered', async () => {
    const del = (aid: string) => t.app.inject({ method: 'DELETE', url: `${C}/${campaign.id}/assignments/${aid}`, headers: { cookie: cityReviewer.cookie! } });
    expectError(await del(assignmentOf.A1.id), 409, 'CONFLICT');
    const r = await del(assignmentOf.B2.id);
    expect(r.statusCode, r.body).toBe(200);
    expectError(await cityReviewer.get(`${C}/${campaign.id}/assignments/${assignmentOf.B2.id}`), 404);
    // a whole city: only the unassigned household is added
    const again = await cityReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team2, regionCodes: ['5203'] });
    expect(again.json()).toEqual({ added: 1, skipped: 4, outsideScope: 0 });
    expectError(await cityReviewer.post(`${C}/${campaign.id}/assignments`, { teamId: team2, regionCodes: ['52030'] }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a bad questionnaire in a draft and the report to those who only answer', async () => {
    const zunyi = await orgByCode(t.deps, '5203');
    const d = (await cityReviewer.post<CampaignDto>(C, { name: '草稿调研', periodStart: '2026-12-01', periodEnd: '2026-12-31', scopeOrgIds: [zunyi.id] })).json();
    const before = await snapshotTables(t.deps.db);
    const q = sampleQuestions();
    const bad = await put(cityReviewer, `${C}/${d.id}/questionnaire`, { questions: [...q, { ...q[0] }], version: d.version });
    expect(expectError(bad, 400, 'VALIDATION_FAILED').message).toMatch(/questions\.7\.key/);
    expectError(await cityReviewer.post(`${C}/${d.id}/transition`, { to: 'open', version: d.version }), 409, 'CONFLICT');
    expectError(await cadreA.get(`${C}/${campaign.id}/report`), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('closing', () => {
  it('after closing, responses can no longer be added or changed', async () => {
    campaign = (await cityReviewer.get<CampaignDto>(`${C}/${campaign.id}`)).json();
    const r = await cityReviewer.post<CampaignDto>(`${C}/${campaign.id}/transition`, { to: 'closed', version: campaign.version });
    expect(r.json().status).toBe('closed');
    expectError(await investigator.post(`${C}/${campaign.id}/responses`, { id: randomUUID(), assignmentId: assignmentOf.A3.id, answers: answersA2 }), 409, 'CONFLICT');
    expectError(await put(investigator, `/api/v1/survey/responses/${responseIds.A1}`, { answers: answersA1, version: 1 }), 409, 'CONFLICT');
    expect(await worklistSections(t.deps.db, t.deps, await actorOfCookie(t.deps, investigatorCookie))).toEqual([]);
    const actions = await countRows(t.deps.db, 'audit_events', `entity_type like 'survey_%' and action like 'survey.%'`);
    expect(actions).toBeGreaterThanOrEqual(12);
  });
});
