import type { ClaimStatus } from '../../../contracts/mutual-aid-claims';
import type { ClaimInput } from '../../../contracts/mutual-aid';
import { type Accumulators, newAccumulators, parseDay } from './evaluate.rules';

/**
 * Pure rules of mutual-aid claims: the bill key that finds a bill claimed twice, hospital days from the dates, the
 * status machine, and the accumulators as sums of the stored claims' contributions (claim.table.ts explains why
 * they are not kept in a counter).
 */

// ---- the bill ----------------------------------------------------------------------------------

/** Trimmed, NFKC (full-width → half-width), upper case, without any white space. */
export function normaliseBillPart(s: string): string {
  return s.normalize('NFKC').toUpperCase().replace(/[\s\u3000]+/g, '');
}

/** The same bill of the same hospital, however typed: `hospital|number`, normalised; null when there is no bill number. */
export function billKey(hospital: string | null | undefined, billNumber: string | null | undefined): string | null {
  if (!billNumber || !normaliseBillPart(billNumber)) return null;
  return `${normaliseBillPart(hospital ?? '')}|${normaliseBillPart(billNumber)}`;
}

/** 住院天数: discharge − admission (the day of admission counts, the day of discharge not), at least one day. */
export function hospitalDaysBetween(admission: string, discharge: string): number {
  const d = parseDay(discharge) - parseDay(admission);
  return d < 1 ? 1 : d;
}

// ---- the status machine ------------------------------------------------------------------------

export const CLAIM_ACTIONS = ['adjudicate', 'approve', 'override', 'reject', 'pay', 'reverse'] as const;
export type ClaimAction = (typeof CLAIM_ACTIONS)[number];

const TRANSITIONS: Record<ClaimAction, { from: readonly ClaimStatus[]; to: ClaimStatus }> = {
  adjudicate: { from: ['received'], to: 'adjudicated' },
  approve: { from: ['adjudicated'], to: 'approved' },
  override: { from: ['adjudicated'], to: 'approved' },
  reject: { from: ['received', 'adjudicated'], to: 'rejected' },
  pay: { from: ['approved'], to: 'paid' },
  reverse: { from: ['approved', 'paid'], to: 'reversed' },
};

/** The status after the action, or null when the action is not allowed in this status. */
export function nextStatus(status: ClaimStatus, action: ClaimAction): ClaimStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** The statuses an action may start from (for messages). */
export const actionFrom = (action: ClaimAction): readonly ClaimStatus[] => TRANSITIONS[action].from;

/** Claims whose contributions are in the accumulators. */
export const COUNTED_STATUSES: readonly ClaimStatus[] = ['adjudicated', 'approved', 'paid'];
export const isCounted = (s: ClaimStatus) => COUNTED_STATUSES.includes(s);

// ---- accumulators from stored claims -----------------------------------------------------------

/** What one stored claim adds to its member's accumulators of its plan. */
export interface ClaimContribution {
  accPeriod: number | null;
  accBaseFen: number;
  accCountedFen: number;
  accPaidDays: number;
  accClaims: number;
  accDiagnosisCode: string | null;
  /** The amount that counts as paid: the engine's payout or the override. */
  payoutFen: number | null;
}

/** Adds one counted claim's contribution to the accumulators (in place). */
export function addContribution(acc: Accumulators, c: ClaimContribution): void {
  const paid = c.payoutFen ?? 0;
  if (c.accPeriod !== null) {
    let p = acc.periods.get(c.accPeriod);
    if (!p) {
      p = { baseFen: 0, countedFen: 0, paidFen: 0, paidDays: 0, claims: 0 };
      acc.periods.set(c.accPeriod, p);
    }
    p.baseFen += c.accBaseFen;
    p.countedFen += c.accCountedFen;
    p.paidFen += paid;
    p.paidDays += c.accPaidDays;
    p.claims += c.accClaims;
  }
  acc.lifetimePaidFen += paid;
  acc.lifetimePaidDays += c.accPaidDays;
  acc.lifetimeClaims += c.accClaims;
  if (c.accDiagnosisCode) acc.diagnosed.add(c.accDiagnosisCode);
}

/** The engine's accumulators of one member and plan: the sums over the claims that count (the caller filters them). */
export function accumulatorsOf(rows: readonly ClaimContribution[]): Accumulators {
  const acc = newAccumulators();
  for (const r of rows) addContribution(acc, r);
  return acc;
}

/** The period figures before a claim is evaluated, to take the claim's deltas afterwards. */
export interface PeriodSnapshot {
  baseFen: number;
  countedFen: number;
  paidDays: number;
  claims: number;
  diagnosed: number;
}

