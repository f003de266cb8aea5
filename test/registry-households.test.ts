import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/server/demo/seed';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { expectError } from './support/http';
import { householdInput, uniqueId } from './support/registry';
import { verifyByVisit } from './support/verification';

const t = useTestApp();
const H = '/api/v1/registry/households';
let grassroots: { id: string };
let otherCounty: { id: string };
let cadre: string;
let cadreId: string;
let reviewerA: string;
let reviewerAId: string;
let reviewerB: string;
let reviewerBId: string;
let otherCadre: string;
let countyRevealer: string;
let auditor: string;

beforeAll(async () => {
  await seedDemo(t.deps);
  grassroots = await makeGrassroots(t.deps, { countyCode: '520302' });
  otherCounty = await makeGrassroots(t.deps, { countyCode: '520303' });
  const c = await makeUser(t.deps, { orgId: grassroots.id, roles: ['cadre'] });
  cadreId = c.id;
  cadre = await loginAs(t.app, c.username, PASSWORD);
  const ra = await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer', 'investigator'] });
  reviewerAId = ra.id;
  reviewerA = await loginAs(t.app, ra.username, PASSWORD);
  const rb = await makeUser(t.deps, { orgCode: '5203', roles: ['reviewer'] });
  reviewerBId = rb.id;
  reviewerB = await loginAs(t.app, rb.username, PASSWORD);
  otherCadre = await loginAs(t.app, (await makeUser(t.deps, { orgId: otherCounty.id, roles: ['cadre'] })).username, PASSWORD);
  countyRevealer = reviewerA;
  auditor = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['auditor'] })).username, PASSWORD);
});

async function create(cookie: string, body: unknown) {
  return t.app.inject({ method: 'POST', url: H, headers: { cookie }, payload: body as Record<string, unknown> });
}
async function move(cookie: string, id: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `${H}/${id}/transition`, headers: { cookie }, payload: body });
}

