import { z } from 'zod';

/**
 * 互助统计 Mutual-aid statistics: per region (the child orgs of the org shown) or per scheme, and per year — member
 * units, members, members covered, funds raised, arrears, claims by status and what was paid — with totals, within the
 * actor's org subtree. Amounts are integer fen; percentages have two decimals.
 *
 * What a year means for each figure: opt-ins, bills and contribution payments count in their scheme period (the year
 * a policy year starts in); claims in the year of their event date.
 */

/** Rows by the child orgs of the org shown (drill down the org tree) or by scheme. */
export const STATS_GROUPS = ['org', 'scheme'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

/** The claim statuses the statistics count (the claims table's). */
export const STATS_CLAIM_STATUSES = ['received', 'adjudicated', 'approved', 'paid', 'rejected', 'reversed'] as const;
export type StatsClaimStatus = (typeof STATS_CLAIM_STATUSES)[number];
export const STATS_CLAIM_STATUS_LABELS: Record<StatsClaimStatus, { zh: string; en: string }> = {
  received: { zh: '已受理', en: 'Received' },
  adjudicated: { zh: '已核算', en: 'Adjudicated' },
  approved: { zh: '已审批', en: 'Approved' },
  paid: { zh: '已给付', en: 'Paid' },
  rejected: { zh: '不予给付', en: 'Rejected' },
  reversed: { zh: '已冲销', en: 'Reversed' },
};

export const mutualAidStatsQuery = z.strictObject({
  /** A scheme period / event year; all years when left out. */
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  schemeCode: z.string().trim().min(1).max(32).optional(),
  /** The org whose children the rows are (default: the actor's org); must lie in the actor's subtree. */
  orgId: z.uuid().optional(),
  groupBy: z.enum(STATS_GROUPS).default('org'),
});
export type MutualAidStatsQuery = z.output<typeof mutualAidStatsQuery>;

export const claimCountsDto = z.object({
  received: z.number().int(),
  adjudicated: z.number().int(),
  approved: z.number().int(),
  paid: z.number().int(),
  rejected: z.number().int(),
  reversed: z.number().int(),
});
export type ClaimCounts = z.infer<typeof claimCountsDto>;

/** The figures of one row, one year or the totals. */
export const statsFiguresDto = z.object({
  /** Units with an active opt-in in the period. */
  units: z.number().int(),
  /** Distinct members with an active opt-in in the period. */
  members: z.number().int(),
  /** Distinct members with a paid (covered) opt-in in the period. */
  membersCovered: z.number().int(),
  /** membersCovered ÷ members, percent. */
  coveredPercent: z.number(),
  /** Contribution payments received for the period. */
  raisedFen: z.number().int(),
  /** This row's share of the total raised, percent (the rows add up to 100.00). */
  raisedPercent: z.number(),
  /** The period's bills: total, paid and arrears (total − paid). */
  billedFen: z.number().int(),
  billPaidFen: z.number().int(),
  arrearsFen: z.number().int(),
  /** billPaid ÷ billed, percent. */
  collectedPercent: z.number(),
  /** Claims by status (event date in the year). */
  claims: claimCountsDto,
  claimsTotal: z.number().int(),
  /** Claims paid: their number and the sum of their payouts (rejected and reversed claims never count). */
  paidCount: z.number().int(),
  paidFen: z.number().int(),
  /** paid ÷ raised, percent (赔付率). */
  payoutPercent: z.number(),
});
export type StatsFigures = z.infer<typeof statsFiguresDto>;

export const statsRowDto = statsFiguresDto.extend({
  /** The child org's id, the scheme's code, or `direct` for the units of the org shown itself. */
  key: z.string(),
  zh: z.string(),
  en: z.string(),
  /** A child org with children of its own: the page can drill into it. */
  drillable: z.boolean(),
});
export type StatsRowDto = z.infer<typeof statsRowDto>;
export const statsYearDto = statsFiguresDto.extend({ year: z.number().int() });
export type StatsYearDto = z.infer<typeof statsYearDto>;

export const mutualAidStatsResponse = z.object({
  filter: z.object({
    year: z.number().int().nullable(),
    schemeCode: z.string().nullable(),
    orgId: z.string(),
    orgName: z.string(),
    groupBy: z.enum(STATS_GROUPS),
  }),
  /** From the actor's org down to the org shown. */
  breadcrumb: z.array(z.object({ orgId: z.string(), name: z.string() })),
  /** Years that have any opt-in, bill, payment or claim in scope (newest first). */
  years: z.array(z.number().int()),
  /** Schemes that have units in scope, for the filter. */
  schemes: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
  rows: z.array(statsRowDto),
  totals: statsFiguresDto,
  /** Every year (the year filter left out), oldest first. */
  byYear: z.array(statsYearDto),
  /** The totals' claims by status with their shares (adding up to 100.00). */
  claimsByStatus: z.array(z.object({ status: z.enum(STATS_CLAIM_STATUSES), zh: z.string(), en: z.string(), count: z.number().int(), percent: z.number() })),
});
export type MutualAidStatsResponse = z.infer<typeof mutualAidStatsResponse>;
