import { z } from 'zod';
import { CANCEL_REASONS, HOUSEHOLD_STATUSES } from './registry';

/**
 * 动态管理 Dynamic management: annual review (年审), monthly income records, exit assessment (解困脱困) with
 * sign-off, cancellation, follow-up calls after exit, and the untouched / never-assisted lists.
 */

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
export const isoDate = z.iso.date();
const fen = z.number().int().min(0).max(100_000_000);
const cursorLimit = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};
const regionPrefix = z.string().regex(/^\d{2}(\d{2}(\d{2})?)?$/, 'a 2, 4 or 6-digit division code');

// ───────────── monthly income records ─────────────

export const INCOME_RECORD_SOURCES = ['annual_review', 'follow_up', 'manual', 'edit'] as const;
export type IncomeRecordSource = (typeof INCOME_RECORD_SOURCES)[number];
export const INCOME_RECORD_SOURCE_LABELS: Labels<IncomeRecordSource> = {
  annual_review: { zh: '年审', en: 'Annual review' },
  follow_up: { zh: '回访', en: 'Follow-up call' },
  manual: { zh: '手工录入', en: 'Manual entry' },
  edit: { zh: '档案修改', en: 'File edit' },
};

export const incomeRecordBody = z.strictObject({
  month: yearMonth,
  perCapitaIncomeFen: fen,
  note: z.string().trim().max(500).optional(),
});
export type IncomeRecordBody = z.infer<typeof incomeRecordBody>;

export const incomeRecordDto = z.object({
  id: z.string(),
  householdId: z.string(),
  month: z.string(),
  perCapitaIncomeFen: z.number().int(),
  source: z.enum(INCOME_RECORD_SOURCES),
  note: z.string().nullable(),
  recordedByName: z.string(),
  recordedAt: z.string(),
});
export type IncomeRecordDto = z.infer<typeof incomeRecordDto>;

// ───────────── exit rule (解困脱困) ─────────────

export const DEFAULT_EXIT_MONTHS = 6;

