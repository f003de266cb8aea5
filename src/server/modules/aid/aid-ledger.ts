import { eq } from 'drizzle-orm';
import { shanghaiDate } from '../../platform/dates';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { notFound } from '../../platform/http/errors';
import { type PostedEntry, ensureAccount, postEntry } from '../ledger/ledger.service';
import { orgs } from '../orgs/org.table';
import type { AidProgramRow } from './program.table';

/**
 * The aid module's chart of accounts and its postings. Every movement of aid money goes through here into the
 * ledger, in the caller's transaction. Accounts belong to the funding org (its finance staff and reviewers read them).
 *
 *   fund:<org>        equity     工会帮扶资金          money the org holds for assistance
 *   bank:<org>        asset      银行存款（帮扶资金）   the org's bank account
 *   budget:<program>  liability  项目预算（可用）       what is left to award; floor 0 — never overspent
 *   payable:<program> liability  应付救助款             approved awards not yet paid
 *   receivable:<org>  asset      应收追回款             recoveries due
 *
 *   deposit     Dr bank      Cr fund       (funds received)
 *   allocate    Dr fund      Cr budget     (program budget set or raised; lowered: the reverse)
 *   commit      Dr budget    Cr payable    (award approved — BUDGET_EXHAUSTED when the budget cannot cover it)
 *   release     reversal of the commit     (award revoked before payment)
 *   pay         Dr payable   Cr bank       (bank reports the transfer paid)
 *   recover     Dr receivable Cr fund      (paid award revoked: the household owes it back)
 *   installment Dr bank      Cr receivable (money received back)
 *   write-off   Dr fund      Cr receivable (approved write-off)
 */

type ClockDeps = Pick<Deps, 'clock'>;

export async function orgById(tx: Tx, orgId: string) {
  const [o] = await tx.select().from(orgs).where(eq(orgs.id, orgId));
  if (!o) throw notFound('org');
  return o;
}

export async function fundAccount(tx: Tx, deps: ClockDeps, actor: Actor, orgId: string) {
  const o = await orgById(tx, orgId);
  return ensureAccount(tx, deps, actor, { code: `fund:${o.code}`, nameZh: `${o.name}帮扶资金`, nameEn: `${o.code} aid fund`, kind: 'equity', orgId: o.id });
}

export async function bankAccount(tx: Tx, deps: ClockDeps, actor: Actor, orgId: string) {
  const o = await orgById(tx, orgId);
  return ensureAccount(tx, deps, actor, { code: `bank:${o.code}`, nameZh: `${o.name}银行存款（帮扶资金）`, nameEn: `${o.code} bank (aid)`, kind: 'asset', orgId: o.id });
}

export async function receivableAccount(tx: Tx, deps: ClockDeps, actor: Actor, orgId: string) {
  const o = await orgById(tx, orgId);
  return ensureAccount(tx, deps, actor, { code: `receivable:${o.code}`, nameZh: `${o.name}应收追回款`, nameEn: `${o.code} recoveries receivable`, kind: 'asset', orgId: o.id });
}

export async function budgetAccount(tx: Tx, deps: ClockDeps, actor: Actor, p: Pick<AidProgramRow, 'code' | 'name' | 'fundingOrgId'>) {
  return ensureAccount(tx, deps, actor, { code: `budget:${p.code}`, nameZh: `${p.name}预算（可用）`, nameEn: `${p.code} budget available`, kind: 'liability', orgId: p.fundingOrgId, floorFen: 0 });
}

export async function payableAccount(tx: Tx, deps: ClockDeps, actor: Actor, p: Pick<AidProgramRow, 'code' | 'name' | 'fundingOrgId'>) {
  return ensureAccount(tx, deps, actor, { code: `payable:${p.code}`, nameZh: `${p.name}应付救助款`, nameEn: `${p.code} awards payable`, kind: 'liability', orgId: p.fundingOrgId });
}

/** Today's business date in Asia/Shanghai. */
export const businessDate = shanghaiDate;

interface Move {
  debit: string;
  credit: string;
  amountFen: number;
  memo: string;
  source: { type: string; id: string };
}

/** One two-line entry dated today (Asia/Shanghai). */
export async function postMove(tx: Tx, deps: ClockDeps, actor: Actor, m: Move): Promise<PostedEntry> {
  return postEntry(tx, deps, actor, {
    businessDate: businessDate(deps.clock.now()),
    memo: m.memo,
    source: m.source,
    lines: [
      { accountId: m.debit, side: 'debit', amountFen: m.amountFen },
      { accountId: m.credit, side: 'credit', amountFen: m.amountFen },
    ],
  });
}

/** Source types the aid module writes on its entries (the household money view and the fund flow read them). */
export const AID_SOURCES = {
  deposit: 'aid_deposit',
  allocate: 'aid_budget',
  commit: 'aid_award',
  pay: 'aid_payment',
  recover: 'aid_recovery',
  installment: 'aid_recovery_installment',
  writeOff: 'aid_recovery_write_off',
} as const;
