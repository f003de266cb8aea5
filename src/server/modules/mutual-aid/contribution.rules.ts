import { type ContributionBasis, type MemberStatus, type Payer, type Scheme, PAYERS } from '../../../contracts/mutual-aid';

/**
 * Contributions (互助金): the bill of a member unit for one period, split by payer, from the scheme's
 * contribution rules; and the funding of an allowance plan split by its funding shares. Pure; integer fen.
 */

export interface BillLine {
  payer: Payer;
  basis: ContributionBasis;
  memberStatus: MemberStatus | 'any';
  amountFen: number;
  /** Members, plan choices or households the amount is counted for. */
  quantity: number;
  subtotalFen: number;
}

export interface Bill {
  byPayer: Partial<Record<Payer, number>>;
  totalFen: number;
  lines: BillLine[];
}

/** A group of members of one status, each with the same plan choice (plans matter for per-plan rules). */
export interface MemberGroup {
  status: MemberStatus;
  count: number;
  planCodes?: readonly string[];
}

export class ContributionError extends Error {
  constructor(
    public readonly problem: 'unknown_plan' | 'too_many_plans' | 'no_funding' | 'bad_quantity',
    message: string,
  ) {
    super(message);
    this.name = 'ContributionError';
  }
}

function finish(lines: BillLine[]): Bill {
  const byPayer: Partial<Record<Payer, number>> = {};
  let totalFen = 0;
  for (const l of lines) {
    byPayer[l.payer] = (byPayer[l.payer] ?? 0) + l.subtotalFen;
    totalFen += l.subtotalFen;
  }
  // payers in the canonical order, so bills compare equal however the rules were listed
  const ordered: Partial<Record<Payer, number>> = {};
  for (const p of PAYERS) if (byPayer[p] !== undefined) ordered[p] = byPayer[p];
  return { byPayer: ordered, totalFen, lines };
}

/**
 * The bill for member groups (and households, for per-household rules) under a scheme for one period.
 * A rule applies to a member whose status it names or to any member (`any`).
 */
export function contributionBill(scheme: Scheme, groups: readonly MemberGroup[], households = 0): Bill {
  if (!Number.isSafeInteger(households) || households < 0) throw new ContributionError('bad_quantity', 'households is a whole number ≥ 0');
  const planCodes = new Set(scheme.plans.map((p) => p.code));
  const lines: BillLine[] = [];
  for (const g of groups) {
    if (!Number.isSafeInteger(g.count) || g.count < 0) throw new ContributionError('bad_quantity', 'count is a whole number ≥ 0');
    const plans = [...new Set(g.planCodes ?? [])];
    for (const c of plans) if (!planCodes.has(c)) throw new ContributionError('unknown_plan', `no plan ${c} in scheme ${scheme.code}`);
    if (scheme.maxPlansPerMember !== undefined && plans.length > scheme.maxPlansPerMember) {
      throw new ContributionError('too_many_plans', `a member chooses at most ${scheme.maxPlansPerMember} plans`);
    }
    for (const r of scheme.contributions) {
      if (r.memberStatus !== 'any' && r.memberStatus !== g.status) continue;
      if (r.basis === 'per_household') continue;
      const quantity = r.basis === 'per_member' ? g.count : g.count * plans.length;
      if (quantity === 0) continue;
      lines.push({ payer: r.payer, basis: r.basis, memberStatus: r.memberStatus, amountFen: r.amountFen, quantity, subtotalFen: r.amountFen * quantity });
    }
  }
  if (households > 0) {
    for (const r of scheme.contributions) {
      if (r.basis !== 'per_household') continue;
      lines.push({ payer: r.payer, basis: r.basis, memberStatus: r.memberStatus, amountFen: r.amountFen, quantity: households, subtotalFen: r.amountFen * households });
    }
  }
  return finish(lines);
}

/** One member's contribution for a period (the usual question at enrolment). */
export function memberContribution(scheme: Scheme, status: MemberStatus, planCodes?: readonly string[]): Bill {
  return contributionBill(scheme, [{ status, count: 1, planCodes }]);
}

/**
 * Funding of an allowance plan for a number of households: amount × households, split by the plan's funding
 * shares. Each share is rounded down and the fen left over go, one each, to the largest remainders (ties: the
 * order of the shares), so the parts always add up to the total.
 */
export function allowanceFunding(scheme: Scheme, planCode: string, households: number): Bill {
  const plan = scheme.plans.find((p) => p.code === planCode);
  if (!plan) throw new ContributionError('unknown_plan', `no plan ${planCode} in scheme ${scheme.code}`);
  if (plan.kind !== 'allowance' || !plan.funding?.length) throw new ContributionError('no_funding', `plan ${planCode} has no funding shares`);
  if (!Number.isSafeInteger(households) || households < 0) throw new ContributionError('bad_quantity', 'households is a whole number ≥ 0');
  const total = plan.amountFen * households;
  const parts = splitByShares(
    total,
    plan.funding.map((f) => f.shareBp),
  );
  const lines: BillLine[] = plan.funding.map((f, i) => ({
    payer: f.payer,
    basis: 'per_household',
    memberStatus: 'any',
    amountFen: plan.amountFen,
    quantity: households,
    subtotalFen: parts[i]!,
  }));
  return finish(lines);
}

/** Splits an amount by shares in bp (adding up to 10000) exactly: floors plus largest remainders. */
export function splitByShares(totalFen: number, sharesBp: readonly number[]): number[] {
  const big = BigInt(totalFen);
  const parts = sharesBp.map((s) => Number((big * BigInt(s)) / 10000n));
  const rems = sharesBp.map((s, i) => ({ i, r: Number((big * BigInt(s)) % 10000n) }));
  let left = totalFen - parts.reduce((a, b) => a + b, 0);
  rems.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0 && k < rems.length; k++, left--) parts[rems[k]!.i]! += 1;
  return parts;
}
