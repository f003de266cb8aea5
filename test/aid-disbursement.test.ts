import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwardDto, BatchDto, PaymentDto, ProgramDto } from '../src/contracts/aid';
import { recordResults } from '../src/server/modules/aid/disbursement.service';
import { verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import { loginAs, useTestApp } from './support/app';
import { type AidWorld, aidWorld } from './support/aid';
import { awardStatus, confirmedWithAccounts, multipart, paymentEntries, resultCsv, resultXlsx, xlsxRows } from './support/aid-disbursement';
import { PASSWORD, makeUser } from './support/factories';
import { client, expectError, snapshotTables } from './support/http';
import type { Actor } from '../src/server/platform/http/actor';
import { ROLE_PERMISSIONS } from '../src/contracts/auth';

const t = useTestApp();
const A = '/api/v1/aid';
let w: AidWorld;

type Detail = BatchDto & { items: PaymentDto[] };
type Summary = { paid: number; failed: number; unchanged: number; batch: BatchDto };

beforeAll(async () => {
  w = await aidWorld(t);
});

async function makeBatch(programId: string, body: unknown = {}): Promise<BatchDto> {
  const r = await w.finance.post<BatchDto>(`${A}/programs/${programId}/batches`, body);
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
const detail = async (id: string) => (await w.finance.get<Detail>(`${A}/batches/${id}`)).json();

async function exportFile(batchId: string, format: 'xlsx' | 'csv', cookie = w.finance.cookie!) {
  return t.app.inject({ method: 'GET', url: `${A}/batches/${batchId}/bank-file?format=${format}`, headers: { cookie } });
}
async function uploadResults(batchId: string, name: string, data: Buffer, headers: Record<string, string> = {}) {
  const m = multipart(name, data);
  return t.app.inject({ method: 'POST', url: `${A}/batches/${batchId}/results/file`, payload: m.payload, headers: { ...m.headers, cookie: w.finance.cookie!, ...headers } });
}
const auditOf = async (entityId: string, action: string) =>
  rowsOf<{ after: Record<string, unknown>; actor_username: string }>(await t.deps.db.execute(sql`select after, actor_username from audit_events where entity_id = ${entityId} and action = ${action} order by seq`));

/** A program with n confirmed awards (own accounts), a batch of them, exported. */
async function exportedBatch(n: number) {
  const world = await confirmedWithAccounts(t, w, n);
  const batch = await makeBatch(world.program.id);
  expect((await exportFile(batch.id, 'csv')).statusCode).toBe(200);
  return { ...world, batch: await detail(batch.id) };
}

describe('making a batch', () => {
  let program: ProgramDto;
  let awards: AwardDto[];
  let accounts: Map<string, string>;
  let batch: BatchDto;

  beforeAll(async () => {
    ({ program, awards, accounts } = await confirmedWithAccounts(t, w, 3));
  });

  it('refuses a cadre and a reviewer (403); finance makes a draft batch of every confirmed award', async () => {
    expectError(await w.cadre.post(`${A}/programs/${program.id}/batches`, {}), 403, 'FORBIDDEN');
    expectError(await w.reviewer.post(`${A}/programs/${program.id}/batches`, {}), 403, 'FORBIDDEN');
    batch = await makeBatch(program.id);
    const total = awards.reduce((s, a) => s + a.amountFen, 0);
    expect(batch).toMatchObject({ programId: program.id, programName: program.name, status: 'draft', itemCount: 3, totalFen: total, paidCount: 0, failedCount: 0, exportCount: 0, retryOf: null });
    expect(batch.batchNo).toMatch(/^AB-\d{4}-\d{6}$/);
    for (const a of awards) expect(await awardStatus(t.deps, a.id)).toBe('batched');
    expect((await auditOf(batch.id, 'aid.batch.create'))[0].after).toMatchObject({ batchNo: batch.batchNo, itemCount: 3, totalFen: total });
  });

  it('shows the lines with the account masked and references of the batch; an auditor reads it with names masked', async () => {
    const d = await detail(batch.id);
    expect(d.items.map((i) => i.lineNo)).toEqual([1, 2, 3]);
    for (const i of d.items) {
      const full = accounts.get(i.awardId)!;
      expect(i.account).toBe('*'.repeat(full.length - 4) + full.slice(-4));
      expect(JSON.stringify(d)).not.toContain(full);
      expect(i.reference).toBe(`${batch.batchNo}-${String(i.lineNo).padStart(4, '0')}`);
      expect(i).toMatchObject({ status: 'pending', entryId: null, amountFen: awards.find((a) => a.id === i.awardId)!.amountFen });
    }
    expect(d.items[0].payeeName).not.toMatch(/\*/);
    const auditor = await makeUser(t.deps, { orgId: w.county.id, roles: ['auditor'] });
    const asAuditor = await client(t.app, await loginAs(t.app, auditor.username, PASSWORD)).get<Detail>(`${A}/batches/${batch.id}`);
    expect(asAuditor.statusCode).toBe(200);
    expect(asAuditor.json().items[0].payeeName).toMatch(/^.\*+$/);
    expect(asAuditor.json().items[0].account).toMatch(/^\*+\d{4}$/);
    const list = await w.finance.get<{ items: BatchDto[] }>(`${A}/batches?programId=${program.id}`);
    expect(list.json().items.map((b) => b.id)).toEqual([batch.id]);
  });

  it('a second batch finds nothing to pay: the awards are taken', async () => {
    expectError(await w.finance.post(`${A}/programs/${program.id}/batches`, {}), 422, 'NOTHING_TO_DISBURSE');
    expectError(await w.finance.post(`${A}/programs/${program.id}/batches`, { awardIds: [awards[0].id] }), 422, 'NOTHING_TO_DISBURSE');
  });

  it('another county does not see the batch (404)', async () => {
    const other = await makeUser(t.deps, { orgCode: '520303', roles: ['finance'] });
    const c = client(t.app, await loginAs(t.app, other.username, PASSWORD));
    expectError(await c.get(`${A}/batches/${batch.id}`), 404, 'NOT_FOUND');
    expectError(await c.post(`${A}/batches/${batch.id}/cancel`), 404, 'NOT_FOUND');
    expect((await c.get<{ items: BatchDto[] }>(`${A}/batches`)).json().items.map((b) => b.id)).not.toContain(batch.id);
  });

  it('cancelling a draft batch returns its awards to confirmed; they can be batched again', async () => {
    const r = await w.finance.post<BatchDto>(`${A}/batches/${batch.id}/cancel`);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('cancelled');
    const d = await detail(batch.id);
    expect(d.items.every((i) => i.status === 'cancelled' && i.failReason === '批次作废 / batch cancelled')).toBe(true);
    for (const a of awards) expect(await awardStatus(t.deps, a.id)).toBe('confirmed');
    expectError(await w.finance.post(`${A}/batches/${batch.id}/cancel`), 409, 'TRANSITION_REFUSED');
    expectError(await exportFile(batch.id, 'xlsx'), 409, 'TRANSITION_REFUSED');
    const again = await makeBatch(program.id, { awardIds: [awards[1].id, awards[0].id] });
    expect(again.itemCount).toBe(2);
    // two finance officers at once for the last award: one batch takes it
    const [x, y] = await Promise.all([w.finance.post(`${A}/programs/${program.id}/batches`, {}), w.finance.post(`${A}/programs/${program.id}/batches`, {})]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 422]);
    const live = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from aid_payments where award_id = ${awards[2].id} and status = 'pending'`));
    expect(live[0].n).toBe(1);
  });

  it('refuses an award without a payee account by its number, writing nothing', async () => {
    const p2 = await confirmedWithAccounts(t, w, 2);
    await t.deps.db.execute(sql`update aid_awards set payee_account_enc = null where id = ${p2.awards[1].id}`);
    const before = await snapshotTables(t.deps.db);
    const e = expectError(await w.finance.post(`${A}/programs/${p2.program.id}/batches`, {}), 422, 'PAYEE_ACCOUNT_MISSING');
    expect(e.message).toContain(p2.awards[1].awardNo);
    expect(e.message).not.toContain(p2.awards[0].awardNo);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });
});

describe('the bank file', () => {
  let world: Awaited<ReturnType<typeof confirmedWithAccounts>>;
  let batch: BatchDto;

  beforeAll(async () => {
    world = await confirmedWithAccounts(t, w, 3);
    batch = await makeBatch(world.program.id);
  });

  it('is refused to a cadre and a reviewer (403), writing nothing', async () => {
    const before = await snapshotTables(t.deps.db);
    expectError(await exportFile(batch.id, 'xlsx', w.cadre.cookie!), 403, 'FORBIDDEN');
    expectError(await exportFile(batch.id, 'csv', w.reviewer.cookie!), 403, 'FORBIDDEN');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('.xlsx for finance: complete accounts, yuan with two decimals and fen, references; the batch is exported and the export audited', async () => {
    const r = await exportFile(batch.id, 'xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(String(r.headers['content-disposition'])).toContain(`attachment; filename="${batch.batchNo}.xlsx"`);
    const rows = await xlsxRows(r.rawPayload);
    expect(rows[0]).toEqual(['序号', '收款人', '开户行', '账号', '金额（元）', '金额（分）', '附言/参考号']);
    const d = await detail(batch.id);
    expect(rows.slice(1)).toHaveLength(3);
    for (const [i, item] of d.items.entries()) {
      const row = rows[i + 1];
      const full = world.accounts.get(item.awardId)!;
      expect(row[0]).toBe(item.lineNo);
      expect(row[3]).toBe(full);
      expect(row[4]).toBe(`${Math.floor(item.amountFen / 100)}.${String(item.amountFen % 100).padStart(2, '0')}`);
      expect(row[5]).toBe(item.amountFen);
      expect(row[6]).toBe(item.reference);
      expect(item.account).not.toBe(full);
    }
    expect(d).toMatchObject({ status: 'exported', exportCount: 1 });
    const [ev] = await auditOf(batch.id, 'aid.batch.export');
    expect(ev.after).toMatchObject({ batchNo: batch.batchNo, format: 'xlsx', itemCount: 3, totalFen: batch.totalFen });
    for (const acct of world.accounts.values()) expect(JSON.stringify(ev)).not.toContain(acct.slice(0, 12));
  });

  it('.csv: UTF-8 with BOM, quoted; re-export is allowed, audited again and the same file', async () => {
    const a = await exportFile(batch.id, 'csv');
    const b = await exportFile(batch.id, 'csv');
    expect(a.statusCode).toBe(200);
    expect(String(a.headers['content-disposition'])).toContain(`${batch.batchNo}.csv`);
    expect([...a.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(a.rawPayload.equals(b.rawPayload)).toBe(true);
    const lines = a.rawPayload.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('"序号","收款人","开户行","账号","金额（元）","金额（分）","附言/参考号"');
    for (const acct of world.accounts.values()) expect(lines.some((l) => l.includes(`"${acct}"`))).toBe(true);
    expect((await detail(batch.id)).exportCount).toBe(3);
    expect((await auditOf(batch.id, 'aid.batch.export')).map((e) => e.after.format)).toEqual(['xlsx', 'csv', 'csv']);
  });

  it('an exported batch cannot be cancelled', async () => {
    expectError(await w.finance.post(`${A}/batches/${batch.id}/cancel`), 409, 'TRANSITION_REFUSED');
  });
});

describe('bank results', () => {
  let world: Awaited<ReturnType<typeof exportedBatch>>;

  beforeAll(async () => {
    world = await exportedBatch(3);
  });

  it('refuses results before the file is exported', async () => {
    const p = await confirmedWithAccounts(t, w, 1);
    const draft = await makeBatch(p.program.id);
    const item = (await detail(draft.id)).items[0];
    expectError(await w.finance.post(`${A}/batches/${draft.id}/results`, { rows: [{ reference: item.reference, amountFen: item.amountFen, result: 'paid' }] }), 409, 'TRANSITION_REFUSED');
    expectError(await w.finance.post(`${A}/payments/${item.id}/result`, { result: 'paid' }), 409, 'TRANSITION_REFUSED');
  });

  it.each<[string, (items: PaymentDto[]) => Array<[string, number, string, string?]>, number[]]>([
    ['an unknown reference', (it) => [[it[0].reference, it[0].amountFen, '成功'], ['AB-2026-999999-0001', 100, '成功']], [3]],
    ['a wrong amount', (it) => [[it[0].reference, it[0].amountFen, '成功'], [it[1].reference, it[1].amountFen + 1, '成功']], [3]],
    ['a duplicate row', (it) => [[it[0].reference, it[0].amountFen, '成功'], [it[1].reference, it[1].amountFen, '成功'], [it[0].reference, it[0].amountFen, '成功']], [4]],
    ['a failure without reason', (it) => [[it[2].reference, it[2].amountFen, '失败']], [2]],
    ['several problems', (it) => [[it[0].reference, 1, '成功'], ['AB-2026-999999-0001', 100, '成功'], [it[0].reference, it[0].amountFen, '成功']], [2, 3, 4]],
  ])('a result file with %s → 422 naming the rows; nothing changes', async (_n, make, rowsNamed) => {
    const before = await snapshotTables(t.deps.db);
    const entries = await paymentEntries(t.deps);
    const r = await uploadResults(world.batch.id, 'result.xlsx', await resultXlsx(make(world.batch.items)));
    const e = expectError(r, 422, 'VALIDATION_FAILED');
    expect((e.details as Array<{ row: number }>).map((d) => d.row)).toEqual(rowsNamed);
    for (const n of rowsNamed) expect(e.message).toContain(`第 ${n} 行`);
    expect(await paymentEntries(t.deps)).toBe(entries);
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('the JSON form names its rows the same way (English on request)', async () => {
    const it0 = world.batch.items[0];
    const r = await t.app.inject({
      method: 'POST',
      url: `${A}/batches/${world.batch.id}/results`,
      headers: { cookie: w.finance.cookie!, 'accept-language': 'en' },
      payload: { rows: [{ reference: it0.reference, amountFen: it0.amountFen + 100, result: 'paid' }] },
    });
    const e = expectError(r, 422, 'VALIDATION_FAILED');
    expect(e.message).toContain('row 1');
    expect(e.message).toContain('differs');
  });

  it('a file that is not a result file → 422 naming the missing column', async () => {
    const e = expectError(await uploadResults(world.batch.id, 'x.csv', Buffer.from('a,b\n1,2\n')), 422, 'VALIDATION_FAILED');
    expect(e.message).toContain('缺少列');
    expectError(await w.finance.post(`${A}/batches/${world.batch.id}/results/file`, { rows: [] }), 415);
  });

  it('paid posts Dr payable / Cr bank and pays the award; failed records the reason; the batch settles', async () => {
    const [p1, p2, p3] = world.batch.items;
    const r = await uploadResults(
      world.batch.id,
      'result.csv',
      resultCsv([
        [p1.reference, `${p1.amountFen / 100}`, '成功'],
        [p2.reference, `${Math.floor(p2.amountFen / 100)}.${String(p2.amountFen % 100).padStart(2, '0')}`, '失败', '账户已冻结'],
        [p3.reference, `${p3.amountFen / 100}`, 'paid'],
      ]),
    );
    expect(r.statusCode, r.body).toBe(200);
    const s = r.json() as Summary;
    expect(s).toMatchObject({ paid: 2, failed: 1, unchanged: 0 });
    expect(s.batch).toMatchObject({ status: 'settled', paidCount: 2, paidFen: p1.amountFen + p3.amountFen, failedCount: 1 });
    const d = await detail(world.batch.id);
    const paid = d.items.find((i) => i.id === p1.id)!;
    expect(paid.status).toBe('paid');
    expect(d.items.find((i) => i.id === p2.id)).toMatchObject({ status: 'failed', failReason: '账户已冻结', entryId: null });

    const entry = (await w.finance.get<{ sourceType: string; sourceId: string; lines: Array<{ accountCode: string; side: string; amountFen: number }> }>(`/api/v1/ledger/entries/${paid.entryId}`)).json();
    expect(entry).toMatchObject({ sourceType: 'aid_payment', sourceId: p1.id });
    expect(entry.lines).toEqual([
      expect.objectContaining({ accountCode: `payable:${world.program.code}`, side: 'debit', amountFen: p1.amountFen }),
      expect.objectContaining({ accountCode: `bank:${w.county.code}`, side: 'credit', amountFen: p1.amountFen }),
    ]);
    expect(await paymentEntries(t.deps, p1.id)).toBe(1);
    expect(await paymentEntries(t.deps, p2.id)).toBe(0);
    expect(await awardStatus(t.deps, p1.awardId)).toBe('paid');
    expect(await awardStatus(t.deps, p2.awardId)).toBe('failed');
    const award = (await w.reviewer.get<AwardDto>(`${A}/awards/${p1.awardId}`)).json();
    expect(award.paidAt).not.toBeNull();
    const audit = await auditOf(p1.id, 'aid.payment.paid');
    expect(audit).toHaveLength(1);
  });

  it('the same file again pays nothing twice; a contradicting row → 409 naming the row', async () => {
    const [p1, p2, p3] = world.batch.items;
    const entries = await paymentEntries(t.deps);
    const file = resultCsv([
      [p1.reference, `${p1.amountFen / 100}`, '成功'],
      [p2.reference, `${Math.floor(p2.amountFen / 100)}.${String(p2.amountFen % 100).padStart(2, '0')}`, '失败', '账户已冻结'],
      [p3.reference, `${p3.amountFen / 100}`, 'paid'],
    ]);
    const r = await uploadResults(world.batch.id, 'result.csv', file);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ paid: 0, failed: 0, unchanged: 3 });
    expect(await paymentEntries(t.deps)).toBe(entries);

    const before = await snapshotTables(t.deps.db);
    const e = expectError(
      await w.finance.post(`${A}/batches/${world.batch.id}/results`, {
        rows: [
          { reference: p2.reference, amountFen: p2.amountFen, result: 'failed', reason: '账户已冻结' },
          { reference: p1.reference, amountFen: p1.amountFen, result: 'failed', reason: '退票' },
        ],
      }),
      409,
      'CONFLICT',
    );
    expect(e.message).toContain('第 2 行');
    expect(e.message).toContain(p1.reference);
    expectError(await w.finance.post(`${A}/payments/${p2.id}/result`, { result: 'paid' }), 409, 'CONFLICT');
    expect(await snapshotTables(t.deps.db)).toEqual(before);
    expectError(await exportFile(world.batch.id, 'csv'), 409, 'TRANSITION_REFUSED');
  });

  it('a failed payment goes into a retry batch, which is paid by hand', async () => {
    const p2 = world.batch.items[1];
    expectError(await w.cadre.post(`${A}/batches/${world.batch.id}/retry`), 403, 'FORBIDDEN');
    const r = await w.finance.post<BatchDto>(`${A}/batches/${world.batch.id}/retry`);
    expect(r.statusCode, r.body).toBe(201);
    const retry = r.json();
    expect(retry).toMatchObject({ retryOf: world.batch.id, itemCount: 1, totalFen: p2.amountFen, status: 'draft' });
    expect(await awardStatus(t.deps, p2.awardId)).toBe('batched');
    expectError(await w.finance.post(`${A}/batches/${world.batch.id}/retry`), 422, 'NOTHING_TO_DISBURSE');

    const item = (await detail(retry.id)).items[0];
    expect(item).toMatchObject({ awardId: p2.awardId, status: 'pending' });
    expect(item.reference.startsWith(retry.batchNo)).toBe(true);
    expect((await exportFile(retry.id, 'xlsx')).statusCode).toBe(200);
    expectError(await w.finance.post(`${A}/payments/${item.id}/result`, { result: 'failed' }), 422, 'VALIDATION_FAILED');
    const paid = await w.finance.post<Summary>(`${A}/payments/${item.id}/result`, { result: 'paid' });
    expect(paid.statusCode, paid.body).toBe(200);
    expect(paid.json()).toMatchObject({ paid: 1, batch: { status: 'settled' } });
    expect(await awardStatus(t.deps, p2.awardId)).toBe('paid');
    expect(await paymentEntries(t.deps, item.id)).toBe(1);
  });
});

describe('the same payment request sent five times pays once', () => {
  it('five concurrent results for one payment, without a key: one entry, one paid, four unchanged', async () => {
    const { batch } = await exportedBatch(2);
    const item = batch.items[0];
    const rs = await Promise.all(Array.from({ length: 5 }, () => w.finance.post<Summary>(`${A}/payments/${item.id}/result`, { result: 'paid' })));
    for (const r of rs) expect(r.statusCode, r.body).toBe(200);
    expect(rs.map((r) => r.json().paid).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(rs.map((r) => r.json().unchanged).sort()).toEqual([0, 1, 1, 1, 1]);
    expect(await paymentEntries(t.deps, item.id)).toBe(1);
  });

  it('five concurrent results with the same Idempotency-Key: the same answer five times, one entry', async () => {
    const { batch } = await exportedBatch(1);
    const item = batch.items[0];
    const keyed = client(t.app, w.finance.cookie, { 'idempotency-key': `pay-${item.id}` });
    const rs = await Promise.all(Array.from({ length: 5 }, () => keyed.post<Summary>(`${A}/payments/${item.id}/result`, { result: 'paid' })));
    for (const r of rs) expect(r.statusCode, r.body).toBe(200);
    for (const r of rs) expect(r.json()).toEqual(rs[0].json());
    expect(rs[0].json()).toMatchObject({ paid: 1, unchanged: 0 });
    expect(await paymentEntries(t.deps, item.id)).toBe(1);
    // the key with another request is refused
    expectError(await keyed.post(`${A}/payments/${item.id}/result`, { result: 'failed', reason: 'x' }), 422, 'IDEMPOTENCY_MISMATCH');
  });

  it('five concurrent uploads of one result file (with and without a key): each payment paid once', async () => {
    const { batch } = await exportedBatch(2);
    const file = await resultXlsx(batch.items.map((i) => [i.reference, i.amountFen, '成功'] as [string, number, string]));
    const plain = await Promise.all(Array.from({ length: 5 }, () => uploadResults(batch.id, 'r.xlsx', file)));
    for (const r of plain) expect(r.statusCode, r.body).toBe(200);
    expect(plain.map((r) => (r.json() as Summary).paid).sort()).toEqual([0, 0, 0, 0, 2]);
    for (const i of batch.items) expect(await paymentEntries(t.deps, i.id)).toBe(1);

    const second = await exportedBatch(1);
    const f2 = await resultXlsx([[second.batch.items[0].reference, second.batch.items[0].amountFen, '成功']]);
    const keyed = await Promise.all(Array.from({ length: 5 }, () => uploadResults(second.batch.id, 'r.xlsx', f2, { 'idempotency-key': `file-${second.batch.id}` })));
    for (const r of keyed) expect(r.json()).toEqual(keyed[0].json());
    expect(await paymentEntries(t.deps, second.batch.items[0].id)).toBe(1);
  });
});

describe('a crash between export and result import', () => {
  it('loses nothing: the batch stays exported and pending, the re-export is the same file, the import then works', async () => {
    const { batch } = await exportedBatch(2);
    const first = await exportFile(batch.id, 'csv');
    const entries = await paymentEntries(t.deps);
    // the import runs and the process dies before the commit: the transaction rolls back
    const actor = await financeActor(w.financeId);
    const rows = batch.items.map((i) => ({ reference: i.reference, amountFen: i.amountFen, result: 'paid' as const }));
    await expect(
      withTx(t.deps.db, async (tx) => {
        const s = await recordResults(tx, t.deps, actor, batch.id, rows);
        expect(s.paid).toBe(2);
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    const d = await detail(batch.id);
    expect(d.status).toBe('exported');
    expect(d.items.every((i) => i.status === 'pending' && i.entryId === null)).toBe(true);
    expect(await paymentEntries(t.deps)).toBe(entries);
    const again = await exportFile(batch.id, 'csv');
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const r = await w.finance.post<Summary>(`${A}/batches/${batch.id}/results`, { rows });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ paid: 2, batch: { status: 'settled' } });
  });
});

describe('at the end', () => {
  it('the ledger balances and every paid payment has exactly one entry', async () => {
    const v = await verifyLedger(t.deps.db);
    expect(v.ok, v.message).toBe(true);
    const bad = rowsOf<{ id: string }>(
      await t.deps.db.execute(sql`select p.id from aid_payments p where (p.status = 'paid') <> exists (select 1 from ledger_entries e where e.source_type = 'aid_payment' and e.source_id = p.id::text)
        or (select count(*) from ledger_entries e where e.source_type = 'aid_payment' and e.source_id = p.id::text) > 1`),
    );
    expect(bad).toEqual([]);
    const paidAwards = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from aid_awards a where a.status = 'paid' and not exists (select 1 from aid_payments p where p.award_id = a.id and p.status = 'paid')`));
    expect(paidAwards[0].n).toBe(0);
  });
});

/** The finance user as a service actor (for driving the service inside a transaction the test controls). */
async function financeActor(userId: string): Promise<Actor> {
  const [u] = rowsOf<{ username: string; display_name: string; org_id: string; code: string; name: string; kind: string; path: string; region_code: string | null }>(
    await t.deps.db.execute(sql`select u.username, u.display_name, u.org_id, o.code, o.name, o.kind, o.path, o.region_code from users u join orgs o on o.id = u.org_id where u.id = ${userId}`),
  );
  return {
    userId,
    username: u.username,
    displayName: u.display_name,
    orgId: u.org_id,
    orgCode: u.code,
    orgName: u.name,
    orgKind: u.kind,
    orgPath: u.path,
    divisionCode: u.region_code,
    roles: ['finance'],
    permissions: new Set(ROLE_PERMISSIONS.finance),
    ip: null,
    userAgent: 'test',
    requestId: null,
  };
}