describe('household file', () => {
  it('creates a draft with derived figures and an explained identification', async () => {
    const res = await create(cadre, householdInput(grassroots.id));
    expect(res.statusCode, res.body).toBe(201);
    const h = res.json();
    expect(h.status).toBe('draft');
    expect(h.archiveNo).toBeNull();
    expect(h.size).toBe(3);
    expect(h.annualIncomeFen).toBe(12 * 240000);
    expect(h.rigidSpendingFen).toBe(600000);
    expect(h.students).toBe(1);
    expect(h.seriousIllness).toBe(true);
    // 2,880,000 / 12 / 3 = 80,000 ≤ 1.5 × 56,000 → near_dibao; (2,880,000 − 600,000)/36 = 63,333 < 112,000 → relative
    expect(h.category).toBe('near_dibao');
    expect(h.level).toBe('relative');
    expect(h.identification.reasons[0].zh).toBe('人均月收入 800.00 元 ≤ 1.5 × 低保标准 560.00 元（840.00 元）');
    expect(h.members[0].idNumber).toMatch(/^5203\*{10}\d{3}[\dX]$/);
    expect(h.members[0].phone).toBe('139****1234');
    expect(h.members[2].age).toBeGreaterThanOrEqual(18);
    expect(h.bankAccount).toBe('************5678');
    expect(h.signers.registeredBy.userId).toBe(cadreId);
    expect(h.allowedTransitions).toEqual(['submitted']);
  });

  it('stores no personal data in clear', async () => {
    const body = householdInput(grassroots.id);
    const res = await create(cadre, body);
    const id = res.json().id;
    const raw = rowsOf<{ t: string }>(await t.deps.db.execute(sql`select (h.*)::text || string_agg((m.*)::text, '|') as t from households h join household_members m on m.household_id = h.id where h.id = ${id} group by h.*`));
    for (const m of body.members) expect(raw[0].t).not.toContain(m.idNumber);
    expect(raw[0].t).not.toContain('13985001234');
    expect(raw[0].t).not.toContain('6214830012345678');
  });

  it('validates members: one worker, valid and distinct ID numbers', async () => {
    const input = householdInput(grassroots.id);
    const twoWorkers = { ...input, members: input.members.map((m) => ({ ...m, relation: 'self' as const })) };
    expectError(await create(cadre, twoWorkers), 400, 'VALIDATION_FAILED');
    const badId = { ...input, members: [{ ...input.members[0], idNumber: input.members[0].idNumber.slice(0, 17) + (input.members[0].idNumber.endsWith('1') ? '2' : '1') }] };
    const e = expectError(await create(cadre, badId), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toContain('members.0');
    const dupInside = { ...input, members: [input.members[0], { ...input.members[1], idNumber: input.members[0].idNumber }] };
    expectError(await create(cadre, dupInside), 400, 'VALIDATION_FAILED');
    const cityRegion = { ...input, regionCode: '520300' };
    expectError(await create(cadre, cityRegion), 400, 'VALIDATION_FAILED');
  });

  it('one open file per person province-wide; the conflict names the other file, masked out of scope', async () => {
    const first = householdInput(grassroots.id);
    expect((await create(cadre, first)).statusCode).toBe(201);
    // the same spouse reported again in the same county: named in full
    const again = householdInput(grassroots.id, { members: [{ ...householdInput(grassroots.id).members[0] }, first.members[1]] });
    const inScope = expectError(await create(cadre, again), 409, 'CONFLICT');
    expect(JSON.stringify(inScope.details)).toContain('members.1.idNumber');
    expect(inScope.message).toContain(grassroots.id ? '测试工会' : '');
    // reported by another county: the other file's org is masked, nothing personal is said
    const fromOther = householdInput(otherCounty.id, { regionCode: '520303', members: [{ ...householdInput(otherCounty.id).members[0], idNumber: uniqueId('520303') }, first.members[1]] });
    const outOfScope = expectError(await create(otherCadre, fromOther), 409, 'CONFLICT');
    expect(outOfScope.message).toContain('测*');
    expect(outOfScope.message).not.toContain('李四');
    expect(outOfScope.message).not.toContain(first.members[1].idNumber);
  });

  it('a county cadre cannot see or change another county’s files (404)', async () => {
    const h = (await create(cadre, householdInput(grassroots.id))).json();
    expectError(await t.app.inject({ method: 'GET', url: `${H}/${h.id}`, headers: { cookie: otherCadre } }), 404, 'NOT_FOUND');
    expectError(await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: otherCadre }, payload: { ...householdInput(grassroots.id), version: 1 } }), 404);
    const list = (await t.app.inject({ method: 'GET', url: `${H}?limit=200`, headers: { cookie: otherCadre } })).json();
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(h.id);
    // and cannot file into another county's union
    expectError(await create(otherCadre, householdInput(grassroots.id)), 404);
  });

  it('edits re-identify, with optimistic locking', async () => {
    const h = (await create(cadre, householdInput(grassroots.id))).json();
    const input = householdInput(grassroots.id, { receivesDibao: true, dibaoCertificateNo: 'DB-2026-001' });
    input.members = h.members.map((m: { name: string; relation: string }, i: number) => ({ ...householdInput(grassroots.id).members[i], name: m.name, relation: m.relation, idNumber: undefined as unknown as string }));
    // keep the original ID numbers: re-use those of the first create by reading them back through reveal
    const ids: string[] = [];
    for (const m of h.members) {
      const r = await t.app.inject({ method: 'POST', url: `${H}/${h.id}/members/${m.id}/reveal`, headers: { cookie: countyRevealer }, payload: { fields: ['idNumber'], reason: '修改档案核对' } });
      ids.push(r.json().idNumber);
    }
    input.members = input.members.map((m, i) => ({ ...m, idNumber: ids[i] }));
    const ok = await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: { ...input, version: 1 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().category).toBe('dibao');
    expect(ok.json().version).toBe(2);
    expectError(await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: { ...input, version: 1 } }), 409, 'CONFLICT');
  });
});

