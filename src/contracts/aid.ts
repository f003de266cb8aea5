import { z } from 'zod';
import { CATEGORIES, CAUSES, LEVELS, SCHOOLING_STAGES } from './registry';

/**
 * 帮扶项目、申请与发放、追回 Assistance programs, applications and awards, public notice, disbursement, recovery,
 * the household money view and the aid reports: enums, labels and the API's Zod schemas. Amounts are integer fen.
 */

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

const fen = z.number().int().min(0).max(1_000_000_000_000);
const positiveFen = z.number().int().min(1).max(1_000_000_000_000);
const isoDate = z.iso.date();
const cursorLimit = {
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

// ───── programs ─────

export const PROGRAM_TYPES = ['student_aid', 'holiday_relief', 'living_aid', 'medical_aid', 'custom'] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];
export const PROGRAM_TYPE_LABELS: Labels<ProgramType> = {
  student_aid: { zh: '金秋助学', en: 'Student aid' },
  holiday_relief: { zh: '送温暖', en: 'Holiday relief' },
  living_aid: { zh: '生活救助', en: 'Living aid' },
  medical_aid: { zh: '医疗救助', en: 'Medical aid' },
  custom: { zh: '其他项目', en: 'Custom' },
};

export const PROGRAM_STATUSES = ['open', 'closed'] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];
export const PROGRAM_STATUS_LABELS: Labels<ProgramStatus> = {
  open: { zh: '进行中', en: 'Open' },
  closed: { zh: '已结束', en: 'Closed' },
};

/** Household statuses that count as an open file (在档). */
export const OPEN_FILE_STATUSES = ['approved'] as const;

/**
 * Eligibility rules. An empty list means "any". Causes match the household's primary or any secondary cause.
 * studentStages: a household member must be at one of these schooling stages (student aid: admitted to or studying at).
 */
export const eligibilityRules = z.strictObject({
  categories: z.array(z.enum(CATEGORIES)).max(CATEGORIES.length).default([]),
  levels: z.array(z.enum(LEVELS)).max(LEVELS.length).default([]),
  causes: z.array(z.enum(CAUSES)).max(CAUSES.length).default([]),
  studentStages: z.array(z.enum(SCHOOLING_STAGES)).max(SCHOOLING_STAGES.length).default([]),
  /** Only households whose worker is a union member. */
  unionMembersOnly: z.boolean().default(false),
});
export type EligibilityRules = z.infer<typeof eligibilityRules>;

const partialFenRecord = <T extends readonly [string, ...string[]]>(keys: T) => z.partialRecord(z.enum(keys), fen);

/** Amount rules: one mode. */
export const amountRule = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('fixed'), amountFen: fen }),
  z.strictObject({ mode: z.literal('by_category'), amounts: partialFenRecord(CATEGORIES) }),
  z.strictObject({ mode: z.literal('by_level'), amounts: partialFenRecord(LEVELS) }),
  /** By the student's schooling stage, e.g. university 500000 / vocational_college 300000. */
  z.strictObject({ mode: z.literal('by_stage'), amounts: partialFenRecord(SCHOOLING_STAGES) }),
  /** Per household member, optionally capped. */
  z.strictObject({ mode: z.literal('per_member'), perMemberFen: fen, maxFen: fen.nullable().default(null) }),
]);
export type AmountRule = z.infer<typeof amountRule>;
export const AMOUNT_MODE_LABELS: Labels<AmountRule['mode']> = {
  fixed: { zh: '固定金额', en: 'Fixed' },
  by_category: { zh: '按类别', en: 'By category' },
  by_level: { zh: '按困难程度', en: 'By level' },
  by_stage: { zh: '按学段', en: 'By schooling stage' },
  per_member: { zh: '按家庭人口', en: 'Per household member' },
};

