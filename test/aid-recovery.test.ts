import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdMoneyDto, RecoveryDto } from '../src/contracts/aid';
import type { FindingDto, SpotCheckDto } from '../src/contracts/oversight';
import type { AidProgramRow } from '../src/server/modules/aid/program.table';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { loginAs, useTestApp } from './support/app';
import { type FixtureHousehold, balanceById, balanceOf, makeAward, makeProgram } from './support/aid-recovery';
import { PASSWORD, makeGrassroots, makeUser, orgByCode } from './support/factories';
import { type Client, client, countRows, expectError, snapshotTables } from './support/http';
import { approvedHousehold } from './support/oversight';

const t = useTestApp();
const P = '/api/v1/aid';

let reviewer: Client;
let reviewer2: Client;
let finance: Client;
let financeReviewer: Client;
let cadre: Client;
let farCadre: Client;
let farReviewer: Client;
let auditor: Client;
let cadreCookie: string;
let investigatorId: string;
let reviewerId: string;
let funder: { id: string; code: string };
let union: { id: string; path: string };
let program: AidProgramRow;

const households: FixtureHousehold[] = [];
async function household(): Promise<FixtureHousehold> {
  const h = await approvedHousehold(t.app, t.deps, cadreCookie, union.id, { investigatedBy: investigatorId, reviewedBy: reviewerId });
  const fh = { id: h.id, orgId: union.id, orgPath: union.path, regionCode: '520302' };
  households.push(fh);
  return fh;
}
const entryReversed = async (entryId: string) => (await countRows(t.deps.db, 'ledger_entries', `reversal_of = '${entryId}'`)) === 1;
const awardRow = async (id: string) => rowsOf<{ status: string; revoke_cause_type: string | null; revoke_cause_id: string | null; revoke_reason: string | null }>(await t.deps.db.execute(sql`select * from aid_awards where id = ${id}`))[0];

beforeAll(async () => {
  const county = await orgByCode(t.deps, '520302');
  funder = { id: county.id, code: county.code };
  const g = await makeGrassroots(t.deps, { countyCode: '520302' });
  union = { id: g.id, path: g.path };
  const far = await makeGrassroots(t.deps, { countyCode: '520303' });
  const c = await makeUser(t.deps, { orgId: g.id, roles: ['cadre'] });
  cadreCookie = await loginAs(t.app, c.username, PASSWORD);
  cadre = client(t.app, cadreCookie);
  investigatorId = (await makeUser(t.deps, { orgCode: '520302', roles: ['investigator'] })).id;
  const rev = await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] });
  reviewerId = rev.id;
  reviewer = client(t.app, await loginAs(t.app, rev.username, PASSWORD));
  reviewer2 = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['reviewer'] })).username, PASSWORD));
  finance = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['finance'] })).username, PASSWORD));
  financeReviewer = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520302', roles: ['finance', 'reviewer'] })).username, PASSWORD));
  farCadre = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgId: far.id, roles: ['cadre'] })).username, PASSWORD));
  farReviewer = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '520303', roles: ['reviewer'] })).username, PASSWORD));
  auditor = client(t.app, await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['auditor'] })).username, PASSWORD));
  program = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 10_000_000, name: '生活救助测试' });
}, 240_000);

