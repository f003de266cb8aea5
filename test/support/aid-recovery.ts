import { eq, sql } from 'drizzle-orm';
import type { AwardStatus } from '../../src/contracts/aid';
import { rowsOf } from '../../src/server/platform/db/client';
import { type Tx, withTx } from '../../src/server/platform/db/tx';
import type { Deps } from '../../src/server/platform/deps';
import { type Actor, systemActor } from '../../src/server/platform/http/actor';
import { uuidv7 } from '../../src/server/platform/ids';
import { postEntry } from '../../src/server/modules/ledger/ledger.service';
import { AID_SOURCES, bankAccount, budgetAccount, businessDate, fundAccount, payableAccount } from '../../src/server/modules/aid/aid-ledger';
import { aidAwards } from '../../src/server/modules/aid/award.table';
import { aidBatches, aidPayments } from '../../src/server/modules/aid/disbursement.table';
import { type AidProgramRow, aidProgramVersions, aidPrograms } from '../../src/server/modules/aid/program.table';

/**
 * Aid fixtures written straight into the aid tables, with the ledger entries the real services post (deposit,
 * allocate, commit, pay), so revocation, recovery and the reports can be tested on their own.
 */
export const aidFixtureActor: Actor = systemActor('aid-test');

let seq = 0;

async function move(tx: Tx, deps: Deps, debit: string, credit: string, amountFen: number, memo: string, source: { type: string; id: string }, on?: string) {
  return postEntry(tx, deps, aidFixtureActor, {
    businessDate: on ?? businessDate(deps.clock.now()),
    memo,
    source,
    lines: [
      { accountId: debit, side: 'debit', amountFen },
      { accountId: credit, side: 'credit', amountFen },
    ],
  });
}