describe('editing with personal data seen only masked', () => {
  it('keeps stored ID numbers, phones and the bank account when left out; null clears; a new member needs an ID', async () => {
    const input = householdInput(grassroots.id);
    const h = (await create(cadre, input)).json();
    const edit = {
      ...input,
      bankAccount: undefined,
      version: h.version,
      members: h.members.map((m: { id: string; name: string }, i: number) => {
        const { idNumber: _id, phone: _p, ...rest } = input.members[i];
        return { ...rest, id: m.id, name: m.name };
      }),
    };
    edit.members[1] = { ...edit.members[1], monthlyIncomeFen: { wage: 150000 } };
    const res = await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: edit });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json();
    expect(after.members.map((m: { idNumber: string }) => m.idNumber)).toEqual(h.members.map((m: { idNumber: string }) => m.idNumber));
    expect(after.members[0].phone).toBe('139****1234');
    // the income changed: the edit is this month's observation for the exit rule (dynamic management)
    const income = (await t.app.inject({ method: 'GET', url: `/api/v1/dynamic/households/${h.id}/income`, headers: { cookie: cadre } })).json();
    expect(income.items).toEqual([expect.objectContaining({ month: '2026-11', source: 'edit', perCapitaIncomeFen: after.identification.perCapitaMonthlyIncomeFen })]);
    expect(after.identification.perCapitaMonthlyIncomeFen).not.toBe(h.identification.perCapitaMonthlyIncomeFen);
    expect(after.bankAccount).toBe('************5678');
    expect(after.annualIncomeFen).toBe(12 * 270000);
    const revealed = await t.app.inject({ method: 'POST', url: `${H}/${h.id}/members/${after.members[0].id}/reveal`, headers: { cookie: countyRevealer }, payload: { fields: ['idNumber'], reason: '核对' } });
    expect(revealed.json().idNumber).toBe(input.members[0].idNumber);

    const cleared = { ...edit, version: after.version, bankAccount: null, members: edit.members.map((m: object, i: number) => (i === 0 ? { ...m, phone: null } : m)) };
    const c = (await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: cleared })).json();
    expect(c.members[0].phone).toBeNull();
    expect(c.bankAccount).toBeNull();

    const newcomer = { ...cleared, version: c.version, members: [...cleared.members, { name: '张小明', relation: 'child', health: 'healthy', schoolingStage: 'primary', employment: 'not_working', monthlyIncomeFen: {} }] };
    const e = expectError(await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: newcomer }), 400, 'VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toContain('members.3.idNumber');
    const other = (await create(cadre, householdInput(grassroots.id))).json();
    const foreign = { ...cleared, version: c.version, members: [...cleared.members.slice(0, 2), { ...cleared.members[2], id: other.members[0].id }] };
    expectError(await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: foreign }), 400, 'VALIDATION_FAILED');
  });
});