describe('revoking before payment', () => {
  it('releases the commitment: the commit entry is reversed and the budget goes back up', async () => {
    const h = await household();
    const a = await makeAward(t.deps, program, h, { amountFen: 123_456, status: 'confirmed' });
    const before = await balanceById(t.deps, program.budgetAccountId);
    const r = await reviewer.post<{ status: string; releasedFen: number; releaseEntryId: string; recovery: null; previousStatus: string }>(`${P}/awards/${a.id}/revoke`, { reason: '核实后不符合条件' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'revoked', previousStatus: 'confirmed', releasedFen: 123_456, recovery: null });
    expect(await balanceById(t.deps, program.budgetAccountId)).toBe(before + 123_456);
    expect(await entryReversed(a.commitEntryId!)).toBe(true);
    expect(await awardRow(a.id)).toMatchObject({ status: 'revoked', revoke_cause_type: 'manual', revoke_reason: '核实后不符合条件' });
    expect(await countRows(t.deps.db, 'audit_events', `action = 'aid.award.revoke' and entity_id = '${a.id}'`)).toBe(1);
    // a second time: nothing to revoke, nothing written
    const snap = await snapshotTables(t.deps.db);
    expectError(await reviewer.post(`${P}/awards/${a.id}/revoke`, { reason: '再次撤销' }), 409, 'CONFLICT');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });

  it('in every pre-payment state: submitted (nothing committed), approved, in notice, objected, failed', async () => {
    for (const status of ['submitted', 'approved', 'in_notice', 'objected', 'failed'] as const) {
      const p = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 500_000 });
      const a = await makeAward(t.deps, p, await household(), { amountFen: 200_000, status });
      const r = await reviewer.post<{ releasedFen: number }>(`${P}/awards/${a.id}/revoke`, { reason: '撤销测试', causeType: 'manual' });
      expect(r.statusCode, `${status}: ${r.body}`).toBe(200);
      expect(r.json().releasedFen).toBe(status === 'submitted' ? 0 : 200_000);
      expect(await balanceById(t.deps, p.budgetAccountId)).toBe(500_000);
      expect((await awardRow(a.id)).status).toBe('revoked');
    }
  });

  it('a draft batch: the payment is cancelled (撤销) and the commitment released', async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 80_000, status: 'batched', batchStatus: 'draft' });
    const r = await reviewer.post<{ cancelledPaymentId: string; releasedFen: number }>(`${P}/awards/${a.id}/revoke`, { reason: '批次内撤销' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ cancelledPaymentId: a.paymentId, releasedFen: 80_000 });
    const [p] = rowsOf<{ status: string; fail_reason: string }>(await t.deps.db.execute(sql`select status, fail_reason from aid_payments where id = ${a.paymentId}`));
    expect(p.status).toBe('cancelled');
    expect(p.fail_reason).toContain('撤销');
    expect(await entryReversed(a.commitEntryId!)).toBe(true);
    // the draft batch no longer carries it: with nothing left it is cancelled, and no bank file can be taken
    const [b] = rowsOf<{ status: string; item_count: number; total_fen: string }>(await t.deps.db.execute(sql`select b.status, b.item_count, b.total_fen::text from aid_batches b join aid_payments p on p.batch_id = b.id where p.id = ${a.paymentId}`));
    expect(b).toEqual({ status: 'cancelled', item_count: 0, total_fen: '0' });
  });

  it("an exported batch: refused until the bank's result is in, nothing written", async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 80_000, status: 'batched', batchStatus: 'exported' });
    const snap = await snapshotTables(t.deps.db);
    const zh = expectError(await reviewer.post(`${P}/awards/${a.id}/revoke`, { reason: '导出后撤销' }), 409, 'CONFLICT');
    expect(zh.message).toContain('等待银行回盘');
    const en = expectError(await client(t.app, reviewer.cookie, { 'accept-language': 'en' }).post(`${P}/awards/${a.id}/revoke`, { reason: '导出后撤销' }), 409, 'CONFLICT');
    expect(en.message).toContain("wait for the bank's result");
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });

  it('needs aid.review, and the award in scope', async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 10_000, status: 'approved' });
    const snap = await snapshotTables(t.deps.db);
    expectError(await cadre.post(`${P}/awards/${a.id}/revoke`, { reason: '越权撤销' }), 403, 'FORBIDDEN');
    expectError(await finance.post(`${P}/awards/${a.id}/revoke`, { reason: '越权撤销' }), 403, 'FORBIDDEN');
    expectError(await farReviewer.post(`${P}/awards/${a.id}/revoke`, { reason: '他县撤销' }), 404, 'NOT_FOUND');
    expectError(await reviewer.post(`${P}/awards/${a.id}/revoke`, { reason: 'x' }), 400, 'VALIDATION_FAILED');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);
  });
});

