import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FindingDto, SpotCheckDto } from '../src/contracts/oversight';
import { listAccountability } from '../src/server/modules/oversight/accountability.service';
import { worklistSections } from '../src/server/modules/oversight/spot-check.service';
import { loadSession } from '../src/server/modules/auth/auth.service';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { client, countRows, expectError, snapshotTables, type Client } from './support/http';
import { approvedHousehold } from './support/oversight';
import { householdInput } from './support/registry';

const t = useTestApp();
const P = '/api/v1/oversight';

let auditor: Client;
let farAuditor: Client;
let reviewer: Client;
let cadreCookie: string;
let cadreId: string;
let investigatorId: string;
let otherInvestigatorId: string;
let reviewerId: string;
let county: { id: string };
let otherCounty: { id: string };
const files: Array<{ id: string; archiveNo: string; orgId: string; investigatedBy: string }> = [];
let farFile: { id: string };

beforeAll(async () => {
  const g1 = await makeGrassroots(t.deps, { countyCode: '520302' });
  const g2 = await makeGrassroots(t.deps, { countyCode: '520302' });
  const g3 = await makeGrassroots(t.deps, { countyCode: '520303' });
  county = await orgByCode(t.deps, '520302');
  otherCounty = await orgByCode(t.deps, '520303');
  const cadre = await makeUser(t.deps, { orgId: g1.id, roles: ['cadre'] });
  cadreId = cadre.id;
  cadreCookie = await loginAs(t.app, cadre.username, PASSWORD);
  const cadre2Cookie = await loginAs(t.app, (await makeUser(t.deps, { orgId: g2.id, roles: ['cadre'] })).username, PASSWORD);
  const cadre3Cookie = await loginAs(t.app, (await makeUser(t.deps, { orgId: g3.id, roles: ['cadre'] })).username, PASSWORD);
  investigatorId = (await makeUser(t.deps, { orgCode: '520302', roles: ['investigator'] })).id;
  otherInvestigatorId = (await makeUser(t.deps, { orgCode: '520302', roles: ['investigator'] })).id;
  const rev = await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] });
  reviewerId = rev.id;
  reviewer = client(t.app, await loginAs(t.app, rev.username, PASSWORD));
  const aud = await makeUser(t.deps, { orgCode: '5203', roles: ['auditor'] });
  auditor = client(t.app, await loginAs(t.app, aud.username, PASSWORD));
  farAuditor = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520303', roles: ['auditor'] })).username, PASSWORD));
  // 12 files in one union, 8 in another; the first investigator visited every third file
  for (let i = 0; i < 20; i++) {
    const org = i < 12 ? g1 : g2;
    const inv = i % 3 === 0 ? investigatorId : otherInvestigatorId;
    const h = await approvedHousehold(t.app, t.deps, i < 12 ? cadreCookie : cadre2Cookie, org.id, { investigatedBy: inv, reviewedBy: reviewerId });
    files.push({ ...h, orgId: org.id, investigatedBy: inv });
  }
  farFile = await approvedHousehold(t.app, t.deps, cadre3Cookie, g3.id, { investigatedBy: otherInvestigatorId, reviewedBy: reviewerId }, '520303');
}, 240_000);

const draw = (over: Record<string, unknown> = {}) => ({ title: '红花岗区 2026 年第四季度抽查', orgId: county.id, percentBp: 2500, stratifyBy: 'org', seed: 'fixed-seed-42', ...over });