describe('lifecycle with signers and separation of duties', () => {
  it('draft → submitted → verified → approved issues an archive number and starts a plan; exit and re-open', async () => {
    let h = (await create(cadre, householdInput(grassroots.id))).json();
    h = (await move(cadre, h.id, { to: 'submitted', reason: '摸底上报', version: h.version })).json();
    expect(h.status).toBe('submitted');
    // a cadre cannot verify
    expectError(await move(cadre, h.id, { to: 'verified', reason: '核查', version: h.version }), 403, 'TRANSITION_REFUSED');
    // a submitted file has a verification task: only the investigator's signed visit verifies it
    const direct = expectError(await move(reviewerA, h.id, { to: 'verified', reason: '入户核查属实', version: h.version }), 400, 'TRANSITION_REFUSED');
    expect(direct.message).toContain('入户核查');
    h = await verifyByVisit(t, h.id, { investigator: reviewerA, investigatorId: reviewerAId });
    expect(h.status).toBe('verified');
    // whoever verified cannot approve
    const self = expectError(await move(reviewerA, h.id, { to: 'approved', reason: '审批', version: h.version }), 400, 'TRANSITION_REFUSED');
    expect(self.message).toContain('核查人不能审批');
    const a = await move(reviewerB, h.id, { to: 'approved', reason: '审核建档', version: h.version });
    expect(a.statusCode, a.body).toBe(200);
    h = a.json();
    expect(h.status).toBe('approved');
    expect(h.archiveNo).toMatch(/^520302-2026-\d{6}$/);
    expect(h.signers.reviewedBy.userId).toBe(reviewerBId);
    expect(h.signers.responsible.userId).toBe(reviewerBId);
    const plan = (await t.app.inject({ method: 'GET', url: `${H}/${h.id}/plan`, headers: { cookie: cadre } })).json().plan;
    expect(plan.targetExitDate).toBe('2027-11-30');

    h = (await move(reviewerB, h.id, { to: 'exited', reason: '再就业，收入超过边缘线', version: h.version })).json();
    expect(h.status).toBe('exited');
    expectError(await t.app.inject({ method: 'PUT', url: `${H}/${h.id}`, headers: { cookie: cadre }, payload: { ...householdInput(grassroots.id), version: h.version } }), 409);
    const archiveNo = h.archiveNo;
    h = (await move(reviewerB, h.id, { to: 'approved', reason: '返困，重新纳入', version: h.version })).json();
    expect(h.status).toBe('approved');
    expect(h.archiveNo).toBe(archiveNo);

    const history = (await t.app.inject({ method: 'GET', url: `${H}/${h.id}/history`, headers: { cookie: cadre } })).json();
    expect(history.items.map((e: { toStatus: string; signerRole: string }) => `${e.toStatus}:${e.signerRole}`)).toEqual([
      'draft:registered',
      'submitted:registered',
      'verified:investigated',
      'approved:reviewed',
      'exited:exited',
      'approved:reopened',
    ]);
    expect(history.audit.length).toBeGreaterThanOrEqual(6);
  });

  it('the registrar cannot verify their own file; a stale version is refused; cancel needs its reason', async () => {
    const reviewerCadre = await makeUser(t.deps, { orgId: grassroots.id, roles: ['reviewer'] });
    const rc = await loginAs(t.app, reviewerCadre.username, PASSWORD);
    let h = (await create(rc, householdInput(grassroots.id))).json();
    h = (await move(rc, h.id, { to: 'submitted', reason: '上报', version: h.version })).json();
    expect(h.status, JSON.stringify(h)).toBe('submitted');
    const e = expectError(await move(rc, h.id, { to: 'verified', reason: '核查', version: h.version }), 400, 'TRANSITION_REFUSED');
    expect(e.message).toContain('登记人不能核查');
    expectError(await move(reviewerA, h.id, { to: 'verified', reason: '核查', version: 1 }), 409, 'CONFLICT');
    expectError(await move(reviewerA, h.id, { to: 'cancelled', reason: '不符合', version: h.version }), 400, 'TRANSITION_REFUSED');
    const c = await move(reviewerA, h.id, { to: 'cancelled', reason: '重复上报', cancelReason: 'duplicate', version: h.version });
    expect(c.json().status).toBe('cancelled');
    expectError(await move(reviewerA, h.id, { to: 'approved', reason: '直接建档', version: c.json().version }), 400, 'TRANSITION_REFUSED');
  });

  it('a not-eligible household cannot be approved', async () => {
    const rich = householdInput(grassroots.id, { medicalOutOfPocketFen: 0, schoolingSpendingFen: 0 });
    rich.members = rich.members.map((m) => ({ ...m, monthlyIncomeFen: { wage: 500000 } }));
    let h = (await create(cadre, rich)).json();
    expect(h.category).toBe('not_eligible');
    h = (await move(cadre, h.id, { to: 'submitted', reason: '上报', version: h.version })).json();
    h = await verifyByVisit(t, h.id);
    const e = expectError(await move(reviewerB, h.id, { to: 'approved', reason: '建档', version: h.version }), 400, 'TRANSITION_REFUSED');
    expect(e.message).toContain('不符合建档条件');
  });

  it('cancelling frees the person for a new file; re-opening an exited file whose member is filed again is refused', async () => {
    const input = householdInput(grassroots.id);
    let h = (await create(cadre, input)).json();
    h = (await move(cadre, h.id, { to: 'submitted', reason: '上报', version: h.version })).json();
    h = await verifyByVisit(t, h.id);
    h = (await move(reviewerB, h.id, { to: 'approved', reason: '建档', version: h.version })).json();
    h = (await move(reviewerB, h.id, { to: 'exited', reason: '脱困', version: h.version })).json();
    // the worker is filed again in a new household
    const again = householdInput(grassroots.id, { members: [input.members[0]] });
    expect((await create(cadre, again)).statusCode).toBe(201);
    expectError(await move(reviewerB, h.id, { to: 'approved', reason: '返困', version: h.version }), 409, 'CONFLICT');
  });
});