describe('revoking a paid award and recovering it', () => {
  let rec: RecoveryDto;
  let award: Awaited<ReturnType<typeof makeAward>>;

  it('opens a recovery for the amount paid and posts the receivable', async () => {
    award = await makeAward(t.deps, program, await household(), { amountFen: 300_000, status: 'paid' });
    const budgetBefore = await balanceById(t.deps, program.budgetAccountId);
    const recvBefore = await balanceOf(t.deps, `receivable:${funder.code}`);
    const r = await reviewer.post<{ recovery: RecoveryDto; releasedFen: number }>(`${P}/awards/${award.id}/revoke`, { reason: '公示异议成立，已发放须追回', causeType: 'objection' });
    expect(r.statusCode, r.body).toBe(200);
    rec = r.json().recovery;
    expect(r.json().releasedFen).toBe(0);
    expect(rec).toMatchObject({ awardId: award.id, amountDueFen: 300_000, receivedFen: 0, writtenOffFen: 0, outstandingFen: 300_000, status: 'open', causeType: 'objection', pendingWriteOffFen: null });
    expect(rec.recoveryNo).toMatch(/^AR-2026-\d{6}$/);
    expect(await balanceById(t.deps, program.budgetAccountId)).toBe(budgetBefore); // the payment consumed the commitment
    expect(await entryReversed(award.commitEntryId!)).toBe(false);
    expect(await balanceOf(t.deps, `receivable:${funder.code}`)).toBe(recvBefore + 300_000);
    expect(await countRows(t.deps.db, 'ledger_entries', `source_type = 'aid_recovery' and source_id = '${rec.id}'`)).toBe(1);
    expect((await awardRow(award.id)).status).toBe('revoked');
  });

  it('installments: at most what is outstanding, idempotent by key, settled when all is received', async () => {
    const bankBefore = await balanceOf(t.deps, `bank:${funder.code}`);
    const keyed = client(t.app, finance.cookie, { 'idempotency-key': 'inst-0001-abcdef' });
    const first = await keyed.post<RecoveryDto>(`${P}/recoveries/${rec.id}/installments`, { amountFen: 100_000, note: '第一期' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ receivedFen: 100_000, outstandingFen: 200_000, status: 'open' });
    const again = await keyed.post<RecoveryDto>(`${P}/recoveries/${rec.id}/installments`, { amountFen: 100_000, note: '第一期' });
    expect(again.json()).toEqual(first.json());
    expect(await countRows(t.deps.db, 'aid_recovery_events', `recovery_id = '${rec.id}' and kind = 'installment'`)).toBe(1);
    expect(await balanceOf(t.deps, `bank:${funder.code}`)).toBe(bankBefore + 100_000);

    // over-payment: refused, nothing written
    const snap = await snapshotTables(t.deps.db);
    const e = expectError(await finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 200_001 }), 409, 'CONFLICT');
    expect(e.message).toContain('超过未追回金额');
    expectError(await finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 0 }), 400, 'VALIDATION_FAILED');
    expectError(await finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 10.5 }), 400, 'VALIDATION_FAILED');
    expectError(await reviewer.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 100 }), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);

    const last = await finance.post<RecoveryDto>(`${P}/recoveries/${rec.id}/installments`, { amountFen: 200_000 });
    expect(last.json()).toMatchObject({ receivedFen: 300_000, outstandingFen: 0, status: 'settled' });
    expect(last.json().closedAt).not.toBeNull();
    expect(last.json().events.map((x) => x.kind)).toEqual(['installment', 'installment']);
    expect(last.json().events.every((x) => x.entryId)).toBe(true);
    expectError(await finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 1 }), 409, 'CONFLICT');
  });

  it('write-off: requested by one, approved by another; the requester cannot approve', async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 50_000, status: 'paid' });
    const r = (await reviewer.post<{ recovery: RecoveryDto }>(`${P}/awards/${a.id}/revoke`, { reason: '家庭已无力偿还部分' })).json().recovery;
    await finance.post(`${P}/recoveries/${r.id}/installments`, { amountFen: 20_000 });
    expectError(await financeReviewer.post(`${P}/recoveries/${r.id}/write-off`, { amountFen: 30_001, note: '超额核销' }), 409, 'CONFLICT');
    const req = await financeReviewer.post<RecoveryDto>(`${P}/recoveries/${r.id}/write-off`, { amountFen: 30_000, note: '家庭确无偿还能力' });
    expect(req.statusCode, req.body).toBe(200);
    expect(req.json()).toMatchObject({ pendingWriteOffFen: 30_000, status: 'open', writtenOffFen: 0 });
    expectError(await finance.post(`${P}/recoveries/${r.id}/write-off`, { amountFen: 100, note: '第二个申请' }), 409, 'CONFLICT');

    const snap = await snapshotTables(t.deps.db);
    const same = expectError(await financeReviewer.post(`${P}/recoveries/${r.id}/write-off/decision`, { approve: true }), 403, 'SEPARATION_OF_DUTIES');
    expect(same.message).toContain('申请人不能审批');
    const sameEn = expectError(await client(t.app, financeReviewer.cookie, { 'accept-language': 'en' }).post(`${P}/recoveries/${r.id}/write-off/decision`, { approve: true }), 403, 'SEPARATION_OF_DUTIES');
    expect(sameEn.message).toContain('another person');
    expectError(await finance.post(`${P}/recoveries/${r.id}/write-off/decision`, { approve: true }), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(snap);

    const fundBefore = await balanceOf(t.deps, `fund:${funder.code}`);
    const recvBefore = await balanceOf(t.deps, `receivable:${funder.code}`);
    const ok = await reviewer.post<RecoveryDto>(`${P}/recoveries/${r.id}/write-off/decision`, { approve: true, note: '同意核销' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ receivedFen: 20_000, writtenOffFen: 30_000, outstandingFen: 0, status: 'written_off', pendingWriteOffFen: null });
    expect(await balanceOf(t.deps, `fund:${funder.code}`)).toBe(fundBefore - 30_000);
    expect(await balanceOf(t.deps, `receivable:${funder.code}`)).toBe(recvBefore - 30_000);
    expect(ok.json().events.map((x) => x.kind)).toEqual(['installment', 'write_off_request', 'write_off_approved']);
  });

  it('a rejected write-off changes nothing but the history', async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 40_000, status: 'paid' });
    const r = (await reviewer.post<{ recovery: RecoveryDto }>(`${P}/awards/${a.id}/revoke`, { reason: '追回测试' })).json().recovery;
    await finance.post(`${P}/recoveries/${r.id}/write-off`, { amountFen: 40_000, note: '申请全额核销' });
    const no = await reviewer2.post<RecoveryDto>(`${P}/recoveries/${r.id}/write-off/decision`, { approve: false, note: '应继续追回' });
    expect(no.json()).toMatchObject({ writtenOffFen: 0, outstandingFen: 40_000, status: 'open', pendingWriteOffFen: null });
    expectError(await reviewer2.post(`${P}/recoveries/${r.id}/write-off/decision`, { approve: true }), 409, 'CONFLICT');
  });
});

