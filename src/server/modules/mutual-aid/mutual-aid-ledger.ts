import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/tx';
import type { Deps } from '../../platform/deps';
import type { Actor } from '../../platform/http/actor';
import { notFound } from '../../platform/http/errors';
import { postMove } from '../aid/aid-ledger';
import { ensureAccount } from '../ledger/ledger.service';
import { orgs } from '../orgs/org.table';
import { mutualAidSchemeVersions } from './scheme.table';

/**
 * The mutual-aid chart of accounts and its postings. Every movement of mutual-aid money goes through here into the
 * ledger, in the caller's transaction. A scheme's accounts belong to the federation that runs it (the org of its
 * published versions), so that federation's finance staff and reviewers read them.
 *
 *   ma-bank:<scheme>        asset      互助金银行存款      the scheme's bank account
 *   ma-pool:<scheme>        equity     互助金（资金池）     contributions raised less payouts; floor 0 — never overdrawn
 *   ma-payable:<scheme>     liability  应付互助金          approved claims not yet paid
 *   ma-receivable:<scheme>  asset      应收互助金追回款     paid claims reversed: owed back
 *
 *   contribution  Dr ma-bank        Cr ma-pool        (a unit's contribution received)
 *   approve       Dr ma-pool        Cr ma-payable     (claim approved — POOL short: 409 BUDGET_EXHAUSTED)
 *   pay           Dr ma-payable     Cr ma-bank        (claim paid)
 *   reverse       before payment: reversal of the approval; after payment: Dr ma-receivable Cr ma-pool
 *
 * So the pool's balance is always contributions received minus the payouts that stand.
 */

type ClockDeps = Pick<Deps, 'clock'>;

/** Source types written on mutual-aid entries. */
export const MA_SOURCES = {
  contribution: 'ma_contribution',
  approve: 'ma_claim_approval',
  pay: 'ma_claim_payment',
  reverse: 'ma_claim_reversal',
} as const;

/** The federation that runs a scheme (the org of its latest version) and the scheme's name. */
export async function schemeOwner(tx: Tx, schemeCode: string): Promise<{ orgId: string; nameZh: string; nameEn: string }> {
  const rows = await tx
    .select({ orgId: mutualAidSchemeVersions.orgId, version: mutualAidSchemeVersions.version, scheme: mutualAidSchemeVersions.scheme })
    .from(mutualAidSchemeVersions)
    .where(eq(mutualAidSchemeVersions.code, schemeCode));
  if (rows.length === 0) throw notFound('mutual_aid_scheme_version');
  const latest = rows.reduce((m, r) => (r.version > m.version ? r : m));
  const name = (latest.scheme as { name: { zh: string; en: string } }).name;
  const [o] = await tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, latest.orgId));
  if (!o) throw notFound('org');
  return { orgId: o.id, nameZh: name.zh, nameEn: name.en };
}

export interface SchemeAccounts {
  bank: string;
  pool: string;
  payable: string;
  receivable: string;
}

/** The scheme's four accounts (created when missing, in the caller's transaction); ids. */
export async function schemeAccounts(tx: Tx, deps: ClockDeps, actor: Actor, schemeCode: string): Promise<SchemeAccounts> {
  const o = await schemeOwner(tx, schemeCode);
  const acc = (code: string, nameZh: string, nameEn: string, kind: 'asset' | 'equity' | 'liability', floorFen?: number) =>
    ensureAccount(tx, deps, actor, { code: `${code}:${schemeCode}`, nameZh: `${o.nameZh}${nameZh}`, nameEn: `${o.nameEn} ${nameEn}`, kind, orgId: o.orgId, ...(floorFen === undefined ? {} : { floorFen }) });
  const bank = await acc('ma-bank', '银行存款', 'bank', 'asset');
  const pool = await acc('ma-pool', '互助金（资金池）', 'pool', 'equity', 0);
  const payable = await acc('ma-payable', '应付互助金', 'claims payable', 'liability');
  const receivable = await acc('ma-receivable', '应收互助金追回款', 'claims receivable', 'asset');
  return { bank: bank.id, pool: pool.id, payable: payable.id, receivable: receivable.id };
}

export { postMove };
