import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwardDto, BatchDto, EligibilityResult, FundFlowDto, HouseholdMoneyDto, NoticeDto, ObjectionDto, PaymentDto, ProgramDto, RecoveryDto } from '../src/contracts/aid';
import { uniqueId } from './support/registry';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { useTestApp } from './support/app';
import { type AidWorld, aidWorld, approve, apply, confirmAfterNotice, confirmedAwards, createProgram, openFile, publish } from './support/aid';
import { multipart, resultCsv, xlsxRows } from './support/aid-disbursement';
import { client, expectError } from './support/http';
import { loginAs } from './support/app';
import { PASSWORD, makeUser } from './support/factories';

/**
 * The aid journey through the API, as the issue checks it: a 金秋助学 program → an eligible and an ineligible household
 * apply → public notice with an objection → confirmation → a batch → the bank file → the bank's result → the household
 * money view; a revocation after payment opens a recovery; the ledger verifies.
 */
const t = useTestApp();
const A = '/api/v1/aid';
let w: AidWorld;
const balance = async (code: string) => Number(rowsOf<{ b: string }>(await t.deps.db.execute(sql`select balance_fen::text as b from ledger_accounts where code = ${code}`))[0]?.b ?? NaN);
type Detail = BatchDto & { items: PaymentDto[] };

let program: ProgramDto;
const files: Array<{ id: string }> = [];
const awards: AwardDto[] = [];
let notice: NoticeDto;
let objection: ObjectionDto;
let batch: Detail;

beforeAll(async () => {
  w = await aidWorld(t);
  const dep = await w.finance.post(`${A}/deposits`, { orgId: w.county.id, amountFen: 5_000_000, businessDate: '2026-11-30', memo: '上级下拨帮扶资金' });
  expect(dep.statusCode, dep.body).toBe(201);
  program = await createProgram(w, { budgetFen: 3_000_000, noticeDays: 7 });
  for (let i = 0; i < 3; i++) files.push(await openFile(t, w));
});