describe('drawing a sample', () => {
  it('a fixed seed draws the same sample twice', async () => {
    const a = await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw());
    expect(a.statusCode, a.body).toBe(201);
    const b = await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw());
    expect(b.statusCode, b.body).toBe(201);
    const A = a.json();
    const B = b.json();
    expect(A.id).not.toBe(B.id);
    expect(A.populationCount).toBe(20);
    expect(A.seed).toBe('fixed-seed-42');
    expect(A.sampleCount).toBe(5);
    expect(B.items.map((i) => i.householdId)).toEqual(A.items.map((i) => i.householdId));
    // stratified by union: 12 and 8 files → 3 and 2 of a 5-file sample
    expect(Object.values(A.perStratum).map((s) => [s.population, s.sampled]).sort()).toEqual([
      [12, 3],
      [8, 2],
    ]);
    expect(A.items.every((i) => files.some((f) => f.id === i.householdId))).toBe(true);
    expect(A.drawnByName).toBeTruthy();
    const other = (await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ seed: 'another-seed' }))).json();
    expect(other.items.map((i) => i.householdId)).not.toEqual(A.items.map((i) => i.householdId));
    // the draw and its seed are on the audit trail
    expect(await countRows(t.deps.db, 'audit_events', `action = 'oversight.spot_check.draw' and entity_id = '${A.id}' and after->>'seed' = 'fixed-seed-42'`)).toBe(1);
  });

  it('weights one investigator’s files', async () => {
    const r = (await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ count: 5, percentBp: undefined, stratifyBy: 'none', seed: 'w1', weights: { investigatorUserId: investigatorId, investigatorFactor: 100 } }))).json();
    const theirs = r.items.filter((i) => files.find((f) => f.id === i.householdId)!.investigatedBy === investigatorId).length;
    // 7 of 20 files, each weighing 100: unweighted about 1.75 of 5 would be theirs; weighted all but rarely one
    expect(theirs).toBeGreaterThanOrEqual(3);
  });

  it('lists the spot checks newest first, by pages', async () => {
    const p1 = await auditor.get<{ items: Array<{ id: string; openCount: number }>; nextCursor: string | null }>(`${P}/spot-checks?limit=2`);
    expect(p1.statusCode).toBe(200);
    expect(p1.json().items).toHaveLength(2);
    expect(p1.json().nextCursor).toBeTruthy();
    const p2 = await auditor.get<{ items: Array<{ id: string }> }>(`${P}/spot-checks?limit=2&cursor=${p1.json().nextCursor}`);
    expect(p2.json().items.map((i) => i.id)).not.toContain(p1.json().items[0].id);
  });

  it('refuses bad rules and writes nothing', async () => {
    const before = await snapshotTables(t.deps.db);
    expectError(await auditor.post(`${P}/spot-checks`, draw({ percentBp: undefined })), 400, 'VALIDATION_FAILED');
    expectError(await auditor.post(`${P}/spot-checks`, draw({ seed: 'has spaces' })), 400, 'VALIDATION_FAILED');
    expectError(await auditor.post(`${P}/spot-checks`, draw({ percentBp: 20000 })), 400, 'VALIDATION_FAILED');
    expectError(await auditor.post(`${P}/spot-checks`, draw({ statuses: ['exited'] })), 400, 'VALIDATION_FAILED'); // nothing to draw from
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('out of scope is 404; only auditors may draw', async () => {
    expectError(await farAuditor.post(`${P}/spot-checks`, draw()), 404, 'NOT_FOUND');
    const mine = (await auditor.get<{ items: Array<{ id: string }> }>(`${P}/spot-checks`)).json().items[0];
    expectError(await farAuditor.get(`${P}/spot-checks/${mine.id}`), 404, 'NOT_FOUND');
    expect((await farAuditor.get<{ items: unknown[] }>(`${P}/spot-checks`)).json().items).toEqual([]);
    expectError(await reviewer.post(`${P}/spot-checks`, draw()), 403, 'FORBIDDEN');
    expectError(await reviewer.get(`${P}/spot-checks`), 403, 'FORBIDDEN');
    expectError(await client(t.app, cadreCookie).get(`${P}/accountability`), 403, 'FORBIDDEN');
    // a county auditor draws from its own county only: the other county's file is never in its population
    const far = (await farAuditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ orgId: otherCounty.id, percentBp: 10000 }))).json();
    expect(far.items.map((i) => i.householdId)).toEqual([farFile.id]);
  });
});

