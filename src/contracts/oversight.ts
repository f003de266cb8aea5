import { z } from 'zod';
import { HOUSEHOLD_STATUSES } from './registry';

/** 抽查、倒查、追责 Spot checks, reverse audits and accountability: enums, labels and the API's Zod schemas. */

type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const OUTCOMES = ['conforms', 'nonconforming'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Labels<Outcome> = {
  conforms: { zh: '符合', en: 'Conforms' },
  nonconforming: { zh: '不符合', en: 'Nonconforming' },
};

export const FINDING_CAUSES = ['information_changed', 'registration_error', 'investigator_falsified', 'applicant_concealed'] as const;
export type FindingCause = (typeof FINDING_CAUSES)[number];
export const FINDING_CAUSE_LABELS: Labels<FindingCause> = {
  information_changed: { zh: '信息变更', en: 'Information changed' },
  registration_error: { zh: '登记错误', en: 'Registration error' },
  investigator_falsified: { zh: '调查人员造假', en: 'Investigator falsified' },
  applicant_concealed: { zh: '申请人隐瞒', en: 'Applicant concealed' },
};

/** 谁调查、谁登记、谁审核、谁负责. */
export const SIGNER_ROLES = ['investigated', 'registered', 'reviewed', 'responsible'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];
export const SIGNER_ROLE_LABELS: Labels<SignerRole> = {
  investigated: { zh: '谁调查', en: 'Investigated by' },
  registered: { zh: '谁登记', en: 'Registered by' },
  reviewed: { zh: '谁审核', en: 'Reviewed by' },
  responsible: { zh: '谁负责', en: 'Responsible' },
};

export const ACCOUNTABILITY_ACTIONS = ['criticism', 'written_self_criticism', 'rectification_order'] as const;
export type AccountabilityAction = (typeof ACCOUNTABILITY_ACTIONS)[number];
export const ACCOUNTABILITY_ACTION_LABELS: Labels<AccountabilityAction> = {
  criticism: { zh: '批评', en: 'Criticism' },
  written_self_criticism: { zh: '书面检查', en: 'Written self-criticism' },
  rectification_order: { zh: '责令整改', en: 'Rectification order' },
};

export const ACCOUNTABILITY_STATUSES = ['open', 'closed'] as const;
export type AccountabilityStatus = (typeof ACCOUNTABILITY_STATUSES)[number];
export const ACCOUNTABILITY_STATUS_LABELS: Labels<AccountabilityStatus> = {
  open: { zh: '整改中', en: 'Open' },
  closed: { zh: '已办结', en: 'Closed' },
};

/**
 * 倒查与追责: who is held to account by default for a 不符合 finding, by its cause. The auditor may adjust the list;
 * a role whose signer is missing on the file (e.g. never investigated) is skipped.
 */
export const DEFAULT_ACCOUNTABILITY: Record<FindingCause, Array<{ role: SignerRole; action: AccountabilityAction }>> = {
  // 调查人员造假: the investigator who signed the visit
  investigator_falsified: [{ role: 'investigated', action: 'rectification_order' }],
  // 登记错误: whoever registered it and whoever reviewed it
  registration_error: [
    { role: 'registered', action: 'written_self_criticism' },
    { role: 'reviewed', action: 'criticism' },
  ],
  // 申请人隐瞒: the investigator did not find it out
  applicant_concealed: [{ role: 'investigated', action: 'criticism' }],
  // 信息变更: the responsible person did not keep the file up to date (动态管理)
  information_changed: [{ role: 'responsible', action: 'criticism' }],
};

export const OBLIGATION_KIND_LIST = ['revoke_pending_aid', 'recover_paid_aid'] as const;
export type ObligationKind = (typeof OBLIGATION_KIND_LIST)[number];
export const OBLIGATION_KIND_LABELS: Labels<ObligationKind> = {
  revoke_pending_aid: { zh: '撤销待发救助', en: 'Revoke pending aid' },
  recover_paid_aid: { zh: '追回已发救助', en: 'Recover aid paid' },
};

export const STRATIFY_BY = ['none', 'org', 'region'] as const;
export type StratifyBy = (typeof STRATIFY_BY)[number];
export const STRATIFY_LABELS: Labels<StratifyBy> = {
  none: { zh: '不分层', en: 'No strata' },
  org: { zh: '按基层工会分层', en: 'By grassroots union' },
  region: { zh: '按县(区)分层', en: 'By county' },
};

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const seed = z.string().trim().regex(/^[\w.:-]{1,64}$/, 'letters, digits, _ . : - (1–64)');

export const riskWeights = z.strictObject({
  perEdit: z.number().min(0).max(10).optional(),
  investigatorUserId: z.uuid().optional(),
  investigatorFactor: z.number().min(1).max(100).optional(),
  largeAidThresholdFen: z.number().int().min(1).max(1_000_000_000).optional(),
  largeAidFactor: z.number().min(1).max(100).optional(),
});

export const drawBody = z
  .strictObject({
    title: z.string().trim().min(1).max(100),
    orgId: z.uuid(),
    regionCode: z.string().regex(/^\d{2,6}$/).optional(),
    statuses: z.array(z.enum(HOUSEHOLD_STATUSES)).min(1).max(6).default(['approved']),
    /** Only files signed by these people (a reverse audit's follow-up sample). */
    signedBy: z.array(z.uuid()).max(20).optional(),
    percentBp: z.number().int().min(1).max(10_000).optional(),
    count: z.number().int().min(1).max(10_000).optional(),
    stratifyBy: z.enum(STRATIFY_BY).default('org'),
    minPerStratum: z.boolean().default(false),
    weights: riskWeights.default({}),
    seed,
    /** The finding whose reverse audit asked for this sample. */
    followUpOfItemId: z.uuid().optional(),
  })
  .refine((b) => b.percentBp !== undefined || b.count !== undefined, { message: 'percentBp or count is required', path: ['percentBp'] });
export type DrawBody = z.input<typeof drawBody>;

export const spotCheckListItem = z.object({
  id: z.string(),
  title: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  seed: z.string(),
  populationCount: z.number().int(),
  sampleCount: z.number().int(),
  openCount: z.number().int(),
  nonconformingCount: z.number().int(),
  drawnByName: z.string(),
  drawnAt: z.string(),
});
export type SpotCheckListItem = z.infer<typeof spotCheckListItem>;

export const sampleItemDto = z.object({
  id: z.string(),
  spotCheckId: z.string(),
  position: z.number().int(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  householdStatus: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  stratum: z.string(),
  weight: z.number(),
  outcome: z.enum(OUTCOMES).nullable(),
  cause: z.enum(FINDING_CAUSES).nullable(),
  notes: z.string().nullable(),
  recheckedOn: z.string().nullable(),
  recordedByName: z.string().nullable(),
  recordedAt: z.string().nullable(),
  signatureHash: z.string().nullable(),
});
export type SampleItemDto = z.infer<typeof sampleItemDto>;

export const spotCheckDto = spotCheckListItem.extend({
  regionCode: z.string().nullable(),
  statuses: z.array(z.string()),
  signedBy: z.array(z.string()),
  rule: z.object({
    percentBp: z.number().nullable(),
    count: z.number().nullable(),
    stratifyBy: z.enum(STRATIFY_BY),
    minPerStratum: z.boolean(),
    weights: riskWeights,
  }),
  targetCount: z.number().int(),
  perStratum: z.record(z.string(), z.object({ population: z.number(), sampled: z.number(), name: z.string() })),
  followUpOfItemId: z.string().nullable(),
  items: z.array(sampleItemDto),
});
export type SpotCheckDto = z.infer<typeof spotCheckDto>;

export const outcomeBody = z
  .strictObject({
    outcome: z.enum(OUTCOMES),
    cause: z.enum(FINDING_CAUSES).optional(),
    notes: z.string().trim().min(2).max(2000),
    recheckedOn: date,
    /** Who is held to account, when the auditor adjusts the default for the cause. */
    accountability: z.array(z.strictObject({ role: z.enum(SIGNER_ROLES), action: z.enum(ACCOUNTABILITY_ACTIONS), deadline: date.optional() })).max(4).optional(),
  })
  .refine((b) => b.outcome === 'conforms' || b.cause !== undefined, { message: 'a nonconforming finding needs its cause', path: ['cause'] })
  .refine((b) => b.outcome === 'nonconforming' || (b.cause === undefined && b.accountability === undefined), { message: 'a conforming outcome takes no cause', path: ['cause'] });
export type OutcomeBody = z.input<typeof outcomeBody>;

export const signerDto = z.object({ role: z.enum(SIGNER_ROLES), userId: z.string(), name: z.string(), at: z.string().nullable() });
export type SignerDto = z.infer<typeof signerDto>;

export const accountabilityDto = z.object({
  id: z.string(),
  itemId: z.string(),
  spotCheckId: z.string(),
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  subjectUserId: z.string(),
  subjectName: z.string(),
  signerRole: z.enum(SIGNER_ROLES),
  cause: z.enum(FINDING_CAUSES),
  action: z.enum(ACCOUNTABILITY_ACTIONS),
  deadline: z.string(),
  status: z.enum(ACCOUNTABILITY_STATUSES),
  overdue: z.boolean(),
  closingNote: z.string().nullable(),
  closedByName: z.string().nullable(),
  closedAt: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type AccountabilityDto = z.infer<typeof accountabilityDto>;

export const obligationDto = z.object({
  id: z.string(),
  householdId: z.string(),
  itemId: z.string(),
  kind: z.enum(OBLIGATION_KIND_LIST),
  status: z.string(),
  amountFen: z.number().int().nullable(),
  createdAt: z.string(),
});
export type ObligationDto = z.infer<typeof obligationDto>;

export const signedFileDto = z.object({
  householdId: z.string(),
  archiveNo: z.string().nullable(),
  workerName: z.string(),
  status: z.string(),
  orgName: z.string(),
  roles: z.array(z.enum(SIGNER_ROLES)),
  signerUserIds: z.array(z.string()),
});
export type SignedFileDto = z.infer<typeof signedFileDto>;

export const findingDto = z.object({
  item: sampleItemDto,
  spotCheckTitle: z.string(),
  householdCancelled: z.boolean(),
  signers: z.array(signerDto),
  /** Everyone who signed a step of the file's lifecycle (household_events), oldest first. */
  chain: z.array(z.object({ signerRole: z.string(), actorUserId: z.string(), actorName: z.string(), toStatus: z.string(), at: z.string() })),
  accountability: z.array(accountabilityDto),
  obligations: z.array(obligationDto),
  /** 倒查: other files the implicated signers signed, in the actor's scope. */
  otherFiles: z.array(signedFileDto),
});
export type FindingDto = z.infer<typeof findingDto>;

export const accountabilityQuery = z.strictObject({
  status: z.enum(ACCOUNTABILITY_STATUSES).optional(),
  action: z.enum(ACCOUNTABILITY_ACTIONS).optional(),
  cause: z.enum(FINDING_CAUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  spotCheckId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AccountabilityQuery = z.input<typeof accountabilityQuery>;

export const closeAccountabilityBody = z.strictObject({ closingNote: z.string().trim().min(2).max(2000) });
