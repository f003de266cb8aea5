import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { postEntry, verifyLedger } from '../src/server/modules/ledger/ledger.service';
import { rowsOf } from '../src/server/platform/db/client';
import { withTx } from '../src/server/platform/db/tx';
import { render } from '../src/server/platform/http/i18n';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { client, expectError, snapshotTables } from './support/http';
import { account, cr, dr, ledgerActor, post, reverse } from './support/ledger';

const t = useTestApp();
const L = '/api/v1/ledger';
const onPostgres = !!process.env.TEST_DATABASE_URL;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
interface C {
  get(url: string): Promise<{ statusCode: number; body: string; headers: Record<string, unknown>; json(): Json }>;
}
async function as(orgId: string, role: 'finance' | 'auditor' | 'reviewer' | 'cadre'): Promise<C> {
  const u = await makeUser(t.deps, { orgId, roles: [role] });
  return client(t.app, await loginAs(t.app, u.username, PASSWORD)) as unknown as C;
}
const balanceOf = async (id: string) => Number(rowsOf<{ b: string }>(await t.deps.db.execute(sql`select balance_fen::text as b from ledger_accounts where id = ${id}`))[0].b);

let orgA: { id: string };
let orgB: { id: string };
let financeA: C;
let auditorA: C;
let reviewerB: C;
let cadreA: C;

beforeAll(async () => {
  orgA = await makeGrassroots(t.deps);
  orgB = await makeGrassroots(t.deps, { countyCode: '520303' });
  financeA = await as(orgA.id, 'finance');
  auditorA = await as(orgA.id, 'auditor');
  reviewerB = await as(orgB.id, 'reviewer');
  cadreA = await as(orgA.id, 'cadre');
});

describe('posting', () => {
  it('a balanced posting moves the balances in each account’s normal sign', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    const budget = await account(t.deps, orgA.id, 'equity', { floorFen: 0 });
    const { entry } = await post(t.deps, [dr(bank.id, 10_000), cr(fund.id, 10_000)], { source: { type: 'donation', id: 'd-1' } });
    expect(entry.entryNo).toMatch(/^LE-2026-\d{6}$/);
    await post(t.deps, [dr(fund.id, 3_000), cr(budget.id, 3_000)]);
    await post(t.deps, [dr(budget.id, 1_000), cr(bank.id, 1_000)]);
    expect(await balanceOf(bank.id)).toBe(9_000);
    expect(await balanceOf(fund.id)).toBe(7_000);
    expect(await balanceOf(budget.id)).toBe(2_000);

    const res = await financeA.get(`${L}/entries/${entry.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ entryNo: entry.entryNo, sourceType: 'donation', sourceId: 'd-1', reversalOf: null, reversedBy: null, lines: [{ lineNo: 1, side: 'debit', amountFen: 10_000, accountCode: bank.code }, { lineNo: 2, side: 'credit', amountFen: 10_000 }] });
    const audit = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from audit_events where action = 'ledger.entry.post' and entity_id = ${entry.id}`));
    expect(audit[0].n).toBe(1);
  });

  it('ensureAccount is lazy and idempotent', async () => {
    const a = await account(t.deps, orgA.id, 'asset', { code: `bank:lazy-${orgA.id}` });
    const b = await account(t.deps, orgA.id, 'asset', { code: `bank:lazy-${orgA.id}` });
    expect(b.id).toBe(a.id);
    await expect(account(t.deps, orgA.id, 'income', { code: `bank:lazy-${orgA.id}` })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it.each([
    ['unbalanced', (a: string, b: string) => [dr(a, 100), cr(b, 99)]],
    ['negative', (a: string, b: string) => [dr(a, -100), cr(b, -100)]],
    ['fractional', (a: string, b: string) => [dr(a, 100.5), cr(b, 100.5)]],
    ['one line', (a: string) => [dr(a, 100)]],
    ['same account twice on one side', (a: string, b: string) => [dr(a, 50), dr(a, 50), cr(b, 100)]],
  ])('refuses an entry that is %s and writes nothing', async (_name, lines) => {
    const a = await account(t.deps, orgA.id, 'asset');
    const b = await account(t.deps, orgA.id, 'equity');
    const before = await snapshotTables(t.deps.db);
    await expect(post(t.deps, lines(a.id, b.id))).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await snapshotTables(t.deps.db)).toEqual(before);
  });

  it('refuses an unknown account', async () => {
    const a = await account(t.deps, orgA.id, 'asset');
    await expect(post(t.deps, [dr(a.id, 100), cr('00000000-0000-7000-8000-000000000000', 100)])).rejects.toMatchObject({ status: 400 });
  });
});

