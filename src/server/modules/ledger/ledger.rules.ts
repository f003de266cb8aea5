/**
 * Pure rules of the double-entry ledger.
 *
 * Sign convention: every account has a normal side given by its kind. asset and expense are debit-normal
 * (balance = debits − credits); liability, equity and income are credit-normal (balance = credits − debits).
 * The stored balance is in that normal sign, so a fund, a budget or a bank account normally shows a positive amount.
 */
export const ACCOUNT_KINDS = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
export const SIDES = ['debit', 'credit'] as const;
export type Side = (typeof SIDES)[number];

export interface LineInput {
  accountId: string;
  side: Side;
  amountFen: number;
}

export type EntryProblem =
  | { code: 'too_few_lines'; zh: string; en: string }
  | { code: 'bad_amount'; line: number; zh: string; en: string }
  | { code: 'bad_side'; line: number; zh: string; en: string }
  | { code: 'unbalanced'; debitFen: number; creditFen: number; zh: string; en: string }
  | { code: 'duplicate_account'; line: number; zh: string; en: string };

export function normalSide(kind: AccountKind): Side {
  return kind === 'asset' || kind === 'expense' ? 'debit' : 'credit';
}

/** The change a line makes to an account's balance in the account's normal sign. */
export function balanceDelta(kind: AccountKind, side: Side, amountFen: number): number {
  return side === normalSide(kind) ? amountFen : -amountFen;
}

/** Checks an entry's lines; the first problem found, or null when the entry may be posted. */
export function checkEntry(lines: readonly LineInput[]): EntryProblem | null {
  if (!Array.isArray(lines) || lines.length < 2) return { code: 'too_few_lines', zh: '分录至少需要两行', en: 'an entry needs at least two lines' };
  let debit = 0n;
  let credit = 0n;
  const seen = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.side !== 'debit' && l.side !== 'credit') return { code: 'bad_side', line: i, zh: `第 ${i + 1} 行借贷方向无效`, en: `line ${i + 1}: side must be debit or credit` };
    if (typeof l.amountFen !== 'number' || !Number.isSafeInteger(l.amountFen) || l.amountFen <= 0) {
      return { code: 'bad_amount', line: i, zh: `第 ${i + 1} 行金额必须是正整数（分）`, en: `line ${i + 1}: the amount must be a positive integer number of fen` };
    }
    const key = `${l.side}:${l.accountId}`;
    if (seen.has(key)) return { code: 'duplicate_account', line: i, zh: `第 ${i + 1} 行：同一科目在同一方向出现两次`, en: `line ${i + 1}: the same account twice on the same side` };
    seen.add(key);
    if (l.side === 'debit') debit += BigInt(l.amountFen);
    else credit += BigInt(l.amountFen);
  }
  if (debit !== credit) {
    return { code: 'unbalanced', debitFen: Number(debit), creditFen: Number(credit), zh: `借贷不平衡（借 ${debit} 分，贷 ${credit} 分）`, en: `debits (${debit}) and credits (${credit}) differ` };
  }
  return null;
}

/** The mirror of an entry's lines: every debit becomes a credit of the same amount and vice versa. */
export function mirrorLines(lines: readonly LineInput[]): LineInput[] {
  return lines.map((l) => ({ accountId: l.accountId, side: l.side === 'debit' ? 'credit' : 'debit', amountFen: l.amountFen }));
}

/** Whether a new balance crosses the account's floor (no floor: never). */
export function crossesFloor(newBalanceFen: number, floorFen: number | null | undefined): boolean {
  return floorFen !== null && floorFen !== undefined && newBalanceFen < floorFen;
}