export function snapshot(acc: Accumulators, period: number): PeriodSnapshot {
  const p = acc.periods.get(period);
  return { baseFen: p?.baseFen ?? 0, countedFen: p?.countedFen ?? 0, paidDays: p?.paidDays ?? 0, claims: p?.claims ?? 0, diagnosed: acc.diagnosed.size };
}

/**
 * What the evaluation of one claim added: the accumulators after minus before, for the claim's period. The diagnosis
 * code is the one the engine added to the set (it adds at most one, and only when it pays).
 */
export function contributionOf(before: PeriodSnapshot, after: Accumulators, period: number, payoutFen: number): ClaimContribution {
  const p = after.periods.get(period);
  let code: string | null = null;
  // a Set iterates in insertion order: the code just added is the last one
  if (after.diagnosed.size > before.diagnosed) for (const c of after.diagnosed) code = c;
  return {
    accPeriod: period,
    accBaseFen: (p?.baseFen ?? 0) - before.baseFen,
    accCountedFen: (p?.countedFen ?? 0) - before.countedFen,
    accPaidDays: (p?.paidDays ?? 0) - before.paidDays,
    accClaims: (p?.claims ?? 0) - before.claims,
    accDiagnosisCode: code,
    payoutFen,
  };
}

/**
 * A reviewer's override changes what counts as paid; the paid-claim count follows the amount (a claim overridden to
 * nothing is no longer a paid claim, nor are its days or its first diagnosis; one overridden up from nothing is).
 */
export function overriddenContribution(c: ClaimContribution, payoutFen: number): ClaimContribution {
  if (payoutFen === 0) return { ...c, payoutFen, accClaims: 0, accPaidDays: 0, accDiagnosisCode: null };
  return { ...c, payoutFen, accClaims: 1 };
}

/** The engine's claim from a stored bill (absent facts are left out, as the engine expects). */
export function engineClaim(r: { eventDate: string; diagnosis: string | null; diagnosisIcd10: string | null; totalCostFen: number | null; insurancePaidFen: number | null; hospitalDays: number | null }): ClaimInput {
  const c: ClaimInput = { eventDate: r.eventDate };
  if (r.diagnosis !== null) c.diagnosis = r.diagnosis;
  if (r.diagnosisIcd10 !== null) c.diagnosisIcd10 = r.diagnosisIcd10;
  if (r.totalCostFen !== null) c.totalCostFen = Number(r.totalCostFen);
  if (r.insurancePaidFen !== null) c.insurancePaidFen = Number(r.insurancePaidFen);
  if (r.hospitalDays !== null) c.hospitalDays = r.hospitalDays;
  return c;
}

/** The claim number: HZ + year + six digits of the year's sequence (HZ2026000123). */
export const claimNumber = (year: string | number, seq: number) => `HZ${year}${String(seq).padStart(6, '0')}`;

/** A fact a plan needs that the intake did not give: the field and the message in both languages. */
export interface MissingFact {
  field: string;
  zh: string;
  en: string;
}

/**
 * What a plan of each kind needs from the bill before it can be adjudicated: a ratio plan the total cost (and, on
 * out-of-pocket, what social insurance paid), a per-diem plan the hospital days (or the dates), a lump-sum plan the
 * diagnosis. An allowance needs nothing beyond the event date.
 */
export function missingFacts(
  plan: { kind: 'ratio' | 'lump_sum' | 'per_diem' | 'allowance'; base?: 'out_of_pocket' | 'total_cost' },
  c: { totalCostFen?: number; insurancePaidFen?: number; hospitalDays?: number; diagnosis?: string; diagnosisIcd10?: string },
): MissingFact[] {
  const out: MissingFact[] = [];
  if (plan.kind === 'ratio') {
    if (c.totalCostFen === undefined) out.push({ field: 'totalCostFen', zh: '按比例报销须填住院总费用', en: 'a ratio plan needs the total cost' });
    if (plan.base === 'out_of_pocket' && c.insurancePaidFen === undefined) out.push({ field: 'insurancePaidFen', zh: '须填统筹（医保）支付金额，没有则填 0', en: 'give what social insurance paid (0 when nothing)' });
  } else if (plan.kind === 'per_diem') {
    if (c.hospitalDays === undefined) out.push({ field: 'hospitalDays', zh: '住院津贴须填住院天数或入出院日期', en: 'a per-diem plan needs the hospital days or the admission and discharge dates' });
  } else if (plan.kind === 'lump_sum') {
    if (c.diagnosis === undefined && c.diagnosisIcd10 === undefined) out.push({ field: 'diagnosisIcd10', zh: '一次性补助须填诊断（ICD-10 编码）', en: 'a lump-sum plan needs the diagnosis (ICD-10 code)' });
  }
  return out;
}
