import { z } from 'zod';
import { HOUSEHOLD_STATUSES, STATUS_LABELS } from './registry';

/** Which files the statistics count: the open ones (default), all, or one status. */
export const STATS_STATUS_FILTERS = ['open', 'all', ...HOUSEHOLD_STATUSES] as const;
export type StatsStatusFilter = (typeof STATS_STATUS_FILTERS)[number];
export const STATS_STATUS_FILTER_LABELS: Record<StatsStatusFilter, { zh: string; en: string }> = {
  open: { zh: '在册档案（未脱困、未注销）', en: 'Open files' },
  all: { zh: '全部档案', en: 'All files' },
  ...STATUS_LABELS,
};

export const registryStatsQuery = z.strictObject({
  /** limit to an org's subtree (and, for a federation, its division); must be in the actor's scope */
  orgId: z.uuid().optional(),
  /** limit to a division (2, 4 or 6-digit GB/T 2260 code); the breakdown by region lists its children */
  regionCode: z
    .string()
    .regex(/^\d{2}(\d{2}){0,2}$/, 'GB/T 2260 code of 2, 4 or 6 digits')
    .optional(),
  status: z.enum(STATS_STATUS_FILTERS).default('open'),
});
export type RegistryStatsQuery = z.infer<typeof registryStatsQuery>;

/** A count and its share of the whole in percent with two decimals (shares of one breakdown add up to 100.00). */
export const statsBucket = z.object({
  key: z.string(),
  zh: z.string(),
  en: z.string(),
  count: z.number().int(),
  percent: z.number(),
});
export type StatsBucket = z.infer<typeof statsBucket>;

export const statsCount = z.object({ count: z.number().int(), percent: z.number() });

export const registryStatsResponse = z.object({
  filter: z.object({
    orgId: z.string().nullable(),
    orgName: z.string().nullable(),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
    status: z.enum(STATS_STATUS_FILTERS),
  }),
  /** households counted */
  households: z.number().int(),
  /** people in them (sum of household sizes) */
  members: z.number().int(),
  byCategory: z.array(statsBucket),
  byLevel: z.array(statsBucket),
  byCause: z.array(statsBucket),
  byStatus: z.array(statsBucket),
  /** children of the region (province → cities, city → counties), for drill-down; empty below a county */
  byRegion: z.array(statsBucket),
  /** the owning unions, when the region is a county */
  byOrg: z.array(statsBucket),
  /** households with at least one student, and the number of students */
  students: z.object({ households: z.number().int(), percent: z.number(), students: z.number().int() }),
  seriousIllness: statsCount,
  extremeHardship: statsCount,
});
export type RegistryStatsResponse = z.infer<typeof registryStatsResponse>;