describe('append-only and reversals', () => {
  it('a reversal restores the balances, once; a reversal is never reversed', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    const { entry } = await post(t.deps, [dr(bank.id, 5_000), cr(fund.id, 5_000)]);
    const rev = await reverse(t.deps, entry.id);
    expect(rev.entry.reversalOf).toBe(entry.id);
    expect(await balanceOf(bank.id)).toBe(0);
    expect(await balanceOf(fund.id)).toBe(0);
    await expect(reverse(t.deps, entry.id)).rejects.toMatchObject({ status: 409 });
    await expect(reverse(t.deps, rev.entry.id)).rejects.toMatchObject({ status: 409 });
    const res = await financeA.get(`${L}/entries/${entry.id}`);
    expect(res.json().reversedBy).toBe(rev.entry.id);
    // the unique index is the backstop when two reversals race past the check
    await expect(post(t.deps, [dr(fund.id, 5_000), cr(bank.id, 5_000)], { reversalOf: entry.id })).rejects.toMatchObject({ status: 409 });
  });

  it('the database refuses UPDATE and DELETE on entries and lines', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    const { entry } = await post(t.deps, [dr(bank.id, 700), cr(fund.id, 700)]);
    await expect(t.deps.db.execute(sql`update ledger_lines set amount_fen = 1 where entry_id = ${entry.id}`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`delete from ledger_lines where entry_id = ${entry.id}`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`update ledger_entries set memo = 'x' where id = ${entry.id}`)).rejects.toThrow();
    await expect(t.deps.db.execute(sql`delete from ledger_entries where id = ${entry.id}`)).rejects.toThrow();
    const n = rowsOf<{ n: number }>(await t.deps.db.execute(sql`select count(*)::int as n from ledger_lines where entry_id = ${entry.id} and amount_fen = 700`));
    expect(n[0].n).toBe(2);
  });
});