describe('the aid journey', () => {
  it('an eligible household applies; an ineligible one is refused with its reasons', async () => {
    for (const f of files) awards.push(await apply(w, program.id, f.id));
    expect(awards.map((a) => a.amountFen)).toEqual([500000, 500000, 500000]);
    const noStudent = await openFile(t, w, {
      members: [{ name: '刘强', relation: 'self', idNumber: uniqueId('520302', 1972), health: 'serious_illness', schoolingStage: 'none', employment: 'laid_off', monthlyIncomeFen: { unemployment_benefit: 100000 } }],
    });
    const check = (await w.cadre.post<EligibilityResult>(`${A}/programs/${program.id}/check`, { householdId: noStudent.id })).json();
    expect(check.eligible).toBe(false);
    expectError(await w.cadre.post(`${A}/programs/${program.id}/applications`, { householdId: noStudent.id }), 422, 'NOT_ELIGIBLE');
  });

  it('review, public notice with an objection, confirmation', async () => {
    for (let i = 0; i < awards.length; i++) awards[i] = await approve(w, awards[i]);
    notice = await publish(w, program.id);
    expect(notice.items.map((i) => i.maskedName)).toEqual(['张*', '张*', '张*']);
    objection = (await w.cadre.post<ObjectionDto>(`${A}/awards/${awards[2].id}/objections`, { text: '该户子女已毕业工作' })).json();
    await confirmAfterNotice(t, w, notice);
    const after = (await w.reviewer.get<NoticeDto>(`${A}/notices/${notice.id}`)).json();
    expect(after.items.map((i) => i.status)).toEqual(['confirmed', 'confirmed', 'objected']);
  });

  it('finance batches the confirmed awards (the objected one waits), takes the bank file, and imports the bank’s result', async () => {
    const b = await w.finance.post<BatchDto>(`${A}/programs/${program.id}/batches`, {});
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json()).toMatchObject({ itemCount: 2, totalFen: 1_000_000 });
    const file = await t.app.inject({ method: 'GET', url: `${A}/batches/${b.json().id}/bank-file?format=xlsx`, headers: { cookie: w.finance.cookie! } });
    expect(file.statusCode).toBe(200);
    const rows = await xlsxRows(file.rawPayload);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['6214830012345678', '6214830012345678']); // complete in the file
    batch = (await w.finance.get<Detail>(`${A}/batches/${b.json().id}`)).json();
    expect(batch.items.every((i) => i.account === '************5678')).toBe(true); // masked on screen
    const m = multipart('回盘.csv', resultCsv(batch.items.map((i) => [i.reference, '5000.00', '成功'])));
    const res = await t.app.inject({ method: 'POST', url: `${A}/batches/${batch.id}/results/file`, payload: m.payload, headers: { ...m.headers, cookie: w.finance.cookie!, 'idempotency-key': 'journey-result-1' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ paid: 2, failed: 0, batch: { status: 'settled', paidFen: 1_000_000 } });
    expect(await balance(`bank:${w.county.code}`)).toBe(4_000_000);
  });

  it('the household money view shows what it received, from the ledger', async () => {
    const v = (await w.cadre.get<HouseholdMoneyDto>(`${A}/households/${files[0].id}/money`)).json();
    expect(v.years).toHaveLength(1);
    expect(v.years[0]).toMatchObject({ year: 2026, receivedFen: 500000, pendingFen: 0, owedFen: 0 });
    expect(v.years[0].items.some((i) => i.entryNo?.startsWith('LE-') && i.kind === 'payment')).toBe(true);
  });

  it('the objection upheld releases its budget; a revocation after payment opens a recovery', async () => {
    const budgetBefore = await balance(`budget:${program.code}`);
    await w.reviewer.post(`${A}/objections/${objection.id}/resolve`, { outcome: 'upheld', resolution: '经核实子女已工作' });
    expect(await balance(`budget:${program.code}`)).toBe(budgetBefore + 500000);
    const r = await w.reviewer.post<{ recovery: RecoveryDto | null }>(`${A}/awards/${awards[0].id}/revoke`, { reason: '抽查发现隐瞒收入', causeType: 'manual' });
    expect(r.statusCode, r.body).toBe(200);
    const list = (await w.finance.get<{ items: RecoveryDto[] }>(`${A}/recoveries?status=open`)).json().items;
    const rec = list.find((x) => x.awardId === awards[0].id)!;
    expect(rec).toMatchObject({ amountDueFen: 500000, outstandingFen: 500000, status: 'open' });
    const v = (await w.cadre.get<HouseholdMoneyDto>(`${A}/households/${files[0].id}/money`)).json();
    expect(v.years[0]).toMatchObject({ receivedFen: 500000, owedFen: 500000 });
  });

  it('the fund flow traces the paid money from the fund through the program and the union to the households', async () => {
    const f = (await w.reviewer.get<FundFlowDto>(`${A}/reports/fund-flow?from=2026-01-01&to=2026-12-31`)).json();
    expect(f.totalFen).toBe(1_000_000);
    const hh = f.nodes.filter((n) => n.kind === 'household');
    expect(hh).toHaveLength(2);
    expect(f.links.filter((l) => hh.some((h) => h.id === l.target)).reduce((s, l) => s + l.amountFen, 0)).toBe(1_000_000);
  });

  it('an award revoked while its batch is a draft is left out of the bank file', async () => {
    const { program: p2, awards: two } = await confirmedAwards(t, w, 2, { name: '送温暖补充批次', budgetFen: 2_000_000 });
    const b = (await w.finance.post<BatchDto>(`${A}/programs/${p2.id}/batches`, {})).json();
    expect(b.itemCount).toBe(2);
    expect((await w.reviewer.post(`${A}/awards/${two[0].id}/revoke`, { reason: '核实后不符合条件' })).statusCode).toBe(200);
    const d = (await w.finance.get<Detail>(`${A}/batches/${b.id}`)).json();
    expect(d).toMatchObject({ itemCount: 1, totalFen: 500000, status: 'draft' });
    expect(d.items.map((i) => [i.awardId, i.status])).toEqual(expect.arrayContaining([[two[0].id, 'cancelled'], [two[1].id, 'pending']]));
    const file = await t.app.inject({ method: 'GET', url: `${A}/batches/${b.id}/bank-file?format=xlsx`, headers: { cookie: w.finance.cookie! } });
    const rows = await xlsxRows(file.rawPayload);
    expect(rows.slice(1)).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(d.items.find((i) => i.awardId === two[0].id)!.reference);
  });

  it('paid aid counts elsewhere: the spot check weighs it, and the household leaves the never-assisted list', async () => {
    const auditorUser = await makeUser(t.deps, { orgId: w.county.id, roles: ['auditor'] });
    const auditor = client(t.app, await loginAs(t.app, auditorUser.username, PASSWORD));
    // the whole union drawn, so the weights show for every file (which one a draw of one picks depends on the random
    // ids: the weight of 100 makes a paid file likely, not certain)
    const draw = await auditor.post<{ items: Array<{ householdId: string; weight: number }> }>('/api/v1/oversight/spot-checks', { title: '大额救助抽查', orgId: w.union.id, count: 200, stratifyBy: 'none', weights: { largeAidThresholdFen: 400000, largeAidFactor: 100 }, seed: 'aid-weight-2026' });
    expect(draw.statusCode, draw.body).toBe(201);
    const weightOf = new Map(draw.json().items.map((i) => [i.householdId, i.weight]));
    expect(files.map((f) => weightOf.get(f.id))).toEqual([100, 100, 1]);
    expect([...weightOf.values()].filter((x) => x === 100)).toHaveLength(2);
    const never = (await w.cadre.get<{ items: Array<{ householdId: string }> }>(`/api/v1/dynamic/lists/never-assisted?limit=200`)).json().items.map((i) => i.householdId);
    expect(never).not.toContain(files[1].id);
    expect(never).toContain(files[2].id); // its award was revoked before payment: nothing received
  });

  it('the ledger verifies', async () => {
    const v = await verifyLedger(t.deps.db);
    expect(v.ok, v.message).toBe(true);
  });
});