describe('concurrent writers', () => {
  it('one revocation and one full installment win; the others are refused, nothing doubled', async () => {
    const a = await makeAward(t.deps, program, await household(), { amountFen: 55_000, status: 'paid' });
    const revokes = await Promise.all([1, 2, 3].map(() => reviewer.post<{ recovery: RecoveryDto }>(`${P}/awards/${a.id}/revoke`, { reason: '并发撤销' })));
    expect(revokes.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await countRows(t.deps.db, 'aid_recoveries', `award_id = '${a.id}'`)).toBe(1);
    const rec = revokes.find((r) => r.statusCode === 200)!.json().recovery;
    const pays = await Promise.all([1, 2, 3].map(() => finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 55_000 })));
    expect(pays.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    expect(await countRows(t.deps.db, 'aid_recovery_events', `recovery_id = '${rec.id}'`)).toBe(1);
  });
});

describe('reading recoveries', () => {
  it('lists in scope, with a summary that adds up; another county sees nothing', async () => {
    const list = await finance.get<{ items: RecoveryDto[]; nextCursor: string | null }>(`${P}/recoveries?limit=2`);
    expect(list.statusCode, list.body).toBe(200);
    const all: RecoveryDto[] = [...list.json().items];
    let cursor = list.json().nextCursor;
    while (cursor) {
      const next = await finance.get<{ items: RecoveryDto[]; nextCursor: string | null }>(`${P}/recoveries?limit=2&cursor=${cursor}`);
      all.push(...next.json().items);
      cursor = next.json().nextCursor;
    }
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(new Set(all.map((x) => x.id)).size).toBe(all.length);
    expect(all.every((x) => x.workerName.includes('*'))).toBe(true); // finance may not reveal personal data
    const open = all.filter((x) => x.status === 'open');
    const sum = await finance.get<{ totalOutstandingFen: number; openCount: number; byOrg: Array<{ orgId: string; outstandingFen: number; openCount: number }> }>(`${P}/recoveries/summary`);
    expect(sum.json().totalOutstandingFen).toBe(open.reduce((s, x) => s + x.outstandingFen, 0));
    expect(sum.json().openCount).toBe(open.length);
    expect(sum.json().byOrg.reduce((s, o) => s + o.outstandingFen, 0)).toBe(sum.json().totalOutstandingFen);
    expect((await finance.get<{ items: RecoveryDto[] }>(`${P}/recoveries?status=settled`)).json().items.every((x) => x.status === 'settled')).toBe(true);
    // the household's union sees them too; another county does not
    expect((await cadre.get<{ items: RecoveryDto[] }>(`${P}/recoveries`)).json().items.length).toBe(all.length);
    expect((await farCadre.get<{ items: RecoveryDto[] }>(`${P}/recoveries`)).json().items).toEqual([]);
    expect((await farCadre.get<{ totalOutstandingFen: number }>(`${P}/recoveries/summary`)).json().totalOutstandingFen).toBe(0);
    expectError(await farCadre.get(`${P}/recoveries/${all[0].id}`), 404, 'NOT_FOUND');
    expect((await reviewer.get<RecoveryDto>(`${P}/recoveries/${all[0].id}`)).json().id).toBe(all[0].id);
    expect((await reviewer.get<RecoveryDto>(`${P}/recoveries/${all[0].id}`)).json().workerName).not.toContain('*'); // the reviewer may reveal
  });

  it('exports to Excel with a totals row (audited)', async () => {
    const res = await t.app.inject({ method: 'GET', url: `${P}/recoveries/export`, headers: { cookie: finance.cookie! } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (h: string) => header.indexOf(h);
    const dueCol = col('应追回（分）');
    const outCol = col('未追回（分）');
    const data: number[][] = [];
    for (let i = 2; i < ws.rowCount; i++) data.push([Number(ws.getRow(i).getCell(dueCol).value), Number(ws.getRow(i).getCell(outCol).value)]);
    const total = ws.getRow(ws.rowCount);
    expect(Number(total.getCell(dueCol).value)).toBe(data.reduce((s, r) => s + r[0], 0));
    expect(Number(total.getCell(outCol).value)).toBe(data.reduce((s, r) => s + r[1], 0));
    const list = (await finance.get<{ items: RecoveryDto[] }>(`${P}/recoveries?limit=200`)).json().items;
    expect(data.length).toBe(list.length);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'aid.recovery.export'`)).toBeGreaterThan(0);
  });
});

describe('a 不符合 spot-check finding', () => {
  it("revokes the household's pending aid, recovers the paid aid and fills the obligations", async () => {
    const g = await makeGrassroots(t.deps, { countyCode: '520302' });
    const h0 = await approvedHousehold(t.app, t.deps, (await loginAs(t.app, (await makeUser(t.deps, { orgId: g.id, roles: ['cadre'] })).username, PASSWORD)), g.id, { investigatedBy: investigatorId, reviewedBy: reviewerId });
    const h = { id: h0.id, orgId: g.id, orgPath: g.path, regionCode: '520302' };
    const p2 = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 1_000_000 });
    const pending = await makeAward(t.deps, program, h, { amountFen: 70_000, status: 'confirmed' });
    const paid = await makeAward(t.deps, p2, h, { amountFen: 90_000, status: 'paid' });
    const budgetBefore = await balanceById(t.deps, program.budgetAccountId);

    const check = await auditor.post<SpotCheckDto>('/api/v1/oversight/spot-checks', { title: '抽查', orgId: g.id, count: 1, stratifyBy: 'none', seed: 'finding-seed' });
    expect(check.statusCode, check.body).toBe(201);
    const item = check.json().items[0];
    expect(item.householdId).toBe(h.id);
    const r = await auditor.post<FindingDto>(`/api/v1/oversight/items/${item.id}/outcome`, { outcome: 'nonconforming', cause: 'applicant_concealed', notes: '隐瞒经营收入', recheckedOn: '2026-11-30' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().obligations.map((o) => [o.kind, o.status, o.amountFen]).sort()).toEqual([
      ['recover_paid_aid', 'done', 90_000],
      ['revoke_pending_aid', 'done', 70_000],
    ]);
    expect(await awardRow(pending.id)).toMatchObject({ status: 'revoked', revoke_cause_type: 'finding', revoke_cause_id: item.id });
    expect(await awardRow(paid.id)).toMatchObject({ status: 'revoked', revoke_cause_type: 'finding', revoke_cause_id: item.id });
    expect(await balanceById(t.deps, program.budgetAccountId)).toBe(budgetBefore + 70_000);
    const [rec] = rowsOf<{ amount_due_fen: string; cause_type: string; cause_id: string; status: string }>(await t.deps.db.execute(sql`select * from aid_recoveries where award_id = ${paid.id}`));
    expect(rec).toMatchObject({ cause_type: 'finding', cause_id: item.id, status: 'open' });
    expect(Number(rec.amount_due_fen)).toBe(90_000);
    expect(await countRows(t.deps.db, 'audit_events', `action = 'aid.obligation.fulfil'`)).toBe(2);
  });
});

describe('the household money view', () => {
  it('per year equals the ledger: received, pending, owed', async () => {
    const h = await household();
    const p2025 = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 1_000_000, year: 2025 });
    const pB = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 1_000_000 });
    const pC = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 1_000_000 });
    const pD = await makeProgram(t.deps, { fundingOrgId: funder.id, budgetFen: 1_000_000 });
    await makeAward(t.deps, p2025, h, { amountFen: 150_000, status: 'paid' }); // 2025: received
    await makeAward(t.deps, program, h, { amountFen: 60_000, status: 'confirmed' }); // 2026: pending
    const paidThenRevoked = await makeAward(t.deps, pB, h, { amountFen: 40_000, status: 'paid' }); // 2026: received, then owed
    const released = await makeAward(t.deps, pC, h, { amountFen: 25_000, status: 'approved' }); // 2026: committed then released
    await makeAward(t.deps, pD, h, { amountFen: 10_000, status: 'submitted' }); // nothing in the ledger
    const rec = (await reviewer.post<{ recovery: RecoveryDto }>(`${P}/awards/${paidThenRevoked.id}/revoke`, { reason: '追回' })).json().recovery;
    await finance.post(`${P}/recoveries/${rec.id}/installments`, { amountFen: 15_000 });
    await reviewer.post(`${P}/awards/${released.id}/revoke`, { reason: '撤销' });

    const res = await cadre.get<HouseholdMoneyDto>(`${P}/households/${h.id}/money`);
    expect(res.statusCode, res.body).toBe(200);
    const years = res.json().years;
    expect(years.map((y) => [y.year, y.receivedFen, y.pendingFen, y.owedFen])).toEqual([
      [2026, 40_000, 60_000, 25_000],
      [2025, 150_000, 0, 0],
    ]);
    expect(years[0].items.map((i) => i.kind).sort()).toEqual(['award', 'award', 'award', 'installment', 'payment', 'recovery', 'reversal'].sort());
    // every item is a ledger entry, with the entry's amount
    for (const i of years.flatMap((y) => y.items)) {
      const [e] = rowsOf<{ entry_no: string; amount: string }>(await t.deps.db.execute(sql`select e.entry_no, (select sum(amount_fen) from ledger_lines l where l.entry_id = e.id and l.side = 'debit')::text as amount from ledger_entries e where e.id = ${i.entryId}`));
      expect(e.entry_no).toBe(i.entryNo);
      expect(Number(e.amount)).toBe(i.amountFen);
    }
    // the same figures from the ledger directly
    const [ledger] = rowsOf<{ received: string; recovered: string; installments: string }>(
      await t.deps.db.execute(sql`select
        (select coalesce(sum(p.amount_fen), 0) from aid_payments p join ledger_entries e on e.source_type = 'aid_payment' and e.source_id = p.id::text where p.household_id = ${h.id})::text as received,
        (select coalesce(sum(l.amount_fen), 0) from aid_recoveries r join ledger_entries e on e.source_type = 'aid_recovery' and e.source_id = r.id::text join ledger_lines l on l.entry_id = e.id and l.side = 'debit' where r.household_id = ${h.id})::text as recovered,
        (select coalesce(sum(l.amount_fen), 0) from aid_recovery_events v join aid_recoveries r on r.id = v.recovery_id join ledger_entries e on e.source_type = 'aid_recovery_installment' and e.source_id = v.id::text join ledger_lines l on l.entry_id = e.id and l.side = 'debit' where r.household_id = ${h.id})::text as installments`),
    );
    expect(years.reduce((s, y) => s + y.receivedFen, 0)).toBe(Number(ledger.received));
    expect(years.reduce((s, y) => s + y.owedFen, 0)).toBe(Number(ledger.recovered) - Number(ledger.installments));

    expectError(await farCadre.get(`${P}/households/${h.id}/money`), 404, 'NOT_FOUND');
    expect((await finance.get<HouseholdMoneyDto>(`${P}/households/${h.id}/money`)).json().years).toEqual(years);
  });

  it('a household without aid has no years', async () => {
    const h = await household();
    expect((await cadre.get<HouseholdMoneyDto>(`${P}/households/${h.id}/money`)).json()).toEqual({ householdId: h.id, years: [] });
  });
});

describe('the ledger', () => {
  it('is balanced after all of it', async () => {
    const v = await verifyLedger(t.deps.db);
    expect(v.ok, v.message).toBe(true);
  });
});