/** A program of the funding org with its budget deposited into the org's bank and allocated to the program. */
export async function makeProgram(deps: Deps, o: { fundingOrgId: string; budgetFen: number; year?: number; name?: string; type?: string }): Promise<AidProgramRow> {
  return withTx(deps.db, async (tx) => {
    const n = ++seq;
    const [{ path }] = rowsOf<{ path: string }>(await tx.execute(sql`select path from orgs where id = ${o.fundingOrgId}`));
    const code = `AP-T${process.pid.toString(36)}-${Date.now().toString(36)}${n}`;
    const name = o.name ?? `测试项目${n}`;
    const budget = await budgetAccount(tx, deps, aidFixtureActor, { code, name, fundingOrgId: o.fundingOrgId });
    const now = deps.clock.now();
    const year = o.year ?? 2026;
    const row: AidProgramRow = {
      id: uuidv7(),
      code,
      name,
      type: o.type ?? 'living_aid',
      customType: null,
      fundingOrgId: o.fundingOrgId,
      orgPath: path,
      year,
      budgetFen: o.budgetFen,
      windowStart: `${year}-01-01`,
      windowEnd: `${year}-12-31`,
      noticeDays: 5,
      status: 'open',
      currentVersion: 1,
      budgetAccountId: budget.id,
      createdBy: aidFixtureActor.userId,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await tx.insert(aidPrograms).values(row);
    await tx.insert(aidProgramVersions).values({ id: uuidv7(), programId: row.id, version: 1, eligibility: {}, amount: { mode: 'fixed', amountFen: 100000 }, note: null, createdBy: aidFixtureActor.userId, createdByName: 'test', createdAt: now });
    const fund = await fundAccount(tx, deps, aidFixtureActor, o.fundingOrgId);
    const bank = await bankAccount(tx, deps, aidFixtureActor, o.fundingOrgId);
    await move(tx, deps, bank.id, fund.id, o.budgetFen, '入账 / deposit', { type: AID_SOURCES.deposit, id: row.id });
    await move(tx, deps, fund.id, budget.id, o.budgetFen, `${name}预算 / budget`, { type: AID_SOURCES.allocate, id: row.id });
    return row;
  });
}

export interface FixtureHousehold {
  id: string;
  orgId: string;
  orgPath: string;
  regionCode: string;
}

export interface FixtureAward {
  id: string;
  awardNo: string;
  amountFen: number;
  commitEntryId: string | null;
  paymentId: string | null;
  batchId: string | null;
  payEntryId: string | null;
}

/**
 * An award of the program to the household in the given status: approved onwards its amount is committed (Dr budget,
 * Cr payable); batched has a pending payment in a batch (draft or exported); paid has a paid payment and its entry
 * (Dr payable, Cr bank) dated `paidOn`.
 */
export async function makeAward(
  deps: Deps,
  program: AidProgramRow,
  h: FixtureHousehold,
  o: { amountFen: number; status: AwardStatus; batchStatus?: 'draft' | 'exported'; paidOn?: string; category?: string },
): Promise<FixtureAward> {
  return withTx(deps.db, async (tx) => {
    const n = ++seq;
    const now = deps.clock.now();
    const id = uuidv7();
    const awardNo = `AA-T${process.pid.toString(36)}-${Date.now().toString(36)}${n}`;
    await tx.insert(aidAwards).values({
      id,
      awardNo,
      programId: program.id,
      programVersion: 1,
      year: program.year,
      householdId: h.id,
      orgId: h.orgId,
      orgPath: h.orgPath,
      regionCode: h.regionCode,
      category: o.category ?? 'dibao',
      level: 'deep',
      amountFen: o.amountFen,
      explanation: { checks: [], amountExplain: { zh: '固定金额', en: 'fixed' } },
      payeeName: '测试收款人',
      payeeBankName: '测试银行',
      payeeAccountEnc: deps.cipher.encrypt('6222020200112233445'),
      status: o.status,
      appliedBy: aidFixtureActor.userId,
      appliedByName: 'test',
      appliedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const out: FixtureAward = { id, awardNo, amountFen: o.amountFen, commitEntryId: null, paymentId: null, batchId: null, payEntryId: null };
    if (o.status === 'submitted' || o.status === 'rejected' || o.status === 'withdrawn') return out;
    const budget = await budgetAccount(tx, deps, aidFixtureActor, program);
    const payable = await payableAccount(tx, deps, aidFixtureActor, program);
    const commit = await move(tx, deps, budget.id, payable.id, o.amountFen, `审核通过 ${awardNo} / award approved`, { type: AID_SOURCES.commit, id });
    out.commitEntryId = commit.entry.id;
    await tx.update(aidAwards).set({ commitEntryId: commit.entry.id, reviewedBy: aidFixtureActor.userId, reviewedByName: 'test', reviewedAt: now }).where(eq(aidAwards.id, id));
    if (o.status !== 'batched' && o.status !== 'paid') return out;
    const batchId = uuidv7();
    const batchStatus = o.status === 'paid' ? 'settled' : (o.batchStatus ?? 'draft');
    await tx.insert(aidBatches).values({ id: batchId, batchNo: `AB-T-${n}-${Date.now().toString(36)}`, programId: program.id, orgPath: program.orgPath, status: batchStatus, itemCount: 1, totalFen: o.amountFen, createdBy: aidFixtureActor.userId, createdByName: 'test', createdAt: now, exportCount: batchStatus === 'draft' ? 0 : 1 });
    const paymentId = uuidv7();
    await tx.insert(aidPayments).values({ id: paymentId, batchId, awardId: id, householdId: h.id, lineNo: 1, reference: `REF-${n}-${paymentId.slice(-8)}`, amountFen: o.amountFen, payeeName: '测试收款人', bankName: '测试银行', accountEnc: deps.cipher.encrypt('6222020200112233445'), status: o.status === 'paid' ? 'paid' : 'pending', createdAt: now });
    out.paymentId = paymentId;
    out.batchId = batchId;
    if (o.status === 'paid') {
      const bank = await bankAccount(tx, deps, aidFixtureActor, program.fundingOrgId);
      const pay = await move(tx, deps, payable.id, bank.id, o.amountFen, `发放 ${awardNo} / paid`, { type: AID_SOURCES.pay, id: paymentId }, o.paidOn);
      out.payEntryId = pay.entry.id;
      await tx.update(aidPayments).set({ entryId: pay.entry.id, resultAt: now }).where(eq(aidPayments.id, paymentId));
      await tx.update(aidAwards).set({ paidAt: now }).where(eq(aidAwards.id, id));
    }
    return out;
  });
}

/** The stored balance of an account by code. */
export async function balanceOf(deps: Deps, code: string): Promise<number> {
  const [r] = rowsOf<{ b: string }>(await deps.db.execute(sql`select balance_fen::text as b from ledger_accounts where code = ${code}`));
  return r ? Number(r.b) : 0;
}

export async function balanceById(deps: Deps, id: string): Promise<number> {
  const [r] = rowsOf<{ b: string }>(await deps.db.execute(sql`select balance_fen::text as b from ledger_accounts where id = ${id}`));
  return Number(r.b);
}