export const programInput = z.strictObject({
  name: z.string().trim().min(2).max(80),
  type: z.enum(PROGRAM_TYPES),
  /** Required when type = custom. */
  customType: z.string().trim().min(1).max(40).optional(),
  fundingOrgId: z.uuid(),
  year: z.number().int().min(2000).max(2100),
  budgetFen: fen,
  windowStart: isoDate,
  windowEnd: isoDate,
  noticeDays: z.number().int().min(0).max(60).default(5),
  eligibility: eligibilityRules,
  amount: amountRule,
});
export type ProgramInput = z.infer<typeof programInput>;

/** Editing the program itself (rules change through a new version). */
export const programPatch = z.strictObject({
  version: z.number().int().min(1),
  name: z.string().trim().min(2).max(80).optional(),
  /** A new budget: raising it allocates more of the funding org's fund; lowering it releases what is unused. */
  budgetFen: fen.optional(),
  windowStart: isoDate.optional(),
  windowEnd: isoDate.optional(),
  noticeDays: z.number().int().min(0).max(60).optional(),
  status: z.enum(PROGRAM_STATUSES).optional(),
});
export type ProgramPatch = z.infer<typeof programPatch>;

export const rulesVersionInput = z.strictObject({
  eligibility: eligibilityRules,
  amount: amountRule,
  note: z.string().trim().max(200).optional(),
});
export type RulesVersionInput = z.infer<typeof rulesVersionInput>;

