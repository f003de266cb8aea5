import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwardDto, EligibilityResult, NoticeDto, ObjectionDto, ProgramDto, RulesVersionDto } from '../src/contracts/aid';
import type { WorklistDto } from '../src/contracts/worklist';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { type AidWorld, aidWorld, apply, approve, confirmAfterNotice, createProgram, openFile, publish, studentAidInput } from './support/aid';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { client, countRows, expectError, snapshotTables } from './support/http';

const t = useTestApp();
const A = '/api/v1/aid';
let w: AidWorld;

const balance = async (code: string) => Number(rowsOf<{ b: string }>(await t.deps.db.execute(sql`select balance_fen::text as b from ledger_accounts where code = ${code}`))[0]?.b ?? NaN);

beforeAll(async () => {
  w = await aidWorld(t);
});

describe('programs', () => {
  it('a reviewer of the funding org creates a program; its budget is allocated from the fund in the ledger', async () => {
    const p = await createProgram(w, { budgetFen: 2_000_000 });
    expect(p.code).toMatch(/^AP-2026-\d{4}$/);
    expect(p).toMatchObject({ type: 'student_aid', budgetFen: 2_000_000, availableFen: 2_000_000, committedFen: 0, currentVersion: 1, status: 'open' });
    expect(await balance(`budget:${p.code}`)).toBe(2_000_000);
    expect(await balance(`payable:${p.code}`)).toBe(0);
    const events = rowsOf<{ action: string }>(await t.deps.db.execute(sql`select action from audit_events where entity_id = ${p.id}`));
    expect(events.map((e) => e.action)).toContain('aid.program.create');
  });

  it.each<[string, Record<string, unknown>]>([
    ['negative budget', { budgetFen: -1 }],
    ['fractional fen', { budgetFen: 10.5 }],
    ['window ends before it starts', { windowStart: '2026-10-01', windowEnd: '2026-09-01' }],
    ['student aid without stages', { eligibility: { categories: [], levels: [], causes: [], studentStages: [], unionMembersOnly: false }, amount: { mode: 'fixed', amountFen: 1000 } }],
    ['custom type without its name', { type: 'custom' }],
    ['all amounts zero', { amount: { mode: 'by_stage', amounts: { university: 0 } } }],
  ])('refuses %s with a clear error and writes nothing', async (_n, over) => {
    const before = await snapshotTables(t.deps.db);
    const r = await w.reviewer.post(`${A}/programs`, { ...studentAidInput(w.county.id), ...over });
    expect(r.statusCode).toBe(400);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a cadre cannot create a program; a reviewer cannot fund from an org outside their subtree', async () => {
    expectError(await w.cadre.post(`${A}/programs`, studentAidInput(w.county.id)), 403, 'FORBIDDEN');
    const r = await w.reviewer.post(`${A}/programs`, studentAidInput(w.union.id));
    expect(r.statusCode).toBe(201); // the union below the county is in the reviewer's subtree
    const province = rowsOf<{ id: string }>(await t.deps.db.execute(sql`select id from orgs where code = '52'`))[0];
    expect((await w.reviewer.post(`${A}/programs`, studentAidInput(province.id))).statusCode).toBe(400);
  });

  it('new rules make a new version; the award keeps the version it was made under', async () => {
    const p = await createProgram(w);
    const h = await openFile(t, w);
    const first = await apply(w, p.id, h.id);
    expect(first).toMatchObject({ programVersion: 1, amountFen: 500000 });
    const r = await w.reviewer.post<ProgramDto>(`${A}/programs/${p.id}/rules`, { version: p.version, eligibility: p.rules.eligibility, amount: { mode: 'by_stage', amounts: { university: 600000, vocational_college: 300000 } }, note: '提高大学标准' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ currentVersion: 2, rules: { version: 2, amount: { amounts: { university: 600000 } } } });
    const history = (await w.reviewer.get<RulesVersionDto[]>(`${A}/programs/${p.id}/rules`)).json();
    expect(history.map((v) => v.version)).toEqual([2, 1]);
    const again = (await w.cadre.get<AwardDto>(`${A}/awards/${first.id}`)).json();
    expect(again).toMatchObject({ programVersion: 1, amountFen: 500000 });
    const h2 = await openFile(t, w);
    expect(await apply(w, p.id, h2.id)).toMatchObject({ programVersion: 2, amountFen: 600000 });
    // a stale version is refused
    expectError(await w.reviewer.patch(`${A}/programs/${p.id}`, { version: p.version, name: '改名' }), 409, 'CONFLICT');
  });

  it('lowering the budget below what is committed is refused; raising it allocates more', async () => {
    const p = await createProgram(w, { budgetFen: 600000 });
    const h = await openFile(t, w);
    await approve(w, await apply(w, p.id, h.id)); // 5,000 committed
    expectError(await w.reviewer.patch(`${A}/programs/${p.id}`, { version: p.version, budgetFen: 400000 }), 409, 'BUDGET_EXHAUSTED');
    const up = await w.reviewer.patch<ProgramDto>(`${A}/programs/${p.id}`, { version: p.version, budgetFen: 900000 });
    expect(up.statusCode).toBe(200);
    expect(up.json()).toMatchObject({ budgetFen: 900000, committedFen: 500000, availableFen: 400000 });
    const down = await w.reviewer.patch<ProgramDto>(`${A}/programs/${p.id}`, { version: up.json().version, budgetFen: 500000 });
    expect(down.json()).toMatchObject({ budgetFen: 500000, availableFen: 0 });
  });
});