export const exitRuleDto = z.object({
  regionCode: z.string(),
  regionName: z.string().nullable(),
  consecutiveMonths: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type ExitRuleDto = z.infer<typeof exitRuleDto>;

export const putExitRuleBody = z.strictObject({ regionCode: regionPrefix, consecutiveMonths: z.number().int().min(1).max(36) });
export type PutExitRuleBody = z.infer<typeof putExitRuleBody>;

export const reasonDto = z.object({ code: z.string(), zh: z.string(), en: z.string() });

export const exitAssessmentDto = z.object({
  candidate: z.boolean(),
  streak: z.number().int(),
  requiredMonths: z.number().int(),
  nearLineFen: z.number().int().nullable(),
  latestIncomeFen: z.number().int().nullable(),
  openMeasures: z.number().int(),
  reasons: z.array(reasonDto),
});
export type ExitAssessmentDto = z.infer<typeof exitAssessmentDto>;

export const householdIncomeDto = z.object({ items: z.array(incomeRecordDto), assessment: exitAssessmentDto });

export const exitCandidateDto = z.object({
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  category: z.string().nullable(),
  version: z.number().int(),
  /** An annual review proposed the exit (pending the reviewer's sign-off). */
  proposed: z.boolean(),
  assessment: exitAssessmentDto,
});
export type ExitCandidateDto = z.infer<typeof exitCandidateDto>;

export const exitCandidatesQuery = z.strictObject({
  orgId: z.uuid().optional(),
  regionCode: regionPrefix.optional(),
  ...cursorLimit,
});
export type ExitCandidatesQuery = z.infer<typeof exitCandidatesQuery>;

export const exitBody = z.strictObject({ version: z.number().int().min(1), reason: z.string().trim().min(2).max(500) });
export type ExitBody = z.infer<typeof exitBody>;

export const cancelBody = z.strictObject({ version: z.number().int().min(1), cancelReason: z.enum(CANCEL_REASONS), reason: z.string().trim().min(2).max(500) });
export type CancelBody = z.infer<typeof cancelBody>;

export const transitionResultDto = z.object({ householdId: z.string(), status: z.enum(HOUSEHOLD_STATUSES), version: z.number().int(), archiveNo: z.string().nullable() });

// ───────────── annual review (年审) ─────────────

export const REVIEW_OUTCOMES = ['continue', 'propose_exit', 'propose_cancel'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const REVIEW_OUTCOME_LABELS: Labels<ReviewOutcome> = {
  continue: { zh: '继续帮扶', en: 'Continue' },
  propose_exit: { zh: '建议解困脱困', en: 'Propose exit' },
  propose_cancel: { zh: '建议注销', en: 'Propose cancellation' },
};
export const REVIEW_RESOLUTIONS = ['open', 'exited', 'cancelled', 'kept'] as const;
export type ReviewResolution = (typeof REVIEW_RESOLUTIONS)[number];

export const startReviewBody = z.strictObject({
  orgId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  /** defaults to 31 December of the year */
  dueDate: isoDate.optional(),
});
export type StartReviewBody = z.infer<typeof startReviewBody>;

export const reviewCampaignDto = z.object({
  id: z.string(),
  year: z.number().int(),
  orgId: z.string(),
  orgName: z.string(),
  dueDate: z.string(),
  startedByName: z.string(),
  startedAt: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  overdue: z.number().int(),
  /** Items added by this call (0 when re-run found nothing new). */
  scheduled: z.number().int().optional(),
});
export type ReviewCampaignDto = z.infer<typeof reviewCampaignDto>;

export const reviewProgressDto = z.object({
  items: z.array(z.object({ orgId: z.string(), orgName: z.string(), total: z.number().int(), done: z.number().int(), overdue: z.number().int() })),
});

export const reviewItemDto = z.object({
  id: z.string(),
  campaignId: z.string(),
  year: z.number().int(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  householdVersion: z.number().int(),
  householdStatus: z.enum(HOUSEHOLD_STATUSES),
  responsible: z.object({ userId: z.string(), name: z.string() }).nullable(),
  dueDate: z.string(),
  status: z.enum(['pending', 'done']),
  overdue: z.boolean(),
  outcome: z.enum(REVIEW_OUTCOMES).nullable(),
  perCapitaIncomeFen: z.number().int().nullable(),
  cancelReason: z.enum(CANCEL_REASONS).nullable(),
  notes: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  resolution: z.enum(REVIEW_RESOLUTIONS).nullable(),
});
export type ReviewItemDto = z.infer<typeof reviewItemDto>;

export const reviewItemsQuery = z.strictObject({
  campaignId: z.uuid().optional(),
  status: z.enum(['pending', 'done']).optional(),
  outcome: z.enum(REVIEW_OUTCOMES).optional(),
  resolution: z.enum(REVIEW_RESOLUTIONS).optional(),
  mine: z.enum(['true', 'false']).optional(),
  ...cursorLimit,
});
export type ReviewItemsQuery = z.infer<typeof reviewItemsQuery>;

export const recordReviewBody = z.strictObject({
  outcome: z.enum(REVIEW_OUTCOMES),
  /** updated per-capita monthly income (required to continue) */
  perCapitaIncomeFen: fen.optional(),
  cancelReason: z.enum(CANCEL_REASONS).optional(),
  notes: z.string().trim().max(1000).optional(),
});
export type RecordReviewBody = z.infer<typeof recordReviewBody>;

export const declineBody = z.strictObject({ reason: z.string().trim().min(2).max(500) });

// ───────────── follow-up calls (回访) ─────────────

export const FOLLOW_UP_MILESTONES = [3, 12] as const;
export const FOLLOW_UP_OUTCOMES = ['stable', 'relapsed'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
export const FOLLOW_UP_OUTCOME_LABELS: Labels<FollowUpOutcome> = {
  stable: { zh: '稳定', en: 'Stable' },
  relapsed: { zh: '返困', en: 'Relapsed' },
};
export const REOPEN_STATUSES = ['none', 'requested', 'reopened', 'declined'] as const;

export const followUpDueDto = z.object({
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  orgName: z.string(),
  exitedOn: z.string(),
  milestone: z.number().int(),
  dueDate: z.string(),
  overdue: z.boolean(),
  householdVersion: z.number().int(),
});
export type FollowUpDueDto = z.infer<typeof followUpDueDto>;

export const followUpDueQuery = z.strictObject({
  orgId: z.uuid().optional(),
  /** include calls due within this many days from today (past-due always included) */
  withinDays: z.coerce.number().int().min(0).max(400).default(30),
  ...cursorLimit,
});
export type FollowUpDueQuery = z.infer<typeof followUpDueQuery>;

export const recordFollowUpBody = z.strictObject({
  householdId: z.uuid(),
  milestone: z.union([z.literal(3), z.literal(12)]),
  callDate: isoDate,
  outcome: z.enum(FOLLOW_UP_OUTCOMES),
  notes: z.string().trim().max(1000).optional(),
  perCapitaIncomeFen: fen.optional(),
  /** a reviewer re-opens the file at once on a relapse (needs the file's version) */
  reopenNow: z.boolean().optional(),
  version: z.number().int().min(1).optional(),
});
export type RecordFollowUpBody = z.infer<typeof recordFollowUpBody>;

export const followUpCallDto = z.object({
  id: z.string(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  householdStatus: z.enum(HOUSEHOLD_STATUSES),
  householdVersion: z.number().int(),
  exitedOn: z.string(),
  milestone: z.number().int(),
  callDate: z.string(),
  calledByName: z.string(),
  outcome: z.enum(FOLLOW_UP_OUTCOMES),
  notes: z.string().nullable(),
  perCapitaIncomeFen: z.number().int().nullable(),
  reopenStatus: z.enum(REOPEN_STATUSES),
  reopenedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type FollowUpCallDto = z.infer<typeof followUpCallDto>;

export const followUpCallsQuery = z.strictObject({
  outcome: z.enum(FOLLOW_UP_OUTCOMES).optional(),
  reopenStatus: z.enum(REOPEN_STATUSES).optional(),
  ...cursorLimit,
});
export type FollowUpCallsQuery = z.infer<typeof followUpCallsQuery>;

export const reopenBody = z.strictObject({ version: z.number().int().min(1), reason: z.string().trim().min(2).max(500) });

// ───────────── lists ─────────────

export const dynamicListQuery = z.strictObject({
  orgId: z.uuid().optional(),
  regionCode: regionPrefix.optional(),
  category: z.enum(['dibao', 'near_dibao', 'accident']).optional(),
  ...cursorLimit,
});
export type DynamicListQuery = z.infer<typeof dynamicListQuery>;
export const dynamicListExportQuery = dynamicListQuery.omit({ cursor: true, limit: true });

export const dynamicListItem = z.object({
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  category: z.string().nullable(),
  level: z.string().nullable(),
  approvedOn: z.string().nullable(),
  lastTouchedAt: z.string(),
  completedMeasures: z.number().int(),
});
export type DynamicListItem = z.infer<typeof dynamicListItem>;