export const rulesVersionDto = z.object({
  version: z.number().int(),
  eligibility: eligibilityRules,
  amount: amountRule,
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type RulesVersionDto = z.infer<typeof rulesVersionDto>;

export const programDto = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  type: z.enum(PROGRAM_TYPES),
  customType: z.string().nullable(),
  fundingOrgId: z.string(),
  fundingOrgName: z.string(),
  year: z.number().int(),
  budgetFen: z.number().int(),
  /** Committed by approved awards (not revoked). */
  committedFen: z.number().int(),
  paidFen: z.number().int(),
  /** Left to commit: the budget account's balance. */
  availableFen: z.number().int(),
  windowStart: z.string(),
  windowEnd: z.string(),
  noticeDays: z.number().int(),
  status: z.enum(PROGRAM_STATUSES),
  currentVersion: z.number().int(),
  rules: rulesVersionDto,
  budgetAccountId: z.string(),
  /** Awards by status. */
  counts: z.record(z.string(), z.number().int()),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProgramDto = z.infer<typeof programDto>;

export const programsQuery = z.strictObject({
  year: z.coerce.number().int().optional(),
  type: z.enum(PROGRAM_TYPES).optional(),
  status: z.enum(PROGRAM_STATUSES).optional(),
  ...cursorLimit,
});

// ───── eligibility check, applications and awards ─────

export const checkLine = z.object({
  rule: z.string(),
  ok: z.boolean(),
  zh: z.string(),
  en: z.string(),
});
export type CheckLine = z.infer<typeof checkLine>;

export const eligibilityResult = z.object({
  eligible: z.boolean(),
  checks: z.array(checkLine),
  /** The amount the rules give (0 when not eligible), and how. */
  amountFen: z.number().int(),
  amountExplain: z.object({ zh: z.string(), en: z.string() }),
  /** The student the amount was computed for (student aid). */
  studentMemberId: z.string().nullable(),
  rulesVersion: z.number().int(),
});
export type EligibilityResult = z.infer<typeof eligibilityResult>;

export const checkInput = z.strictObject({
  householdId: z.uuid(),
  /** Student aid: which member; absent: the first member at an eligible stage. */
  studentMemberId: z.uuid().optional(),
});

export const applyInput = z.strictObject({
  householdId: z.uuid(),
  studentMemberId: z.uuid().optional(),
  /** The payee; absent: the worker and the file's bank account. */
  payeeName: z.string().trim().min(1).max(40).optional(),
  payeeBankName: z.string().trim().min(1).max(60).optional(),
  payeeAccount: z
    .string()
    .trim()
    .regex(/^\d{12,30}$/, '12–30 digit bank account')
    .optional(),
  note: z.string().trim().max(500).optional(),
});
export type ApplyInput = z.infer<typeof applyInput>;

export const AWARD_STATUSES = ['submitted', 'rejected', 'withdrawn', 'approved', 'in_notice', 'objected', 'confirmed', 'batched', 'paid', 'failed', 'revoked'] as const;
export type AwardStatus = (typeof AWARD_STATUSES)[number];
export const AWARD_STATUS_LABELS: Labels<AwardStatus> = {
  submitted: { zh: '待审核', en: 'Submitted' },
  rejected: { zh: '未通过', en: 'Rejected' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  approved: { zh: '已审核待公示', en: 'Approved' },
  in_notice: { zh: '公示中', en: 'In public notice' },
  objected: { zh: '有异议（暂停）', en: 'Objected (paused)' },
  confirmed: { zh: '已确认待发放', en: 'Confirmed' },
  batched: { zh: '发放中', en: 'In a batch' },
  paid: { zh: '已发放', en: 'Paid' },
  failed: { zh: '发放失败', en: 'Payment failed' },
  revoked: { zh: '已撤销', en: 'Revoked' },
};

export const awardDto = z.object({
  id: z.string(),
  awardNo: z.string(),
  programId: z.string(),
  programName: z.string(),
  programType: z.enum(PROGRAM_TYPES),
  programVersion: z.number().int(),
  year: z.number().int(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  /** Masked unless the actor may reveal personal data. */
  workerName: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  category: z.string().nullable(),
  level: z.string().nullable(),
  studentMemberId: z.string().nullable(),
  studentName: z.string().nullable(),
  studentStage: z.string().nullable(),
  amountFen: z.number().int(),
  explanation: z.object({ checks: z.array(checkLine), amountExplain: z.object({ zh: z.string(), en: z.string() }) }),
  payeeName: z.string(),
  payeeBankName: z.string().nullable(),
  /** Masked (6222********1234). */
  payeeAccount: z.string().nullable(),
  status: z.enum(AWARD_STATUSES),
  appliedByName: z.string(),
  appliedAt: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  noticeId: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
  revokeCauseType: z.string().nullable(),
  revokeCauseId: z.string().nullable(),
  commitEntryId: z.string().nullable(),
  openObjections: z.number().int(),
  version: z.number().int(),
});
export type AwardDto = z.infer<typeof awardDto>;

export const awardsQuery = z.strictObject({
  programId: z.uuid().optional(),
  householdId: z.uuid().optional(),
  status: z.enum(AWARD_STATUSES).optional(),
  q: z.string().trim().max(40).optional(),
  ...cursorLimit,
});

export const reviewInput = z.strictObject({
  version: z.number().int().min(1),
  note: z.string().trim().max(500).optional(),
});
export const rejectInput = z.strictObject({
  version: z.number().int().min(1),
  reason: z.string().trim().min(2).max(500),
});

// ───── public notice and objections ─────

export const NOTICE_STATUSES = ['open', 'closed'] as const;
export const noticeInput = z.strictObject({
  /** First day of the notice; absent: today. It lasts the program's noticeDays. */
  startsOn: isoDate.optional(),
});
export const noticeItemDto = z.object({
  awardId: z.string(),
  awardNo: z.string(),
  /** 陈** — always masked: the notice is public. */
  maskedName: z.string(),
  orgName: z.string(),
  category: z.string().nullable(),
  level: z.string().nullable(),
  studentStage: z.string().nullable(),
  amountFen: z.number().int(),
  status: z.enum(AWARD_STATUSES),
  openObjections: z.number().int(),
});
export const noticeDto = z.object({
  id: z.string(),
  noticeNo: z.string(),
  programId: z.string(),
  programName: z.string(),
  fundingOrgName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(NOTICE_STATUSES),
  /** True once endsOn has passed (Asia/Shanghai date): awards without an open objection may be confirmed. */
  ended: z.boolean(),
  publishedByName: z.string(),
  publishedAt: z.string(),
  totalFen: z.number().int(),
  items: z.array(noticeItemDto),
});
export type NoticeDto = z.infer<typeof noticeDto>;

export const objectionInput = z.strictObject({
  raisedBy: z.string().trim().max(60).optional(),
  text: z.string().trim().min(2).max(1000),
});
export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export const OBJECTION_STATUS_LABELS: Labels<(typeof OBJECTION_STATUSES)[number]> = {
  open: { zh: '待处理', en: 'Open' },
  upheld: { zh: '异议成立', en: 'Upheld' },
  dismissed: { zh: '异议不成立', en: 'Dismissed' },
};
export const objectionDto = z.object({
  id: z.string(),
  awardId: z.string(),
  awardNo: z.string(),
  noticeId: z.string(),
  raisedBy: z.string().nullable(),
  text: z.string(),
  receivedByName: z.string(),
  receivedAt: z.string(),
  status: z.enum(OBJECTION_STATUSES),
  resolution: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type ObjectionDto = z.infer<typeof objectionDto>;
export const resolveObjectionInput = z.strictObject({
  outcome: z.enum(['upheld', 'dismissed']),
  resolution: z.string().trim().min(2).max(1000),
});
export const confirmResult = z.object({ confirmed: z.number().int(), stillObjected: z.number().int() });

// ───── disbursement ─────

export const BATCH_STATUSES = ['draft', 'exported', 'settled', 'cancelled'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];
export const BATCH_STATUS_LABELS: Labels<BatchStatus> = {
  draft: { zh: '待导出', en: 'Draft' },
  exported: { zh: '已导出待回盘', en: 'Exported' },
  settled: { zh: '已回盘', en: 'Settled' },
  cancelled: { zh: '已作废', en: 'Cancelled' },
};
export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_STATUS_LABELS: Labels<PaymentStatus> = {
  pending: { zh: '待回盘', en: 'Pending' },
  paid: { zh: '成功', en: 'Paid' },
  failed: { zh: '失败', en: 'Failed' },
  cancelled: { zh: '已取消（未发送）', en: 'Cancelled (not sent)' },
};

export const batchInput = z.strictObject({
  /** Absent: every confirmed award of the program. */
  awardIds: z.array(z.uuid()).min(1).max(5000).optional(),
});
export const paymentDto = z.object({
  id: z.string(),
  batchId: z.string(),
  awardId: z.string(),
  awardNo: z.string(),
  householdId: z.string(),
  lineNo: z.number().int(),
  reference: z.string(),
  amountFen: z.number().int(),
  payeeName: z.string(),
  bankName: z.string().nullable(),
  /** Masked on screen; complete only in the exported bank file. */
  account: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  failReason: z.string().nullable(),
  resultAt: z.string().nullable(),
  entryId: z.string().nullable(),
});
export type PaymentDto = z.infer<typeof paymentDto>;
export const batchDto = z.object({
  id: z.string(),
  batchNo: z.string(),
  programId: z.string(),
  programName: z.string(),
  status: z.enum(BATCH_STATUSES),
  itemCount: z.number().int(),
  totalFen: z.number().int(),
  paidCount: z.number().int(),
  paidFen: z.number().int(),
  failedCount: z.number().int(),
  retryOf: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  exportedAt: z.string().nullable(),
  exportCount: z.number().int(),
  settledAt: z.string().nullable(),
});
export type BatchDto = z.infer<typeof batchDto>;
export const batchDetailDto = batchDto.extend({ items: z.array(paymentDto) });
export const batchesQuery = z.strictObject({ programId: z.uuid().optional(), status: z.enum(BATCH_STATUSES).optional(), ...cursorLimit });
export const bankFileQuery = z.strictObject({ format: z.enum(['xlsx', 'csv']).default('xlsx') });

/** One bank result: by the payment's reference. */
export const paymentResultInput = z.strictObject({
  result: z.enum(['paid', 'failed']),
  reason: z.string().trim().min(1).max(200).optional(),
});
export const batchResultsInput = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        reference: z.string().trim().min(1).max(64),
        /** The amount the bank reports: must equal the payment's. */
        amountFen: positiveFen,
        result: z.enum(['paid', 'failed']),
        reason: z.string().trim().max(200).optional(),
      }),
    )
    .min(1)
    .max(5000),
});
export const resultsSummary = z.object({ paid: z.number().int(), failed: z.number().int(), unchanged: z.number().int(), batch: batchDto });

// ───── revocation and recovery ─────

export const REVOKE_CAUSES = ['finding', 'objection', 'manual'] as const;
export const REVOKE_CAUSE_LABELS: Labels<(typeof REVOKE_CAUSES)[number]> = {
  finding: { zh: '抽查不符合', en: 'Spot-check finding' },
  objection: { zh: '公示异议成立', en: 'Upheld objection' },
  manual: { zh: '人工撤销', en: 'Manual' },
};
export const revokeInput = z.strictObject({
  reason: z.string().trim().min(2).max(500),
  causeType: z.enum(REVOKE_CAUSES).default('manual'),
  causeId: z.uuid().optional(),
});
export const RECOVERY_STATUSES = ['open', 'settled', 'written_off'] as const;
export type RecoveryStatus = (typeof RECOVERY_STATUSES)[number];
export const RECOVERY_STATUS_LABELS: Labels<RecoveryStatus> = {
  open: { zh: '追回中', en: 'Open' },
  settled: { zh: '已追回', en: 'Settled' },
  written_off: { zh: '已核销', en: 'Written off' },
};
export const RECOVERY_EVENT_KINDS = ['installment', 'write_off_request', 'write_off_approved', 'write_off_rejected'] as const;
export const recoveryEventDto = z.object({
  id: z.string(),
  kind: z.enum(RECOVERY_EVENT_KINDS),
  amountFen: z.number().int(),
  note: z.string().nullable(),
  byName: z.string(),
  at: z.string(),
  entryId: z.string().nullable(),
});
export const recoveryDto = z.object({
  id: z.string(),
  recoveryNo: z.string(),
  awardId: z.string(),
  awardNo: z.string(),
  programId: z.string(),
  programName: z.string(),
  householdId: z.string(),
  workerName: z.string(),
  orgName: z.string(),
  amountDueFen: z.number().int(),
  receivedFen: z.number().int(),
  writtenOffFen: z.number().int(),
  outstandingFen: z.number().int(),
  /** A write-off waiting for approval (amount), if any. */
  pendingWriteOffFen: z.number().int().nullable(),
  status: z.enum(RECOVERY_STATUSES),
  causeType: z.string(),
  causeId: z.string().nullable(),
  reason: z.string(),
  openedByName: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  events: z.array(recoveryEventDto),
});
export type RecoveryDto = z.infer<typeof recoveryDto>;
export const recoveriesQuery = z.strictObject({ status: z.enum(RECOVERY_STATUSES).optional(), programId: z.uuid().optional(), householdId: z.uuid().optional(), ...cursorLimit });
export const installmentInput = z.strictObject({ amountFen: positiveFen, note: z.string().trim().max(200).optional() });
export const writeOffInput = z.strictObject({ amountFen: positiveFen, note: z.string().trim().min(2).max(500) });
export const writeOffDecisionInput = z.strictObject({ approve: z.boolean(), note: z.string().trim().max(500).optional() });
export const recoverySummaryDto = z.object({
  totalOutstandingFen: z.number().int(),
  openCount: z.number().int(),
  byOrg: z.array(z.object({ orgId: z.string(), orgName: z.string(), openCount: z.number().int(), outstandingFen: z.number().int() })),
});

/** What a revocation did: the commitment released (before payment), an unsent transfer cancelled, a recovery opened. */
export const revokeResultDto = z.object({
  awardId: z.string(),
  awardNo: z.string(),
  status: z.literal('revoked'),
  previousStatus: z.enum(AWARD_STATUSES),
  releasedFen: z.number().int(),
  releaseEntryId: z.string().nullable(),
  cancelledPaymentId: z.string().nullable(),
  recovery: recoveryDto.nullable(),
});
export type RevokeResultDto = z.infer<typeof revokeResultDto>;

// ───── household money view ─────

export const householdMoneyDto = z.object({
  householdId: z.string(),
  years: z.array(
    z.object({
      year: z.number().int(),
      receivedFen: z.number().int(),
      pendingFen: z.number().int(),
      owedFen: z.number().int(),
      items: z.array(
        z.object({
          kind: z.enum(['award', 'payment', 'recovery', 'installment', 'write_off', 'reversal']),
          awardId: z.string().nullable(),
          awardNo: z.string().nullable(),
          programName: z.string().nullable(),
          entryId: z.string().nullable(),
          entryNo: z.string().nullable(),
          businessDate: z.string(),
          amountFen: z.number().int(),
          status: z.string(),
          memo: z.string(),
        }),
      ),
    }),
  ),
});
export type HouseholdMoneyDto = z.infer<typeof householdMoneyDto>;

// ───── reports ─────

export const REPORT_GROUPS = ['program', 'org', 'category', 'month'] as const;
export const reportQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  groupBy: z.enum(REPORT_GROUPS).default('program'),
  programId: z.uuid().optional(),
});
export const paidReportDto = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(REPORT_GROUPS),
  rows: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int(), paidFen: z.number().int() })),
  totalCount: z.number().int(),
  totalFen: z.number().int(),
});
export const budgetReportDto = z.object({
  rows: z.array(z.object({ programId: z.string(), code: z.string(), name: z.string(), year: z.number().int(), budgetFen: z.number().int(), committedFen: z.number().int(), paidFen: z.number().int(), availableFen: z.number().int() })),
});
export const budgetQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });
export const recoveriesReportQuery = z.strictObject({ programId: z.uuid().optional() });
const recoveryTotals = { count: z.number().int(), openCount: z.number().int(), amountDueFen: z.number().int(), receivedFen: z.number().int(), writtenOffFen: z.number().int(), outstandingFen: z.number().int() };
/** Recoveries per program, with totals. */
export const recoveriesReportDto = z.object({
  rows: z.array(z.object({ programId: z.string(), code: z.string(), name: z.string(), ...recoveryTotals })),
  totals: z.object(recoveryTotals),
});
export type RecoveriesReportDto = z.infer<typeof recoveriesReportDto>;
export const REPORT_KINDS = ['paid', 'budget', 'recoveries', 'fund-flow'] as const;
export const reportExportQuery = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  from: isoDate.optional(),
  to: isoDate.optional(),
  groupBy: z.enum(REPORT_GROUPS).default('program'),
  programId: z.uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const fundFlowQuery = z.strictObject({ from: isoDate, to: isoDate });
/** 资金流向: source fund → program → org → household, with totals (paid, in fen) for the period. */
export const fundFlowDto = z.object({
  from: z.string(),
  to: z.string(),
  totalFen: z.number().int(),
  nodes: z.array(z.object({ id: z.string(), kind: z.enum(['fund', 'program', 'org', 'household']), label: z.string() })),
  links: z.array(z.object({ source: z.string(), target: z.string(), amountFen: z.number().int(), count: z.number().int() })),
});
export type FundFlowDto = z.infer<typeof fundFlowDto>;

/** Recording money the funding org received into its aid fund (入账): bank ↑, fund ↑. */
export const depositInput = z.strictObject({ orgId: z.uuid(), amountFen: positiveFen, businessDate: isoDate, memo: z.string().trim().min(2).max(200) });
