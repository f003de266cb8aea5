import { z } from 'zod';
import { CATEGORIES, FOUR_LOOKS, HOUSING, LEVELS, MEASURE_TYPES, householdDto, householdInput } from './registry';

/** 入户核查 Verification: tasks, home visits with signed findings, review of the file against the visit. */

export const TASK_STATUSES = ['pending', 'assigned', 'visited', 'closed', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, { zh: string; en: string }> = {
  pending: { zh: '待分派', en: 'Pending' },
  assigned: { zh: '待核查', en: 'Assigned' },
  visited: { zh: '已核查', en: 'Visited' },
  closed: { zh: '已办结', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

/** The commitment the investigator signs (本人承诺所填信息真实). */
export const COMMITMENT_STATEMENT = '本人承诺所填信息真实、准确、完整，如有虚假愿承担相应责任。';
export const COMMITMENT_STATEMENT_EN = 'I declare that the information given is true, accurate and complete, and accept responsibility for any falsehood.';

export const WORK_SITUATIONS = ['employed', 'flexible', 'laid_off', 'unemployed', 'retired', 'unable'] as const;
export const INCOME_LEVELS = ['below_dibao', 'near_dibao', 'above_near_dibao'] as const;
export const WORK_SITUATION_LABELS: Record<(typeof WORK_SITUATIONS)[number], { zh: string; en: string }> = {
  employed: { zh: '在岗', en: 'Employed' },
  flexible: { zh: '灵活就业', en: 'Flexible work' },
  laid_off: { zh: '下岗', en: 'Laid off' },
  unemployed: { zh: '失业', en: 'Unemployed' },
  retired: { zh: '退休', en: 'Retired' },
  unable: { zh: '丧失劳动能力', en: 'Unable to work' },
};
export const INCOME_LEVEL_LABELS: Record<(typeof INCOME_LEVELS)[number], { zh: string; en: string }> = {
  below_dibao: { zh: '低于低保标准', en: 'Below the dibao line' },
  near_dibao: { zh: '低保边缘', en: 'Near the dibao line' },
  above_near_dibao: { zh: '高于边缘线', en: 'Above the near-dibao line' },
};
export const ALLOWED_FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const taskDto = z.object({
  id: z.string(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  address: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  householdStatus: z.string(),
  status: z.enum(TASK_STATUSES),
  round: z.number().int(),
  reason: z.string(),
  investigator: z.object({ userId: z.string(), name: z.string(), orgName: z.string() }).nullable(),
  assignedAt: z.string().nullable(),
  dueDate: z.string().nullable(),
  visitId: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type TaskDto = z.infer<typeof taskDto>;

export const taskListQuery = z.strictObject({
  status: z.enum(TASK_STATUSES).optional(),
  mine: z.enum(['true', 'false']).optional(),
  householdId: z.uuid().optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const assignBody = z.strictObject({
  taskIds: z.array(z.uuid()).min(1).max(500),
  investigatorId: z.uuid(),
  dueDate: z.iso.date().optional(),
});
export type AssignBody = z.infer<typeof assignBody>;

export const submitBatchBody = z.strictObject({
  items: z.array(z.strictObject({ householdId: z.uuid(), version: z.number().int().min(1) })).min(1).max(500),
  reason: z.string().trim().min(2).max(500),
});
export type SubmitBatchBody = z.infer<typeof submitBatchBody>;

export const investigatorDto = z.object({ userId: z.string(), name: z.string(), orgName: z.string(), thirdParty: z.boolean(), openTasks: z.number().int() });

const fourLookAnswer = <K extends keyof typeof FOUR_LOOKS>(k: K) => z.enum(Object.keys(FOUR_LOOKS[k].options) as [string, ...string[]]);
const note = z.string().trim().max(1000).optional();

export const visitBody = z.strictObject({
  /** client-generated id: the same visit sent twice is stored once */
  visitId: z.uuid(),
  visitDate: z.iso.date(),
  checklist: z.strictObject({
    housing: z.strictObject({ type: z.enum(HOUSING), note }),
    work: z.strictObject({ situation: z.enum(WORK_SITUATIONS), note }),
    income: z.strictObject({ level: z.enum(INCOME_LEVELS), annualIncomeFen: z.number().int().min(0).max(1e11), note }),
    incidents: z.strictObject({ any: z.boolean(), note }),
    illness: z.strictObject({ any: z.boolean(), note }),
  }),
  found: z.strictObject({ size: z.number().int().min(1).max(30) }),
  fourLooks: z.strictObject({ housing: fourLookAnswer('housing'), food: fourLookAnswer('food'), labour: fourLookAnswer('labour'), students: fourLookAnswer('students') }),
  findings: z.string().trim().min(2).max(4000),
  recommendation: z.strictObject({
    category: z.enum(CATEGORIES),
    level: z.enum(LEVELS).nullable().optional(),
    measures: z.array(z.enum(MEASURE_TYPES)).max(9).default([]),
    aidFen: z.number().int().min(0).max(1e10),
    note,
  }),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  /** the investigator's commitment: must be the statement, word for word */
  statement: z.literal(COMMITMENT_STATEMENT),
});
export type VisitBody = z.input<typeof visitBody>;

export const fileDto = z.object({ id: z.string(), name: z.string(), mime: z.string(), size: z.number().int(), sha256: z.string(), uploadedAt: z.string() });
export type FileDto = z.infer<typeof fileDto>;

export const signatureDto = z.object({
  id: z.string(),
  signerUserId: z.string(),
  signerName: z.string(),
  statement: z.string(),
  contentHash: z.string(),
  signedAt: z.string(),
  /** the hash recomputed from the stored visit on this read */
  hashValid: z.boolean(),
});

export const visitDto = z.object({
  id: z.string(),
  taskId: z.string(),
  householdId: z.string(),
  round: z.number().int(),
  investigator: z.object({ userId: z.string(), name: z.string() }),
  visitDate: z.string(),
  checklist: z.any(),
  found: z.object({ size: z.number().int(), annualIncomeFen: z.number().int(), housing: z.string() }),
  fourLooks: z.object({ answers: z.record(z.string(), z.string()), scores: z.record(z.string(), z.number()), total: z.number().int() }),
  findings: z.string(),
  recommendation: z.object({ category: z.string(), level: z.string().nullable(), measures: z.array(z.string()), aidFen: z.number().int(), note: z.string().nullable() }),
  attachments: z.array(fileDto),
  householdVersion: z.number().int(),
  signature: signatureDto,
  createdAt: z.string(),
});
export type VisitDto = z.infer<typeof visitDto>;

export const diffRow = z.object({ field: z.string(), zh: z.string(), en: z.string(), reported: z.unknown(), found: z.unknown(), differs: z.boolean() });
export type DiffRow = z.infer<typeof diffRow>;

export const reviewDto = z.object({
  household: householdDto,
  visit: visitDto.nullable(),
  diff: z.array(diffRow),
  /** the file changed after the visit was signed: approving asks for re-verification */
  stale: z.boolean(),
  tasks: z.array(taskDto),
});
export type ReviewDto = z.infer<typeof reviewDto>;

export const DECISIONS = ['approve', 'reject', 'second_visit'] as const;
export const decisionBody = z.strictObject({
  decision: z.enum(DECISIONS),
  reason: z.string().trim().min(2).max(500),
  version: z.number().int().min(1),
  cancelReason: z.enum(['ineligible', 'duplicate', 'moved_away', 'deceased']).optional(),
  responsibleUserId: z.uuid().optional(),
});
export type DecisionBody = z.infer<typeof decisionBody>;

/** A newly found household the investigator recommends: a full file input, created as a draft registered by them. */
export const recommendBody = householdInput.extend({ note: z.string().trim().min(2).max(1000) });
export type RecommendBody = z.infer<typeof recommendBody>;

export const chainDto = z.object({
  registered: z.object({ userId: z.string(), name: z.string(), at: z.string() }).nullable(),
  investigated: z.object({ userId: z.string(), name: z.string(), at: z.string(), visitId: z.string().nullable(), contentHash: z.string().nullable(), hashValid: z.boolean().nullable() }).nullable(),
  reviewed: z.object({ userId: z.string(), name: z.string(), at: z.string() }).nullable(),
  responsible: z.object({ userId: z.string(), name: z.string(), at: z.string() }).nullable(),
  visits: z.array(z.object({ id: z.string(), round: z.number().int(), investigatorName: z.string(), visitDate: z.string(), signedAt: z.string(), contentHash: z.string() })),
});
export type ChainDto = z.infer<typeof chainDto>;
