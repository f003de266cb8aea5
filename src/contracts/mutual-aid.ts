import { z } from 'zod';

/**
 * 职工医疗互助 Medical mutual aid: the scheme format (rules as data), and the what-if simulate call.
 *
 * A scheme (方案) is one region's rules for one version/year. It holds contribution rules (who pays how much)
 * and plans (计划) of four kinds: ratio (二次报销 by progressive bands), lump sum (重大疾病一次性补助),
 * per-diem (住院津贴 per hospital day) and allowance (per household per year, restricted use).
 * Amounts are integer fen, rates basis points (10000 = 100%); days are whole days.
 */

// ---- enums and their labels ----------------------------------------------------------------

export const PAYERS = ['worker', 'government', 'city_union', 'county_union', 'employer'] as const;
export type Payer = (typeof PAYERS)[number];
export const payerSchema = z.enum(PAYERS);

export const MEMBER_STATUSES = ['ordinary', 'hardship'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export const memberStatusSchema = z.enum(MEMBER_STATUSES);
/** A rule's status selector: one status, or `any`. */
export const STATUS_SELECTORS = ['any', ...MEMBER_STATUSES] as const;
export type StatusSelector = (typeof STATUS_SELECTORS)[number];

/** What a contribution amount is counted per: each member, each plan a member chose, each household. */
export const CONTRIBUTION_BASES = ['per_member', 'per_plan', 'per_household'] as const;
export type ContributionBasis = (typeof CONTRIBUTION_BASES)[number];

export const PLAN_KINDS = ['ratio', 'lump_sum', 'per_diem', 'allowance'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

/** The event a plan pays on. */
export const TRIGGERS = ['inpatient_stay', 'accident_inpatient_stay', 'first_diagnosis', 'household_year'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** What a ratio plan applies its rates to. */
export const RATIO_BASES = ['out_of_pocket', 'total_cost'] as const;
export type RatioBase = (typeof RATIO_BASES)[number];

/** Where the progressive bands of a ratio plan are measured: within the claim, or on the period's cumulative base. */
export const BAND_SCOPES = ['claim', 'period'] as const;
export const THRESHOLD_SCOPES = ['claim', 'period'] as const;
export const CAP_SCOPES = ['claim', 'period', 'lifetime'] as const;
export type CapScope = (typeof CAP_SCOPES)[number];
export const COUNT_SCOPES = ['period', 'lifetime'] as const;

export const REASONS = ['waiting_period', 'not_covered', 'max_claims', 'not_enrolled', 'below_threshold', 'cap_reached'] as const;
export type Reason = (typeof REASONS)[number];

/** The steps of the evaluation order (vectors README, "Mutual-aid evaluation order"), in that order. */
export const TRACE_STEPS = ['scheme', 'enrolment', 'waiting_period', 'trigger', 'base', 'threshold', 'amount', 'cap', 'max_claims', 'rounding', 'result'] as const;
export type TraceStep = (typeof TRACE_STEPS)[number];

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

export const PAYER_LABELS: Labels<Payer> = {
  worker: { zh: '职工个人', en: 'Worker' },
  government: { zh: '政府财政', en: 'Government' },
  city_union: { zh: '市总工会', en: 'City union' },
  county_union: { zh: '县（区）总工会', en: 'County union' },
  employer: { zh: '用人单位', en: 'Employer' },
};
export const MEMBER_STATUS_LABELS: Labels<StatusSelector> = {
  any: { zh: '所有会员', en: 'Any member' },
  ordinary: { zh: '普通职工', en: 'Ordinary member' },
  hardship: { zh: '困难职工', en: 'Member in hardship' },
};
export const CONTRIBUTION_BASIS_LABELS: Labels<ContributionBasis> = {
  per_member: { zh: '每人每期', en: 'per member per period' },
  per_plan: { zh: '每人每计划每期', en: 'per plan per member per period' },
  per_household: { zh: '每户每期', en: 'per household per period' },
};
export const PLAN_KIND_LABELS: Labels<PlanKind> = {
  ratio: { zh: '按比例报销', en: 'Ratio' },
  lump_sum: { zh: '一次性补助', en: 'Lump sum' },
  per_diem: { zh: '住院津贴（按天）', en: 'Per diem' },
  allowance: { zh: '定额补助（每户每年）', en: 'Allowance' },
};
export const TRIGGER_LABELS: Labels<Trigger> = {
  inpatient_stay: { zh: '住院', en: 'Inpatient stay' },
  accident_inpatient_stay: { zh: '意外伤害住院', en: 'Inpatient stay after an accident' },
  first_diagnosis: { zh: '首次确诊所列疾病', en: 'First diagnosis of a listed disease' },
  household_year: { zh: '每户每年一次', en: 'Once per household per year' },
};
export const RATIO_BASE_LABELS: Labels<RatioBase> = {
  out_of_pocket: { zh: '个人自付（总费用 − 统筹支付）', en: 'Out-of-pocket (total cost − social insurance)' },
  total_cost: { zh: '住院总费用', en: 'Total cost' },
};
export const REASON_LABELS: Labels<Reason> = {
  waiting_period: { zh: '等待期内', en: 'In the waiting period' },
  not_covered: { zh: '不属于保障范围', en: 'Not covered' },
  max_claims: { zh: '已达给付次数上限', en: 'Claim-count limit reached' },
  not_enrolled: { zh: '事故日未参加本计划', en: 'Not enrolled on the event date' },
  below_threshold: { zh: '未超过起付线', en: 'Below the threshold' },
  cap_reached: { zh: '已达封顶线', en: 'Cap reached' },
};
export const CAP_SCOPE_LABELS: Labels<CapScope> = {
  claim: { zh: '单次', en: 'per claim' },
  period: { zh: '年度', en: 'per period' },
  lifetime: { zh: '终身', en: 'lifetime' },
};

// ---- the scheme format ---------------------------------------------------------------------

/** Largest amount a scheme or a claim may hold: 1 billion yuan. fen × 10000 bp stays a safe integer. */
export const MAX_FEN = 100_000_000_000;
const fen = z.number().int().min(0).max(MAX_FEN);
const bp = z.number().int().min(0).max(10000);
const code = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, 'letters, digits, _ or -, starting with a letter');
const label = z.strictObject({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });
/** A note on a parameter the source practice leaves open (a demo value to be configured per region). */
const note = z.string().max(500).optional();

/** An ICD-10 code or prefix (`I21`, `Z95.1`) or an inclusive range of them (`C00-C97`, `I60-I64`). */
export const ICD10_PATTERN = /^[A-Z]\d{2}(\.\d{1,2})?(-[A-Z]\d{2}(\.\d{1,2})?)?$/;
const icd10Entry = z.string().regex(ICD10_PATTERN, 'an ICD-10 code, prefix or range such as C00-C97');

export const contributionRule = z.strictObject({
  memberStatus: z.enum(STATUS_SELECTORS),
  basis: z.enum(CONTRIBUTION_BASES),
  payer: payerSchema,
  amountFen: fen,
  note,
});
export type ContributionRule = z.infer<typeof contributionRule>;

export const band = z.strictObject({ fromFen: fen, rateBp: bp, note });
export type Band = z.infer<typeof band>;

export const ratioVariant = z
  .strictObject({ memberStatus: z.enum(STATUS_SELECTORS), bands: z.array(band).min(1).max(20) })
  .superRefine((v, ctx) => {
    if (v.bands[0]!.fromFen !== 0) ctx.addIssue({ code: 'custom', path: ['bands', 0, 'fromFen'], message: 'the first band starts at 0' });
    for (let i = 1; i < v.bands.length; i++) {
      if (v.bands[i]!.fromFen <= v.bands[i - 1]!.fromFen) ctx.addIssue({ code: 'custom', path: ['bands', i, 'fromFen'], message: 'bands must be in increasing order without overlap' });
    }
  });
export type RatioVariant = z.infer<typeof ratioVariant>;

export const threshold = z.strictObject({ scope: z.enum(THRESHOLD_SCOPES), amountFen: fen, note });
/** A cap on what is paid (money) or on the days paid (per-diem plans). */
export const cap = z
  .strictObject({ scope: z.enum(CAP_SCOPES), amountFen: fen.optional(), days: z.number().int().min(0).max(36600).optional(), note })
  .refine((c) => (c.amountFen === undefined) !== (c.days === undefined), { message: 'a cap is either an amount or a number of days', path: ['amountFen'] });
export type Cap = z.infer<typeof cap>;
export const maxClaims = z.strictObject({ scope: z.enum(COUNT_SCOPES), count: z.number().int().min(1).max(1000), note });
/** Days after the start of enrolment before benefits apply; waived when enrolment runs on without a gap from an earlier period. */
export const waitingPeriod = z.strictObject({ days: z.number().int().min(0).max(3660), waivedOnContinuousRenewal: z.boolean(), note });
/** Who funds a plan's payouts, in shares that add up to 10000 bp (default: the scheme's pool). */
export const fundingShare = z.strictObject({ payer: payerSchema, shareBp: bp });
export const diagnosis = z.strictObject({ code, name: label, icd10: z.array(icd10Entry).max(50) });
export type Diagnosis = z.infer<typeof diagnosis>;

const planCommon = {
  code,
  name: label,
  trigger: z.enum(TRIGGERS),
  waitingPeriod: waitingPeriod.optional(),
  caps: z.array(cap).max(6).optional(),
  maxClaims: maxClaims.optional(),
  funding: z.array(fundingShare).max(PAYERS.length).optional(),
  note,
};

export const ratioPlan = z.strictObject({
  ...planCommon,
  kind: z.literal('ratio'),
  base: z.enum(RATIO_BASES),
  bandScope: z.enum(BAND_SCOPES),
  threshold: threshold.optional(),
  ratio: z.array(ratioVariant).min(1).max(3),
});
export const lumpSumPlan = z.strictObject({
  ...planCommon,
  kind: z.literal('lump_sum'),
  amountFen: fen,
  diagnoses: z.array(diagnosis).min(1).max(200),
});
export const perDiemPlan = z.strictObject({ ...planCommon, kind: z.literal('per_diem'), amountFenPerDay: fen });
export const allowancePlan = z.strictObject({
  ...planCommon,
  kind: z.literal('allowance'),
  amountFen: fen,
  /** Member statuses the allowance is open to in the simulation; `eligibility` says what the registry checks besides. */
  eligibleStatuses: z.array(memberStatusSchema).min(1).max(MEMBER_STATUSES.length),
  eligibility: label,
  restrictedUse: label.optional(),
});

export const plan = z
  .discriminatedUnion('kind', [ratioPlan, lumpSumPlan, perDiemPlan, allowancePlan])
  .superRefine((p, ctx) => {
    const triggers: Record<PlanKind, readonly Trigger[]> = {
      ratio: ['inpatient_stay', 'accident_inpatient_stay'],
      lump_sum: ['first_diagnosis'],
      per_diem: ['inpatient_stay', 'accident_inpatient_stay'],
      allowance: ['household_year'],
    };
    if (!triggers[p.kind].includes(p.trigger)) ctx.addIssue({ code: 'custom', path: ['trigger'], message: `a ${p.kind} plan pays on ${triggers[p.kind].join(' or ')}` });
    const seen = new Set<string>();
    (p.caps ?? []).forEach((c, i) => {
      const key = `${c.scope}:${c.days === undefined ? 'money' : 'days'}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['caps', i], message: 'one cap per scope and unit' });
      seen.add(key);
      if (c.days !== undefined && p.kind !== 'per_diem') ctx.addIssue({ code: 'custom', path: ['caps', i, 'days'], message: 'caps in days are for per-diem plans' });
    });
    if (p.funding) {
      const payers = new Set(p.funding.map((f) => f.payer));
      if (payers.size !== p.funding.length) ctx.addIssue({ code: 'custom', path: ['funding'], message: 'one share per payer' });
      if (p.funding.length > 0 && p.funding.reduce((s, f) => s + f.shareBp, 0) !== 10000) ctx.addIssue({ code: 'custom', path: ['funding'], message: 'funding shares add up to 10000 bp' });
    }
    if (p.kind === 'ratio') {
      const statuses = p.ratio.map((v) => v.memberStatus);
      if (new Set(statuses).size !== statuses.length) ctx.addIssue({ code: 'custom', path: ['ratio'], message: 'one variant per member status' });
    }
    if (p.kind === 'lump_sum') {
      const codes = new Set<string>();
      p.diagnoses.forEach((d, i) => {
        if (codes.has(d.code)) ctx.addIssue({ code: 'custom', path: ['diagnoses', i, 'code'], message: 'diagnosis codes are unique' });
        codes.add(d.code);
        d.icd10.forEach((e, j) => {
          const [a, b] = e.split('-');
          if (b !== undefined && b < a!) ctx.addIssue({ code: 'custom', path: ['diagnoses', i, 'icd10', j], message: 'an ICD-10 range runs from the lower code to the higher' });
        });
      });
    }
  });
export type Plan = z.infer<typeof plan>;
export type RatioPlan = z.infer<typeof ratioPlan>;
export type LumpSumPlan = z.infer<typeof lumpSumPlan>;
export type PerDiemPlan = z.infer<typeof perDiemPlan>;
export type AllowancePlan = z.infer<typeof allowancePlan>;

/** The period accumulators and contributions run over: the calendar year, or a year starting on another day. */
export const schemePeriod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('calendar_year') }),
  z.strictObject({ kind: z.literal('policy_year'), startMonthDay: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$/) }),
]);

export const scheme = z
  .strictObject({
    code,
    name: label,
    regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}$/),
    version: z.number().int().min(1).max(9999),
    period: schemePeriod,
    contributions: z.array(contributionRule).max(60),
    maxPlansPerMember: z.number().int().min(1).max(50).optional(),
    plans: z.array(plan).min(1).max(50),
    note,
  })
  .superRefine((s, ctx) => {
    const codes = new Set<string>();
    s.plans.forEach((p, i) => {
      if (codes.has(p.code)) ctx.addIssue({ code: 'custom', path: ['plans', i, 'code'], message: 'plan codes are unique within a scheme' });
      codes.add(p.code);
    });
    // a payer pays once per basis for a status: `any` overlaps every status
    s.contributions.forEach((r, i) => {
      for (let j = 0; j < i; j++) {
        const o = s.contributions[j]!;
        const overlap = r.memberStatus === 'any' || o.memberStatus === 'any' || r.memberStatus === o.memberStatus;
        if (overlap && o.payer === r.payer && o.basis === r.basis) ctx.addIssue({ code: 'custom', path: ['contributions', i], message: 'overlaps an earlier rule for the same payer, basis and status' });
      }
    });
  });
export type Scheme = z.infer<typeof scheme>;

// ---- simulate: POST /api/v1/mutual-aid/simulate ---------------------------------------------

const isoDate = z.iso.date();
const amountFen = z.number().int().min(0).max(MAX_FEN);

export const enrolmentInput = z.strictObject({ from: isoDate, to: isoDate }).refine((e) => e.from <= e.to, { message: 'from is on or before to', path: ['to'] });
export const claimInput = z
  .strictObject({
    eventDate: isoDate,
    /** A diagnosis code of the plan's list (e.g. CI01) or its name (恶性肿瘤). */
    diagnosis: z.string().trim().min(1).max(100).optional(),
    diagnosisIcd10: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]\d{2}(\.\d{1,4})?$/, 'an ICD-10 code such as C34.1')
      .optional(),
    totalCostFen: amountFen.optional(),
    insurancePaidFen: amountFen.optional(),
    hospitalDays: z.number().int().min(0).max(3660).optional(),
  })
  .refine((c) => c.insurancePaidFen === undefined || (c.totalCostFen !== undefined && c.insurancePaidFen <= c.totalCostFen), {
    message: 'insurance paid is at most the total cost',
    path: ['insurancePaidFen'],
  });
export type ClaimInput = z.infer<typeof claimInput>;

export const simulateBody = z.strictObject({
  schemeCode: z.string().trim().min(1).max(32),
  planCode: z.string().trim().min(1).max(32),
  member: z.strictObject({
    status: memberStatusSchema,
    enrolments: z
      .array(enrolmentInput)
      .max(100)
      .refine(
        (es) => {
          const sorted = [...es].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
          return sorted.every((e, i) => i === 0 || sorted[i - 1]!.to < e.from);
        },
        { message: 'enrolment periods do not overlap' },
      ),
  }),
  claims: z.array(claimInput).min(1).max(500),
});
export type SimulateBody = z.infer<typeof simulateBody>;
export type MemberInput = SimulateBody['member'];

export const traceStepDto = z.object({
  step: z.enum(TRACE_STEPS),
  zh: z.string(),
  en: z.string(),
  /** The numbers of the step: amounts in fen (keys ending Fen), rates in bp, days, dates. */
  values: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});
export type TraceStepDto = z.infer<typeof traceStepDto>;

export const claimResultDto = z.object({
  payoutFen: z.number().int(),
  reason: z.enum(REASONS).optional(),
  /** Out-of-pocket left to the worker after this payout (ratio plans on out-of-pocket). */
  finalBurdenFen: z.number().int().optional(),
  /** The version of the scheme in force on the claim's event date, which the claim was evaluated under. */
  schemeVersion: z.number().int(),
  trace: z.array(traceStepDto),
});
export type ClaimResultDto = z.infer<typeof claimResultDto>;

export const simulateResponse = z.object({
  schemeCode: z.string(),
  /** The latest version any claim was evaluated under (each result names its own). */
  schemeVersion: z.number().int(),
  planCode: z.string(),
  totalPayoutFen: z.number().int(),
  results: z.array(claimResultDto),
});
export type SimulateResponse = z.infer<typeof simulateResponse>;

// ---- GET /api/v1/mutual-aid/schemes ----------------------------------------------------------

export const planSummaryDto = z.object({
  code: z.string(),
  name: label,
  kind: z.enum(PLAN_KINDS),
  trigger: z.enum(TRIGGERS),
  /** Diagnoses of a lump-sum plan (for the page's picker). */
  diagnoses: z.array(z.object({ code: z.string(), name: label, icd10: z.array(z.string()) })),
});

// ---- stored scheme versions (互助方案版本) ----------------------------------------------------------

/** A version is a draft (editable by its federation) until published; a published version never changes. */
export const SCHEME_VERSION_STATUSES = ['draft', 'published'] as const;
export type SchemeVersionStatus = (typeof SCHEME_VERSION_STATUSES)[number];
export const SCHEME_VERSION_STATUS_LABELS: Labels<SchemeVersionStatus> = {
  draft: { zh: '草稿', en: 'Draft' },
  published: { zh: '已发布', en: 'Published' },
};

/** One version of a scheme without its rules: its number, status, owner and the period of events it is in force for. */
export const schemeVersionSummaryDto = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  name: label,
  regionCode: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  status: z.enum(SCHEME_VERSION_STATUSES),
  /** In force for events on validFrom … validTo, both included. */
  validFrom: z.string(),
  validTo: z.string(),
  /** The published version this draft was copied from. */
  basedOnVersion: z.number().int().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  publishedByName: z.string().nullable(),
  publishedAt: z.string().nullable(),
});
export type SchemeVersionSummaryDto = z.infer<typeof schemeVersionSummaryDto>;
export const schemeVersionDto = schemeVersionSummaryDto.extend({ scheme });
export type SchemeVersionDto = z.infer<typeof schemeVersionDto>;
export const schemeVersionListResponse = z.object({ items: z.array(schemeVersionSummaryDto), nextCursor: z.string().nullable() });

/**
 * A draft: the period it will be in force and the whole scheme in the format above. The scheme is checked by the
 * service (not by the route) so that every problem comes back with a message in both languages; its `code` must be
 * the scheme's and its `version` is assigned by the server.
 */
export const schemeDraftInput = z
  .strictObject({ validFrom: isoDate, validTo: isoDate, scheme: z.record(z.string(), z.unknown()) })
  .refine((d) => d.validFrom <= d.validTo, { message: 'validFrom is on or before validTo', path: ['validTo'] });
export type SchemeDraftInput = z.infer<typeof schemeDraftInput>;
/** A new draft from a published version; the period defaults to the year after the source's period. */
export const newDraftInput = z
  .strictObject({ validFrom: isoDate.optional(), validTo: isoDate.optional() })
  .refine((d) => (d.validFrom === undefined) === (d.validTo === undefined), { message: 'give both validFrom and validTo, or neither', path: ['validTo'] })
  .refine((d) => d.validFrom === undefined || d.validTo === undefined || d.validFrom <= d.validTo, { message: 'validFrom is on or before validTo', path: ['validTo'] })
  .nullish();
export type NewDraftInput = z.infer<typeof newDraftInput>;

export const schemeListQuery = z.strictObject({
  /** Also list schemes that have only drafts (those of the actor's federations); the calculator leaves it off. */
  withDrafts: z.enum(['true', 'false']).optional(),
});

const ISSUE_ZH: Record<string, string> = {
  'the first band starts at 0': '第一段须从 0 起',
  'bands must be in increasing order without overlap': '各段起点须递增，不得重叠',
  'a cap is either an amount or a number of days': '封顶线须为金额或天数之一',
  'one cap per scope and unit': '同一范围、同一单位只能有一条封顶线',
  'caps in days are for per-diem plans': '按天数封顶仅适用于住院津贴计划',
  'one share per payer': '每个出资方只能有一个份额',
  'funding shares add up to 10000 bp': '出资份额合计须为 10000 基点（100%）',
  'one variant per member status': '每种会员身份只能有一组比例',
  'diagnosis codes are unique': '病种编码不得重复',
  'an ICD-10 range runs from the lower code to the higher': 'ICD-10 范围须由小到大',
  'plan codes are unique within a scheme': '同一方案内计划编码不得重复',
  'overlaps an earlier rule for the same payer, basis and status': '与前面同一出资方、同一计费方式、同一身份的缴费规则重叠',
  'letters, digits, _ or -, starting with a letter': '须由字母、数字、_ 或 - 组成，以字母开头',
  'an ICD-10 code, prefix or range such as C00-C97': '须为 ICD-10 编码、前缀或范围，如 C00-C97',
};

/** A Zod issue of the scheme format in both languages (the format's own messages, and the usual kinds of problem). */
export function schemeIssueText(issue: { code: string; message: string; path: PropertyKey[]; minimum?: unknown; maximum?: unknown; keys?: string[] }): { zh: string; en: string } {
  const known = ISSUE_ZH[issue.message];
  if (known) return { zh: known, en: issue.message };
  if (issue.message.startsWith('a ') && issue.message.includes(' plan pays on ')) {
    const [kind, triggers] = issue.message.slice(2).split(' plan pays on ');
    const zhTriggers = triggers!.split(' or ').map((t) => TRIGGER_LABELS[t as Trigger]?.zh ?? t).join('或');
    return { zh: `${PLAN_KIND_LABELS[kind as PlanKind]?.zh ?? kind}计划的给付事由须为${zhTriggers}`, en: issue.message };
  }
  switch (issue.code) {
    case 'invalid_type':
      return { zh: issue.path.length && issue.message.includes('undefined') ? '必填' : '类型不正确', en: issue.message };
    case 'too_small':
      return { zh: `不能小于 ${String(issue.minimum)}（或不少于 ${String(issue.minimum)} 项）`, en: issue.message };
    case 'too_big':
      return { zh: `不能大于 ${String(issue.maximum)}（或不多于 ${String(issue.maximum)} 项）`, en: issue.message };
    case 'unrecognized_keys':
      return { zh: `未知字段：${(issue.keys ?? []).join('、')}`, en: issue.message };
    case 'invalid_value':
    case 'invalid_union':
      return { zh: '取值不在允许范围内', en: issue.message };
    case 'invalid_format':
      return { zh: '格式不正确', en: issue.message };
    default:
      return { zh: '不符合方案格式', en: issue.message };
  }
}

export const schemeSummaryDto = z.object({
  code: z.string(),
  name: label,
  regionCode: z.string(),
  /** The version shown: the latest published one (or, for a scheme with only drafts, its latest draft). */
  version: z.number().int(),
  versionId: z.string(),
  status: z.enum(SCHEME_VERSION_STATUSES),
  validFrom: z.string(),
  validTo: z.string(),
  orgName: z.string(),
  plans: z.array(planSummaryDto),
  /** Every version the actor may see, oldest first. */
  versions: z.array(schemeVersionSummaryDto),
});
export type SchemeSummaryDto = z.infer<typeof schemeSummaryDto>;
export const schemeListResponse = z.object({ items: z.array(schemeSummaryDto), nextCursor: z.string().nullable() });
export type SchemeListResponse = z.infer<typeof schemeListResponse>;
