import { type ClaimCounts, STATS_CLAIM_STATUSES, STATS_CLAIM_STATUS_LABELS, type StatsClaimStatus, type StatsFigures } from '../../../contracts/mutual-aid-stats';

/**
 * 互助统计 pure rules: the counted figures of a row merged from the aggregates of each table, the derived figures
 * (arrears, percentages) and totals.
 * Percentages are computed from integers in BigInt (sums of fen may exceed what a float multiplies exactly).
 */

/** What the queries count for one row (or year): integers only. */
export interface RawFigures {
  units: number;
  members: number;
  membersCovered: number;
  raisedFen: number;
  billedFen: number;
  billPaidFen: number;
  claims: ClaimCounts;
  paidCount: number;
  paidFen: number;
}

/** A partial row as one aggregate query answers it (a table gives some figures of some rows). */
export type RawPart = Partial<Omit<RawFigures, 'claims'>> & { claims?: Partial<ClaimCounts> };

const COUNT_KEYS = ['units', 'members', 'membersCovered', 'raisedFen', 'billedFen', 'billPaidFen', 'paidCount', 'paidFen'] as const;

export function emptyFigures(): RawFigures {
  return { units: 0, members: 0, membersCovered: 0, raisedFen: 0, billedFen: 0, billPaidFen: 0, claims: { received: 0, adjudicated: 0, approved: 0, paid: 0, rejected: 0, reversed: 0 }, paidCount: 0, paidFen: 0 };
}

/** a + b, figure by figure (the parts of a partition add up: a unit, member, bill or claim lies in one row). */
export function addFigures(a: RawFigures, b: RawPart): RawFigures {
  const out: RawFigures = { ...a, claims: { ...a.claims } };
  for (const k of COUNT_KEYS) out[k] += Number(b[k] ?? 0);
  for (const s of STATS_CLAIM_STATUSES) out.claims[s] += Number(b.claims?.[s] ?? 0);
  return out;
}

/** Merges the parts answered by several queries into one figure set per key, keys in first-seen order. */
export function mergeParts(parts: ReadonlyArray<readonly [string, RawPart]>): Map<string, RawFigures> {
  const out = new Map<string, RawFigures>();
  for (const [key, part] of parts) out.set(key, addFigures(out.get(key) ?? emptyFigures(), part));
  return out;
}

/** part ÷ whole in percent with two decimals, rounded half up; 0 when the whole is 0. Exact for any safe integers. */
export function percentOf(part: number, whole: number): number {
  if (whole <= 0) return 0;
  const hundredths = (BigInt(part) * 20000n + BigInt(whole)) / (2n * BigInt(whole));
  return Number(hundredths) / 100;
}

/**
 * Shares of a breakdown in percent with two decimals, apportioned by largest remainder in hundredths so that they
 * add up to the counted part's share of `total` (100.00 when the parts are the whole). Exact integer arithmetic.
 */
export function percentages(parts: readonly number[], total: number): number[] {
  if (total <= 0) return parts.map(() => 0);
  const T = BigInt(total);
  const scaled = parts.map((p) => BigInt(p) * 10000n);
  const floors = scaled.map((s) => s / T);
  const rems = scaled.map((s) => s % T);
  const sum = parts.reduce((a, b) => a + BigInt(b), 0n);
  let rest = Number((sum * 20000n + T) / (2n * T) - floors.reduce((a, b) => a + b, 0n));
  const order = parts.map((_, i) => i).sort((a, b) => (rems[b]! > rems[a]! ? 1 : rems[b]! < rems[a]! ? -1 : a - b));
  const out = floors.map(Number);
  for (const i of order) {
    if (rest <= 0) break;
    if (rems[i] === 0n) continue;
    out[i]!++;
    rest--;
  }
  return out.map((h) => h / 100);
}

export function claimsTotal(c: ClaimCounts): number {
  return STATS_CLAIM_STATUSES.reduce((s, k) => s + c[k], 0);
}

/** The derived figures of a row: arrears and percentages. `raisedPercent` is the row's share of the total raised. */
export function finishFigures(raw: RawFigures, raisedPercent: number): StatsFigures {
  return {
    units: raw.units,
    members: raw.members,
    membersCovered: raw.membersCovered,
    coveredPercent: percentOf(raw.membersCovered, raw.members),
    raisedFen: raw.raisedFen,
    raisedPercent,
    billedFen: raw.billedFen,
    billPaidFen: raw.billPaidFen,
    arrearsFen: raw.billedFen - raw.billPaidFen,
    collectedPercent: percentOf(raw.billPaidFen, raw.billedFen),
    claims: { ...raw.claims },
    claimsTotal: claimsTotal(raw.claims),
    paidCount: raw.paidCount,
    paidFen: raw.paidFen,
    payoutPercent: percentOf(raw.paidFen, raw.raisedFen),
  };
}

/** The rows with their shares of the total raised, and the totals (the sums of the rows). */
export function finishRows<R extends { raw: RawFigures }>(rows: readonly R[]): { rows: Array<Omit<R, 'raw'> & StatsFigures>; totals: StatsFigures } {
  const total = rows.reduce((t, r) => addFigures(t, r.raw), emptyFigures());
  const shares = percentages(
    rows.map((r) => r.raw.raisedFen),
    total.raisedFen,
  );
  return {
    rows: rows.map(({ raw, ...rest }, i) => ({ ...rest, ...finishFigures(raw, shares[i]!) })),
    totals: finishFigures(total, total.raisedFen > 0 ? 100 : 0),
  };
}

/** Claims by status with their shares of all claims. */
export function claimsByStatus(c: ClaimCounts): Array<{ status: StatsClaimStatus; zh: string; en: string; count: number; percent: number }> {
  const pct = percentages(
    STATS_CLAIM_STATUSES.map((s) => c[s]),
    claimsTotal(c),
  );
  return STATS_CLAIM_STATUSES.map((s, i) => ({ status: s, ...STATS_CLAIM_STATUS_LABELS[s], count: c[s], percent: pct[i]! }));
}