describe('re-verification and findings', () => {
  let check: SpotCheckDto;
  beforeAll(async () => {
    check = (await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ percentBp: 10000, stratifyBy: 'none', seed: 'all-of-them' }))).json();
  });
  const itemOf = (householdId: string) => check.items.find((i) => i.householdId === householdId)!;

  it('records 符合, signed and final', async () => {
    const item = itemOf(files[1].id);
    const r = await auditor.post<FindingDto>(`${P}/items/${item.id}/outcome`, { outcome: 'conforms', notes: '入户复核，情况属实', recheckedOn: '2026-11-30' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().item.outcome).toBe('conforms');
    expect(r.json().item.signatureHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.json().item.recordedByName).toBeTruthy();
    expect(r.json().householdCancelled).toBe(false);
    expect(r.json().accountability).toEqual([]);
    expectError(await auditor.post(`${P}/items/${item.id}/outcome`, { outcome: 'nonconforming', cause: 'registration_error', notes: '改判', recheckedOn: '2026-11-30' }), 409, 'CONFLICT');
    expect(await countRows(t.deps.db, 'households', `id = '${files[1].id}' and status = 'approved'`)).toBe(1);
    // and the database keeps it so, whoever writes
    const refusal = (p: Promise<unknown>) => p.then(() => 'written', (e: { cause?: { message?: string } }) => e.cause?.message ?? String(e));
    expect(await refusal(t.deps.db.execute(sql`update spot_check_items set outcome = 'nonconforming' where id = ${item.id}`))).toMatch(/outcome is final/);
    expect(await refusal(t.deps.db.execute(sql`delete from spot_check_items where id = ${item.id}`))).toMatch(/outcome is final/);
  });

  it('refuses a finding without a cause, a future date, or from outside the scope — writing nothing', async () => {
    const item = itemOf(files[2].id);
    const before = await snapshotTables(t.deps.db);
    expectError(await auditor.post(`${P}/items/${item.id}/outcome`, { outcome: 'nonconforming', notes: '不符合', recheckedOn: '2026-11-30' }), 400, 'VALIDATION_FAILED');
    expectError(await auditor.post(`${P}/items/${item.id}/outcome`, { outcome: 'conforms', notes: '符合', recheckedOn: '2026-12-30' }), 400, 'VALIDATION_FAILED');
    expectError(await farAuditor.post(`${P}/items/${item.id}/outcome`, { outcome: 'conforms', notes: '符合', recheckedOn: '2026-11-30' }), 404, 'NOT_FOUND');
    expectError(await farAuditor.get(`${P}/items/${item.id}/finding`), 404, 'NOT_FOUND');
    expectError(await reviewer.post(`${P}/items/${item.id}/outcome`, { outcome: 'conforms', notes: '符合', recheckedOn: '2026-11-30' }), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a 不符合 finding cancels the file, names the signers, opens accountability and obligations', async () => {
    const f = files[0]; // investigated by the first investigator, registered by the cadre, reviewed by the reviewer
    const item = itemOf(f.id);
    const r = await auditor.post<FindingDto>(`${P}/items/${item.id}/outcome`, { outcome: 'nonconforming', cause: 'investigator_falsified', notes: '复核发现家庭有稳定经营收入，调查记录与实际不符', recheckedOn: '2026-11-30' });
    expect(r.statusCode, r.body).toBe(200);
    const fd = r.json();
    expect(fd.householdCancelled).toBe(true);
    expect(fd.item.cause).toBe('investigator_falsified');
    // 谁调查、谁登记、谁审核、谁负责
    expect(Object.fromEntries(fd.signers.map((s) => [s.role, s.userId]))).toEqual({ investigated: investigatorId, registered: cadreId, reviewed: reviewerId, responsible: reviewerId });
    expect(fd.signers.every((s) => s.name.length > 0)).toBe(true);
    expect(fd.accountability).toHaveLength(1);
    expect(fd.accountability[0]).toMatchObject({ subjectUserId: investigatorId, signerRole: 'investigated', action: 'rectification_order', status: 'open', deadline: '2026-12-30', overdue: false });
    expect(fd.obligations.map((o) => [o.kind, o.status, o.amountFen]).sort()).toEqual([
      ['recover_paid_aid', 'open', null],
      ['revoke_pending_aid', 'open', null],
    ]);
    // 倒查: the investigator's other files (every third file but this one)
    const theirs = files.filter((x) => x.investigatedBy === investigatorId && x.id !== f.id).map((x) => x.id).sort();
    expect(fd.otherFiles.map((o) => o.householdId).sort()).toEqual(theirs);
    expect(fd.otherFiles.every((o) => o.roles.includes('investigated'))).toBe(true);

    // the household's history: the cancellation signed by the auditor with the finding as reason, and the audit trail
    const hist = await auditor.get<{ items: Array<{ toStatus: string; signerRole: string; actorName: string; reason: string; details: Record<string, unknown> }>; audit: Array<{ action: string; after: Record<string, unknown> }> }>(`/api/v1/registry/households/${f.id}/history`);
    expect(hist.statusCode).toBe(200);
    const last = hist.json().items.at(-1)!;
    expect(last).toMatchObject({ toStatus: 'cancelled', signerRole: 'cancelled' });
    expect(last.reason).toContain('调查人员造假');
    expect(last.details).toMatchObject({ orderedBy: 'spot_check_finding', findingId: item.id });
    const actions = hist.json().audit.map((a) => a.action);
    expect(actions).toContain('registry.household.cancelled_by_finding');
    const named = hist.json().audit.find((a) => a.action === 'oversight.finding.nonconforming')!;
    expect((named.after.signers as Array<{ userId: string }>).map((s) => s.userId)).toEqual(expect.arrayContaining([investigatorId, cadreId, reviewerId]));
    const h = await auditor.get<{ status: string; cancelReason: string; version: number }>(`/api/v1/registry/households/${f.id}`);
    expect(h.json()).toMatchObject({ status: 'cancelled', cancelReason: 'ineligible' });
    // the audit log
    for (const a of ['oversight.finding.record', 'oversight.accountability.open', 'oversight.obligation.record']) expect(await countRows(t.deps.db, 'audit_events', `action = '${a}'`)).toBeGreaterThan(0);
    // the finding reads back the same
    const again = await auditor.get<FindingDto>(`${P}/items/${item.id}/finding`);
    expect(again.json().accountability.map((a) => a.id)).toEqual(fd.accountability.map((a) => a.id));
    expect(again.json().chain.map((c) => c.toStatus)).toEqual(['draft', 'submitted', 'verified', 'approved', 'cancelled']);
  });

  it('a follow-up sample draws only from the files the implicated people signed', async () => {
    const item = itemOf(files[0].id);
    const r = await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ title: '倒查跟进抽查', percentBp: 10000, stratifyBy: 'none', seed: 'follow-up', signedBy: [investigatorId], followUpOfItemId: item.id }));
    expect(r.statusCode, r.body).toBe(201);
    const theirs = files.filter((x) => x.investigatedBy === investigatorId && x.id !== files[0].id).map((x) => x.id).sort();
    expect(r.json().items.map((i) => i.householdId).sort()).toEqual(theirs);
    expect(r.json().followUpOfItemId).toBe(item.id);
  });

  it('the auditor may adjust who is held to account', async () => {
    const item = itemOf(files[4].id);
    const r = await auditor.post<FindingDto>(`${P}/items/${item.id}/outcome`, {
      outcome: 'nonconforming',
      cause: 'registration_error',
      notes: '家庭人口登记有误',
      recheckedOn: '2026-11-30',
      accountability: [
        { role: 'registered', action: 'written_self_criticism', deadline: '2026-12-10' },
        { role: 'reviewed', action: 'criticism', deadline: '2026-12-20' },
      ],
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().accountability.map((a) => [a.subjectUserId, a.action, a.deadline])).toEqual([
      [cadreId, 'written_self_criticism', '2026-12-10'],
      [reviewerId, 'criticism', '2026-12-20'],
    ]);
  });

  it('two auditors recording at once: one wins, the other gets a conflict', async () => {
    const item = itemOf(files[5].id);
    const body = { outcome: 'conforms', notes: '符合', recheckedOn: '2026-11-30' };
    const rs = await Promise.all([auditor.post(`${P}/items/${item.id}/outcome`, body), auditor.post(`${P}/items/${item.id}/outcome`, body)]);
    expect(rs.map((x) => x.statusCode).sort()).toEqual([200, 409]);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'oversight.finding.record' and entity_id = '${item.id}'`)).toBe(1);
  });
});

describe('a finding on a file still in verification', () => {
  it('cancels the file and ends its open verification task', async () => {
    const g = await makeGrassroots(t.deps, { countyCode: '520302' });
    const c = await makeUser(t.deps, { orgId: g.id, roles: ['cadre'] });
    const cookie = await loginAs(t.app, c.username, PASSWORD);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/registry/households', headers: { cookie }, payload: householdInput(g.id) as unknown as Record<string, unknown> });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const sub = await t.app.inject({ method: 'POST', url: `/api/v1/registry/households/${id}/transition`, headers: { cookie }, payload: { to: 'submitted', reason: '摸底上报', version: 1 } });
    expect(sub.statusCode, sub.body).toBe(200);
    expect(await countRows(t.deps.db, 'verification_tasks', `household_id = '${id}' and status in ('pending', 'assigned')`)).toBe(1);
    const check = (await auditor.post<SpotCheckDto>(`${P}/spot-checks`, draw({ orgId: g.id, statuses: ['submitted'], percentBp: 10000, seed: 'in-verification' }))).json();
    expect(check.items.map((i) => i.householdId)).toEqual([id]);
    const r = await auditor.post<FindingDto>(`${P}/items/${check.items[0].id}/outcome`, { outcome: 'nonconforming', cause: 'applicant_concealed', notes: '申请人隐瞒家庭经营收入', recheckedOn: '2026-11-30' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().householdCancelled).toBe(true);
    // nobody investigated it yet: the default (the investigator) names no one
    expect(r.json().accountability).toEqual([]);
    expect(await countRows(t.deps.db, 'verification_tasks', `household_id = '${id}' and status in ('pending', 'assigned')`)).toBe(0);
    expect(await countRows(t.deps.db, 'household_members', `household_id = '${id}' and open`)).toBe(0);
  });
});

describe('accountability', () => {
  it('lists with filters, closes once, exports to Excel', async () => {
    const all = await auditor.get<{ items: Array<{ id: string; action: string; status: string }> }>(`${P}/accountability`);
    expect(all.statusCode).toBe(200);
    expect(all.json().items).toHaveLength(3);
    const written = await auditor.get<{ items: Array<{ id: string; subjectUserId: string }> }>(`${P}/accountability?action=written_self_criticism`);
    expect(written.json().items.map((i) => i.subjectUserId)).toEqual([cadreId]);
    expect((await farAuditor.get<{ items: unknown[] }>(`${P}/accountability`)).json().items).toEqual([]);

    const id = written.json().items[0].id;
    expectError(await farAuditor.post(`${P}/accountability/${id}/close`, { closingNote: '已提交书面检查' }), 404, 'NOT_FOUND');
    const closed = await auditor.post<{ status: string; closingNote: string; closedByName: string }>(`${P}/accountability/${id}/close`, { closingNote: '已提交书面检查' });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', closingNote: '已提交书面检查' });
    expectError(await auditor.post(`${P}/accountability/${id}/close`, { closingNote: '再次' }), 409, 'CONFLICT');
    expect((await auditor.get<{ items: unknown[] }>(`${P}/accountability?status=open`)).json().items).toHaveLength(2);

    const x = await t.app.inject({ method: 'GET', url: `${P}/accountability/export?status=open`, headers: { cookie: auditor.cookie! } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(3).value).toBe('被追责人');
    expect(ws.rowCount).toBe(3);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'oversight.accountability.export'`)).toBe(1);
  });

  it('worklist: open sample items and overdue accountability', async () => {
    const session = async (c: Client) => {
      const token = c.cookie!.split('=')[1];
      const s = await loadSession(t.deps, token, { ip: null, userAgent: null, requestId: null });
      if (!s || !('actor' in s)) throw new Error('no session');
      return s.actor;
    };
    const actor = await session(auditor);
    let sections = await worklistSections(t.deps.db, t.deps, actor);
    expect(sections.map((s) => s.key)).toEqual(['oversight.open_sample_items', 'oversight.overdue_accountability']);
    expect(sections[0].total).toBeGreaterThan(0);
    expect(sections[0].items[0].href).toMatch(/^\/oversight\/spot-checks\//);
    expect(sections[1].total).toBe(0);
    t.clock.advance(40 * 86_400_000);
    try {
      sections = await worklistSections(t.deps.db, t.deps, actor);
      expect(sections[1].total).toBe(2);
      expect(sections[1].items.every((i) => i.overdue && i.dueDate! < '2027-01-09')).toBe(true);
      // (the session would have expired by then: the list is asked of the service)
      expect((await listAccountability(t.deps.db, t.deps, actor, { overdue: 'true', limit: 50 })).items.map((i) => i.overdue)).toEqual([true, true]);
    } finally {
      t.clock.advance(-40 * 86_400_000);
    }
    expect(await worklistSections(t.deps.db, t.deps, await session(reviewer))).toEqual([]);
  });
});