describe('funds received', () => {
  it('finance records money received (Dr bank, Cr fund) once per Idempotency-Key; others may not; bad amounts change nothing', async () => {
    const body = { orgId: w.county.id, amountFen: 20_000_000, businessDate: '2026-11-30', memo: '市总工会下拨帮扶资金' };
    const fund0 = await balance(`fund:${w.county.code}`);
    const bank0 = (await balance(`bank:${w.county.code}`)) || 0;
    const send = () => t.app.inject({ method: 'POST', url: `${A}/deposits`, payload: body, headers: { cookie: w.finance.cookie!, 'idempotency-key': 'deposit-2026-11-30-1' } });
    const [r1, r2] = await Promise.all([send(), send()]);
    expect([r1.statusCode, r2.statusCode]).toEqual([201, 201]);
    expect(r1.json().entryNo).toBe(r2.json().entryNo);
    expect(await balance(`fund:${w.county.code}`)).toBe((Number.isNaN(fund0) ? 0 : fund0) + 20_000_000);
    expect(await balance(`bank:${w.county.code}`)).toBe((Number.isNaN(bank0) ? 0 : bank0) + 20_000_000);
    expectError(await w.cadre.post(`${A}/deposits`, body), 403, 'FORBIDDEN');
    expectError(await w.reviewer.post(`${A}/deposits`, body), 403, 'FORBIDDEN');
    const before = await snapshotTables(t.deps.db);
    for (const amountFen of [0, -100, 12.5]) expect((await w.finance.post(`${A}/deposits`, { ...body, amountFen })).statusCode).toBe(400);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('eligibility and applications', () => {
  let p: ProgramDto;
  beforeAll(async () => {
    p = await createProgram(w);
  });

  it('explains eligibility rule by rule with the amount', async () => {
    const h = await openFile(t, w);
    const r = await w.cadre.post<EligibilityResult>(`${A}/programs/${p.id}/check`, { householdId: h.id });
    expect(r.statusCode).toBe(200);
    const v = r.json();
    expect(v.eligible).toBe(true);
    expect(v.amountFen).toBe(500000);
    expect(v.checks.map((c) => c.rule)).toEqual(['program_open', 'window', 'open_file', 'category', 'student', 'once_a_year', 'amount']);
    expect(v.checks.find((c) => c.rule === 'student')?.zh).toBe('学生：张小华，本科');
  });

  it('an ineligible household is refused with every failed rule named, and nothing is written', async () => {
    const h = await openFile(t, w, {
      members: [
        { name: '王五', relation: 'self', idNumber: (await import('./support/registry')).uniqueId('520302', 1970), health: 'serious_illness', schoolingStage: 'none', employment: 'laid_off', monthlyIncomeFen: { unemployment_benefit: 120000 } },
        { name: '王小', relation: 'child', idNumber: (await import('./support/registry')).uniqueId('520302', 2012), health: 'healthy', schoolingStage: 'junior_high', employment: 'not_working', monthlyIncomeFen: {} },
      ],
    });
    const check = (await w.cadre.post<EligibilityResult>(`${A}/programs/${p.id}/check`, { householdId: h.id })).json();
    expect(check.eligible).toBe(false);
    expect(check.checks.filter((c) => !c.ok).map((c) => c.rule)).toEqual(['student', 'amount']);
    const before = await snapshotTables(t.deps.db);
    const r = await w.cadre.post(`${A}/programs/${p.id}/applications`, { householdId: h.id });
    const e = expectError(r, 422, 'NOT_ELIGIBLE');
    expect(e.message).toContain('家庭成员中没有本科、高职(专科)在读或录取的学生');
    expect((e.details as { checks: unknown[] }).checks.length).toBeGreaterThan(3);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('a file that is not open cannot apply', async () => {
    const r = await w.cadre.post(`${A}/programs/${p.id}/applications`, { householdId: (await w.cadre.post<{ id: string }>('/api/v1/registry/households', (await import('./support/registry')).householdInput(w.union.id))).json().id });
    const e = expectError(r, 422, 'NOT_ELIGIBLE');
    expect(e.message).toContain('困难职工档案不在档');
  });

  it('once per household, program and year: a second application is refused, and the database refuses a second live award', async () => {
    const h = await openFile(t, w);
    const first = await apply(w, p.id, h.id);
    const again = await w.cadre.post(`${A}/programs/${p.id}/applications`, { householdId: h.id });
    expect(expectError(again, 422, 'NOT_ELIGIBLE').message).toContain(`本年度已享受本项目（${first.awardNo}）`);
    await expect(
      t.deps.db.execute(sql`insert into aid_awards (id, award_no, program_id, program_version, year, household_id, org_id, org_path, region_code, amount_fen, explanation, payee_name, status, applied_by, applied_by_name, applied_at, created_at, updated_at)
        select gen_random_uuid(), 'AA-DUP', program_id, program_version, year, household_id, org_id, org_path, region_code, amount_fen, explanation, payee_name, 'approved', applied_by, applied_by_name, applied_at, created_at, updated_at from aid_awards where id = ${first.id}`),
    ).rejects.toThrow();
    // withdrawn, the household may apply again
    expect((await w.cadre.post(`${A}/awards/${first.id}/withdraw`, {})).statusCode).toBe(200);
    expect((await apply(w, p.id, h.id)).status).toBe('submitted');
  });

  it('awards carry the payee with the account masked; another county does not see them', async () => {
    const h = await openFile(t, w);
    const a = await apply(w, p.id, h.id);
    expect(a.payeeName).toBe('张三');
    expect(a.payeeAccount).toBe('************5678');
    const far = await makeGrassroots(t.deps, { countyCode: '520303' });
    const farCadre = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgId: far.id, roles: ['cadre'] })).username, PASSWORD));
    expectError(await farCadre.get(`${A}/awards/${a.id}`), 404, 'NOT_FOUND');
    expect((await farCadre.get<{ items: AwardDto[] }>(`${A}/awards?programId=${p.id}`)).json().items).toEqual([]);
    // nor can it apply for a household it cannot see
    expectError(await farCadre.post(`${A}/programs/${p.id}/applications`, { householdId: h.id }), 404, 'NOT_FOUND');
  });

  it('review: the applicant cannot approve their own application; approval commits the budget; rejection needs a reason', async () => {
    const h = await openFile(t, w);
    const own = (await w.reviewer.post<AwardDto>(`${A}/programs/${p.id}/applications`, { householdId: h.id })).json();
    expectError(await w.reviewer.post(`${A}/awards/${own.id}/approve`, { version: own.version }), 409, 'CONFLICT');
    expectError(await w.cadre.post(`${A}/awards/${own.id}/approve`, { version: own.version }), 403, 'FORBIDDEN');
    const other = await makeUser(t.deps, { orgId: w.county.id, roles: ['reviewer'] });
    const reviewer2 = client(t.app, await loginAs(t.app, other.username, PASSWORD));
    const before = await balance(`budget:${p.code}`);
    const ok = await reviewer2.post<AwardDto>(`${A}/awards/${own.id}/approve`, { version: own.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'approved', reviewedByName: expect.any(String) });
    expect(await balance(`budget:${p.code}`)).toBe(before - 500000);
    const entry = (await w.reviewer.get<{ lines: Array<{ accountCode: string; side: string; amountFen: number }> }>(`/api/v1/ledger/entries/${ok.json().commitEntryId}`)).json();
    expect(entry.lines).toEqual([
      { lineNo: 1, accountId: expect.any(String), accountCode: `budget:${p.code}`, side: 'debit', amountFen: 500000 },
      { lineNo: 2, accountId: expect.any(String), accountCode: `payable:${p.code}`, side: 'credit', amountFen: 500000 },
    ]);
    const h2 = await openFile(t, w);
    const b = await apply(w, p.id, h2.id);
    expect((await w.reviewer.post(`${A}/awards/${b.id}/reject`, { version: b.version })).statusCode).toBe(400);
    const rej = await w.reviewer.post<AwardDto>(`${A}/awards/${b.id}/reject`, { version: b.version, reason: '收入已超标准' });
    expect(rej.json()).toMatchObject({ status: 'rejected', reviewNote: '收入已超标准' });
  });
});

describe('public notice, objections and confirmation', () => {
  let p: ProgramDto;
  const awards: AwardDto[] = [];
  let notice: NoticeDto;

  beforeAll(async () => {
    p = await createProgram(w, { budgetFen: 5_000_000 });
    for (let i = 0; i < 3; i++) awards.push(await approve(w, await apply(w, p.id, (await openFile(t, w)).id)));
    notice = await publish(w, p.id);
  });

  it('the notice lists the approved awards with masked names for the program’s days, also without signing in', async () => {
    expect(notice.items).toHaveLength(3);
    expect(notice.items.every((i) => i.maskedName === '张*' && i.status === 'in_notice')).toBe(true);
    expect(notice.totalFen).toBe(1_500_000);
    expect(notice.endsOn > notice.startsOn).toBe(true);
    const pub = await client(t.app).get<NoticeDto>(`/api/v1/public/aid-notices/${notice.id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.body).not.toContain('张三');
    expect(pub.json().items.map((i) => i.maskedName)).toEqual(['张*', '张*', '张*']);
    const x = await t.app.inject({ method: 'GET', url: `${A}/notices/${notice.id}/export`, headers: { cookie: w.cadre.cookie! } });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(String(ws.getRow(2).getCell(1).value)).toContain(`${notice.startsOn} 至 ${notice.endsOn}`);
    expect([2, 3, 8].map((c) => ws.getRow(4).getCell(c).value)).toEqual([notice.items[0].awardNo, '张*', '5,000.00']);
    expect(ws.getRow(7).getCell(8).value).toBe('15,000.00');
  });

  it('confirmation before the period ends is refused', async () => {
    expectError(await w.reviewer.post(`${A}/notices/${notice.id}/confirm`, {}), 409, 'CONFLICT');
  });

  it('an objection pauses its award; confirmation skips it; dismissed, it is confirmed; upheld, the amount returns to the budget', async () => {
    const o1 = await w.cadre.post<ObjectionDto>(`${A}/awards/${awards[0].id}/objections`, { raisedBy: '邻居（匿名）', text: '家中有两套住房' });
    expect(o1.statusCode).toBe(201);
    const o2 = (await w.cadre.post<ObjectionDto>(`${A}/awards/${awards[1].id}/objections`, { text: '孩子已工作' })).json();
    expect((await w.cadre.get<AwardDto>(`${A}/awards/${awards[0].id}`)).json()).toMatchObject({ status: 'objected', openObjections: 1 });

    await confirmAfterNotice(t, w, notice);
    const after = (await w.reviewer.get<NoticeDto>(`${A}/notices/${notice.id}`)).json();
    expect(after).toMatchObject({ status: 'closed', ended: true });
    expect(after.items.map((i) => i.status)).toEqual(['objected', 'objected', 'confirmed']);
    // too late for new objections
    expectError(await w.cadre.post(`${A}/awards/${awards[2].id}/objections`, { text: '补充异议' }), 409, 'CONFLICT');

    const budgetBefore = await balance(`budget:${p.code}`);
    expectError(await w.cadre.post(`${A}/objections/${o1.json().id}/resolve`, { outcome: 'dismissed', resolution: '核实无误' }), 403, 'FORBIDDEN');
    const d = await w.reviewer.post<ObjectionDto>(`${A}/objections/${o1.json().id}/resolve`, { outcome: 'dismissed', resolution: '经核实住房为租住，异议不成立' });
    expect(d.json()).toMatchObject({ status: 'dismissed' });
    expect((await w.reviewer.get<AwardDto>(`${A}/awards/${awards[0].id}`)).json().status).toBe('confirmed');
    expectError(await w.reviewer.post(`${A}/objections/${o1.json().id}/resolve`, { outcome: 'upheld', resolution: '再次处理' }), 409, 'CONFLICT');

    const u = await w.reviewer.post<ObjectionDto>(`${A}/objections/${o2.id}/resolve`, { outcome: 'upheld', resolution: '子女已就业，不符合条件' });
    expect(u.json().status).toBe('upheld');
    const revoked = (await w.reviewer.get<AwardDto>(`${A}/awards/${awards[1].id}`)).json();
    expect(revoked).toMatchObject({ status: 'revoked', revokeCauseType: 'objection', revokeCauseId: o2.id });
    expect(await balance(`budget:${p.code}`)).toBe(budgetBefore + 500000);
    const prog = (await w.reviewer.get<ProgramDto>(`${A}/programs/${p.id}`)).json();
    expect(prog).toMatchObject({ committedFen: 1_000_000, availableFen: 4_000_000 });
    expect(prog.counts).toMatchObject({ confirmed: 2, revoked: 1 });
  });

  it('the ledger verifies', async () => {
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });
});

describe('worklists', () => {
  it('the funding org’s reviewer finds new applications in the queue; the cadre has no review queue', async () => {
    const total = async () => (await w.reviewer.get<WorklistDto>('/api/v1/worklist')).json().sections.find((x) => x.key === 'aid.to_review')?.total ?? 0;
    const before = await total();
    const p = await createProgram(w, { name: '工作台测试' });
    const a = await apply(w, p.id, (await openFile(t, w)).id);
    expect(await total()).toBe(before + 1);
    const cadreKeys = (await w.cadre.get<WorklistDto>('/api/v1/worklist')).json().sections.map((x) => x.key);
    expect(cadreKeys).not.toContain('aid.to_review');
    await approve(w, a);
    expect(await total()).toBe(before);
  });
});

describe('budget race: 100 simultaneous approvals against a budget that fits 10', () => {
  it('exactly 10 succeed, the rest get budget exhausted, and the ledger balances', async () => {
    const p = await createProgram(w, { budgetFen: 5_000_000, name: '预算竞争测试' });
    const applied: AwardDto[] = [];
    for (let i = 0; i < 100; i++) applied.push(await apply(w, p.id, (await openFile(t, w)).id));
    const results = await Promise.all(applied.map((a) => w.reviewer.post(`${A}/awards/${a.id}/approve`, { version: a.version })));
    const ok = results.filter((r) => r.statusCode === 200);
    const exhausted = results.filter((r) => r.statusCode === 409 && JSON.parse(r.body).error.code === 'BUDGET_EXHAUSTED');
    expect(ok).toHaveLength(10);
    expect(exhausted).toHaveLength(90);
    expect(JSON.parse(exhausted[0].body).error.message).toContain('预算不足');
    expect(await balance(`budget:${p.code}`)).toBe(0);
    expect(await balance(`payable:${p.code}`)).toBe(5_000_000);
    expect(await countRows(t.deps.db, 'aid_awards', `program_id = '${p.id}' and status = 'approved'`)).toBe(10);
    expect(await countRows(t.deps.db, 'ledger_entries', `source_type = 'aid_award' and source_id in (select id::text from aid_awards where program_id = '${p.id}')`)).toBe(10);
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  }, 300_000);
});