describe('search and lists', () => {
  it('finds by name, pinyin initials, exact ID, phone and archive number; filters; keyset pages', async () => {
    const input = householdInput(grassroots.id, { members: [{ ...householdInput(grassroots.id).members[0], name: '欧阳明', phone: '13700001111' }] });
    const created = await create(cadre, input);
    expect(created.statusCode, created.body).toBe(201);
    const h = created.json();
    const find = async (q: string) => (await t.app.inject({ method: 'GET', url: `${H}?q=${encodeURIComponent(q)}`, headers: { cookie: cadre } })).json().items.map((x: { id: string }) => x.id);
    expect(await find('欧阳')).toContain(h.id);
    expect(await find('oym')).toContain(h.id);
    expect(await find(input.members[0].idNumber)).toEqual([h.id]);
    expect(await find('13700001111')).toEqual([h.id]);
    expect(await find('遵义轮胎')).toContain(h.id);
    const filtered = (await t.app.inject({ method: 'GET', url: `${H}?category=not_eligible&seriousIllness=true&hasStudents=false`, headers: { cookie: cadre } })).json();
    expect(filtered.items.map((x: { id: string }) => x.id)).toContain(h.id);
    // pages: every file exactly once
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${H}?limit=3&sort=workerName&order=asc${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: { cookie: reviewerB } })).json();
      seen.push(...page.items.map((x: { id: string }) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from households where region_code like '5203%'`))[0].n;
    expect(seen.length).toBe(all);
    expect(new Set(seen).size).toBe(all);
    expectError(await t.app.inject({ method: 'GET', url: `${H}?cursor=bm9wZQ`, headers: { cookie: cadre } }), 400);
  });

  it('exports the filtered list as .xlsx, masked, and the export is audited', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${H}/export?regionCode=520302`, headers: { cookie: cadre } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const events = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?action=registry.household.export', headers: { cookie: auditor } })).json().items;
    expect(events.length).toBeGreaterThan(0);
    expect(events[0].after.rows).toBeGreaterThan(0);
  });
});

describe('four looks, plan and measures', () => {
  it('records four-looks with scores and summarises the latest on the file', async () => {
    const h = (await create(cadre, householdInput(grassroots.id))).json();
    const r = await t.app.inject({ method: 'POST', url: `${H}/${h.id}/four-looks`, headers: { cookie: cadre }, payload: { housing: 'poor', food: 'tight', labour: 'weak', students: 'college', visitDate: '2026-11-28' } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().totalScore).toBe(75);
    expectError(await t.app.inject({ method: 'POST', url: `${H}/${h.id}/four-looks`, headers: { cookie: cadre }, payload: { housing: 'castle', food: 'tight', labour: 'weak', students: 'none', visitDate: '2026-11-28' } }), 400);
    expectError(await t.app.inject({ method: 'POST', url: `${H}/${h.id}/four-looks`, headers: { cookie: cadre }, payload: { housing: 'poor', food: 'tight', labour: 'weak', students: 'none', visitDate: '2027-01-01' } }), 400);
    const again = (await t.app.inject({ method: 'GET', url: `${H}/${h.id}`, headers: { cookie: cadre } })).json();
    expect(again.fourLooksLatest.totalScore).toBe(75);
  });

  it('measures with a responsible cadre; overdue ones are listed', async () => {
    let h = (await create(cadre, householdInput(grassroots.id))).json();
    h = (await move(cadre, h.id, { to: 'submitted', reason: '上报', version: h.version })).json();
    h = await verifyByVisit(t, h.id);
    h = (await move(reviewerB, h.id, { to: 'approved', reason: '建档', version: h.version })).json();
    const p1 = await t.app.inject({ method: 'POST', url: `${H}/${h.id}/plan/measures`, headers: { cookie: cadre }, payload: { type: 'employment', description: '推荐到社区公益岗位', responsibleUserId: cadreId, dueDate: '2026-10-31' } });
    expect(p1.statusCode, p1.body).toBe(200);
    const m = p1.json().measures[0];
    expect(m.overdue).toBe(true);
    const overdue = (await t.app.inject({ method: 'GET', url: '/api/v1/registry/measures/overdue', headers: { cookie: cadre } })).json().items;
    expect(overdue.map((x: { id: string }) => x.id)).toContain(m.id);
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/v1/registry/measures/${m.id}`, headers: { cookie: cadre }, payload: { status: 'done' } }), 400);
    const done = await t.app.inject({ method: 'PATCH', url: `/api/v1/registry/measures/${m.id}`, headers: { cookie: cadre }, payload: { status: 'done', outcome: '已上岗，月收入 2,200 元' } });
    expect(done.json().measures[0].overdue).toBe(false);
    expect(done.json().measures[0].completedAt).not.toBeNull();
    expectError(await t.app.inject({ method: 'PATCH', url: `/api/v1/registry/measures/${m.id}`, headers: { cookie: otherCadre }, payload: { status: 'cancelled' } }), 404);
    const plan = await t.app.inject({ method: 'PUT', url: `${H}/${h.id}/plan`, headers: { cookie: cadre }, payload: { targetExitDate: '2027-06-30', goal: '一人稳定就业' } });
    expect(plan.json().targetExitDate).toBe('2027-06-30');
  });
});