describe('reads', () => {
  it('statement: opening balance, running balances in date order, closing balance, keyset pages', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    await post(t.deps, [dr(bank.id, 1_000), cr(fund.id, 1_000)], { businessDate: '2026-09-30' });
    await post(t.deps, [dr(bank.id, 500), cr(fund.id, 500)], { businessDate: '2026-10-15' });
    await post(t.deps, [dr(fund.id, 200), cr(bank.id, 200)], { businessDate: '2026-10-02' });
    await post(t.deps, [dr(bank.id, 300), cr(fund.id, 300)], { businessDate: '2026-10-15' });
    await post(t.deps, [dr(bank.id, 9_999), cr(fund.id, 9_999)], { businessDate: '2026-11-01' });

    const all = await financeA.get(`${L}/accounts/${bank.id}/statement?from=2026-10-01&to=2026-10-31`);
    expect(all.statusCode, all.body).toBe(200);
    const s = all.json();
    expect(s.openingBalanceFen).toBe(1_000);
    expect(s.closingBalanceFen).toBe(1_600);
    expect(s.items.map((i: Json) => [i.businessDate, i.deltaFen, i.runningBalanceFen])).toEqual([
      ['2026-10-02', -200, 800],
      ['2026-10-15', 500, 1_300],
      ['2026-10-15', 300, 1_600],
    ]);
    expect(s.nextCursor).toBeNull();

    const pages: Json[] = [];
    let cursor: string | null = null;
    do {
      const r = await financeA.get(`${L}/accounts/${bank.id}/statement?from=2026-10-01&to=2026-10-31&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.statusCode, r.body).toBe(200);
      pages.push(...r.json().items);
      cursor = r.json().nextCursor;
    } while (cursor);
    expect(pages).toEqual(s.items);

    const fundSt = (await auditorA.get(`${L}/accounts/${fund.id}/statement?from=2026-01-01&to=2026-12-31`)).json();
    expect([fundSt.openingBalanceFen, fundSt.closingBalanceFen]).toEqual([0, 11_599]);
    expectError(await financeA.get(`${L}/accounts/${bank.id}/statement?from=2026-11-01&to=2026-10-01`), 400, 'VALIDATION_FAILED');
  });

  it('accounts list with balances, filtered by kind, keyset pages', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    await post(t.deps, [dr(bank.id, 42), cr(fund.id, 42)]);
    const r = await financeA.get(`${L}/accounts?kind=asset&limit=200`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items as Json[];
    expect(items.every((a) => a.kind === 'asset')).toBe(true);
    expect(items.find((a) => a.id === bank.id)).toMatchObject({ balanceFen: 42, currency: 'CNY' });
    const p1 = (await financeA.get(`${L}/accounts?limit=1`)).json();
    expect(p1.items).toHaveLength(1);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = (await financeA.get(`${L}/accounts?limit=1&cursor=${p1.nextCursor}`)).json();
    expect(p2.items[0].code > p1.items[0].code).toBe(true);
  });

  it('scope: another org’s accounts and entries answer 404; roles without ledger.read get 403', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    const { entry } = await post(t.deps, [dr(bank.id, 100), cr(fund.id, 100)]);
    expectError(await reviewerB.get(`${L}/accounts/${bank.id}`), 404, 'NOT_FOUND');
    expectError(await reviewerB.get(`${L}/accounts/${bank.id}/statement?from=2026-01-01&to=2026-12-31`), 404, 'NOT_FOUND');
    expectError(await reviewerB.get(`${L}/entries/${entry.id}`), 404, 'NOT_FOUND');
    const list = (await reviewerB.get(`${L}/accounts?limit=200`)).json();
    expect(list.items.some((a: Json) => a.orgId === orgA.id)).toBe(false);
    expectError(await cadreA.get(`${L}/accounts`), 403, 'FORBIDDEN');
    expectError(await reviewerB.get(`${L}/verify`), 403, 'FORBIDDEN');
    expect((await financeA.get(`${L}/accounts/${bank.id}`)).statusCode).toBe(200);
  });
});

describe('floors', () => {
  it('a posting that would take a budget below its floor is refused: 预算不足 / budget exhausted', async () => {
        const budget = await account(t.deps, orgA.id, 'equity', { floorFen: 0 });
    const bank = await account(t.deps, orgA.id, 'asset');
    await post(t.deps, [dr(bank.id, 150), cr(budget.id, 150)]);
    await post(t.deps, [dr(budget.id, 100), cr(bank.id, 100)]);
    const err = await post(t.deps, [dr(budget.id, 100), cr(bank.id, 100)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 409, code: 'BUDGET_EXHAUSTED' });
    expect(await balanceOf(budget.id)).toBe(50);
    const params = (err as { params: Record<string, unknown> }).params;
    expect(render('BUDGET_EXHAUSTED', 'zh-CN', params)).toMatch(/^预算不足/);
    expect(render('BUDGET_EXHAUSTED', 'en', params)).toMatch(/^Budget exhausted/);
  });

  it.skipIf(!onPostgres)('20 concurrent postings of 100 fen against room for 5: exactly 5 succeed', async () => {
        const budget = await account(t.deps, orgA.id, 'equity', { floorFen: 0 });
    const bank = await account(t.deps, orgA.id, 'asset');
    await post(t.deps, [dr(bank.id, 500), cr(budget.id, 500)]);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        withTx(t.deps.db, (tx) => postEntry(tx, t.deps, ledgerActor, { businessDate: '2026-11-30', memo: `并发 ${i}`, source: { type: 'test', id: String(i) }, lines: [dr(budget.id, 100), cr(bank.id, 100)] })),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(5);
    expect(refused.every((r) => (r.reason as { code?: string }).code === 'BUDGET_EXHAUSTED')).toBe(true);
    expect(await balanceOf(budget.id)).toBe(0);
    expect(await balanceOf(bank.id)).toBe(0);
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });
});

describe('verifyLedger', () => {
  it('finds a tampered balance, names the account, and passes again when repaired', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    await post(t.deps, [dr(bank.id, 1_234), cr(fund.id, 1_234)]);
    const fine = await financeA.get(`${L}/verify`);
    expect(fine.statusCode, fine.body).toBe(200);
    expect(fine.json().ok).toBe(true);
    await t.deps.db.execute(sql`update ledger_accounts set balance_fen = balance_fen + 1 where id = ${bank.id}`);
    const bad = (await auditorA.get(`${L}/verify`)).json();
    expect(bad).toMatchObject({ ok: false, problem: { kind: 'balance_mismatch', accountCode: bank.code, storedFen: 1_235, expectedFen: 1_234 } });
    expect(bad.message).toContain(bank.code);
    await t.deps.db.execute(sql`update ledger_accounts set balance_fen = balance_fen - 1 where id = ${bank.id}`);
    expect((await verifyLedger(t.deps.db)).ok).toBe(true);
  });

  // last in the file: the extra line stays (inserts are allowed, only changes are refused)
  it('names the first unbalanced entry', async () => {
    const bank = await account(t.deps, orgA.id, 'asset');
    const fund = await account(t.deps, orgA.id, 'equity');
    const { entry } = await post(t.deps, [dr(bank.id, 300), cr(fund.id, 300)]);
    await t.deps.db.execute(sql`insert into ledger_lines (id, entry_id, line_no, account_id, side, amount_fen, business_date, account_seq)
      values (${'01900000-0000-7000-8000-000000000001'}, ${entry.id}, 3, ${bank.id}, 'debit', 1, '2026-11-30', 99)`);
    const res = await verifyLedger(t.deps.db);
    expect(res).toMatchObject({ ok: false, problem: { kind: 'unbalanced_entry', entryNo: entry.entryNo } });
    expect(res.message).toContain(entry.entryNo);
  });
});
