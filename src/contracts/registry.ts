import { z } from 'zod';

export const CATEGORIES = ['dibao', 'near_dibao', 'accident', 'not_eligible'] as const;
export type Category = (typeof CATEGORIES)[number];
export const LEVELS = ['deep', 'relative', 'general'] as const;
export type Level = (typeof LEVELS)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  dibao: { zh: '低保户', en: 'Dibao household' },
  near_dibao: { zh: '低保边缘户', en: 'Near-dibao household' },
  accident: { zh: '意外致困户', en: 'Accident-caused hardship' },
  not_eligible: { zh: '不符合条件', en: 'Not eligible' },
};
export const LEVEL_LABELS: Record<Level, { zh: string; en: string }> = {
  deep: { zh: '深度困难', en: 'Deep hardship' },
  relative: { zh: '相对困难', en: 'Relative hardship' },
  general: { zh: '一般困难', en: 'General hardship' },
};

const fen = z.number().int().min(0).max(1_000_000_000_00);

export const assessBody = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/, '6-digit county code'),
  year: z.number().int().min(2000).max(2100),
  receivesDibao: z.boolean(),
  size: z.number().int().min(1).max(30),
  annualIncomeFen: fen,
  annualRigidSpendingFen: fen,
});
export type AssessBody = z.infer<typeof assessBody>;

export const reasonDto = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export const assessResponse = z.object({
  category: z.enum(CATEGORIES),
  level: z.enum(LEVELS).nullable(),
  perCapitaMonthlyIncomeFen: z.number().int(),
  dibaoLineFen: z.number().int(),
  nearDibaoMultiplierBp: z.number().int(),
  lineRegionCode: z.string(),
  reasons: z.array(reasonDto),
});
export type AssessResponse = z.infer<typeof assessResponse>;

export const dibaoLineDto = z.object({
  id: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  year: z.number().int(),
  dibaoLineFen: z.number().int(),
  nearDibaoMultiplierBp: z.number().int(),
  rigidSpendingShareBp: z.number().int(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type DibaoLineDto = z.infer<typeof dibaoLineDto>;

export const putDibaoLineBody = z.strictObject({
  regionCode: z.string().regex(/^\d{2}(\d{2}){0,2}$/, 'GB/T 2260 code of 2, 4 or 6 digits'),
  year: z.number().int().min(2000).max(2100),
  dibaoLineFen: z.number().int().min(1).max(10_000_000),
  nearDibaoMultiplierBp: z.number().int().min(10000).max(50000),
  rigidSpendingShareBp: z.number().int().min(1).max(10000).default(8000),
});
export type PutDibaoLineBody = z.infer<typeof putDibaoLineBody>;

export const dibaoLineQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() });

// ───────────────────────── household file (一户一档案) ─────────────────────────

export const HOUSEHOLD_STATUSES = ['draft', 'submitted', 'verified', 'approved', 'exited', 'cancelled'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];
/** A file is open (counts for de-duplication and statistics) in every state but exited and cancelled. */
export const OPEN_STATUSES: readonly HouseholdStatus[] = ['draft', 'submitted', 'verified', 'approved'];

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'grandparent', 'other'] as const;
export const HEALTH = ['healthy', 'chronic_illness', 'serious_illness', 'disability'] as const;
export const SCHOOLING_STAGES = ['none', 'preschool', 'primary', 'junior_high', 'senior_high', 'vocational_secondary', 'vocational_college', 'university', 'postgraduate'] as const;
/** Stages at which a member counts as a student (看读书郎). */
export const STUDENT_STAGES: readonly (typeof SCHOOLING_STAGES)[number][] = ['primary', 'junior_high', 'senior_high', 'vocational_secondary', 'vocational_college', 'university', 'postgraduate'];
export const EMPLOYMENT = ['employed', 'laid_off', 'unemployed', 'retired', 'flexible', 'intermittent', 'not_working'] as const;
export const INCOME_SOURCES = ['wage', 'pension', 'unemployment_benefit', 'business', 'allowance', 'other'] as const;
export const HOUSING = ['owned', 'rented', 'public_rental', 'none'] as const;
export const CAUSES = ['unemployment', 'illness', 'disability', 'schooling', 'accident', 'disaster', 'social_security_gap', 'single_parent', 'other'] as const;
export const FLAGS = ['singleParent', 'modelWorker', 'migrantWorker', 'extremeHardship'] as const;
export const CANCEL_REASONS = ['ineligible', 'duplicate', 'moved_away', 'deceased'] as const;

export type Relation = (typeof RELATIONS)[number];
export type Health = (typeof HEALTH)[number];
export type SchoolingStage = (typeof SCHOOLING_STAGES)[number];
export type Employment = (typeof EMPLOYMENT)[number];
export type Cause = (typeof CAUSES)[number];
export type CancelReason = (typeof CANCEL_REASONS)[number];

type Labels<T extends string> = Record<T, { zh: string; en: string }>;
export const STATUS_LABELS: Labels<HouseholdStatus> = {
  draft: { zh: '摸底', en: 'Draft' },
  submitted: { zh: '已上报', en: 'Submitted' },
  verified: { zh: '已核查', en: 'Verified' },
  approved: { zh: '已建档', en: 'Approved' },
  exited: { zh: '已解困脱困', en: 'Exited' },
  cancelled: { zh: '已注销', en: 'Cancelled' },
};
export const RELATION_LABELS: Labels<Relation> = {
  self: { zh: '户主(职工)', en: 'Worker (head)' },
  spouse: { zh: '配偶', en: 'Spouse' },
  child: { zh: '子女', en: 'Child' },
  parent: { zh: '父母', en: 'Parent' },
  sibling: { zh: '兄弟姐妹', en: 'Sibling' },
  grandchild: { zh: '孙子女', en: 'Grandchild' },
  grandparent: { zh: '祖父母', en: 'Grandparent' },
  other: { zh: '其他', en: 'Other' },
};
export const HEALTH_LABELS: Labels<Health> = {
  healthy: { zh: '健康', en: 'Healthy' },
  chronic_illness: { zh: '慢性病', en: 'Chronic illness' },
  serious_illness: { zh: '大病/重病', en: 'Serious illness' },
  disability: { zh: '残疾', en: 'Disability' },
};
export const SCHOOLING_LABELS: Labels<SchoolingStage> = {
  none: { zh: '非在校', en: 'Not in school' },
  preschool: { zh: '学前', en: 'Preschool' },
  primary: { zh: '小学', en: 'Primary' },
  junior_high: { zh: '初中', en: 'Junior high' },
  senior_high: { zh: '高中', en: 'Senior high' },
  vocational_secondary: { zh: '中职', en: 'Vocational secondary' },
  vocational_college: { zh: '高职(专科)', en: 'Vocational college' },
  university: { zh: '本科', en: 'University' },
  postgraduate: { zh: '研究生', en: 'Postgraduate' },
};
export const EMPLOYMENT_LABELS: Labels<Employment> = {
  employed: { zh: '在岗', en: 'Employed' },
  laid_off: { zh: '下岗', en: 'Laid off' },
  unemployed: { zh: '失业', en: 'Unemployed' },
  retired: { zh: '退休', en: 'Retired' },
  flexible: { zh: '灵活就业', en: 'Flexible employment' },
  intermittent: { zh: '间歇性歇岗', en: 'Intermittent leave' },
  not_working: { zh: '无业/学生/无劳动能力', en: 'Not working / student / unable' },
};
export const INCOME_SOURCE_LABELS: Labels<(typeof INCOME_SOURCES)[number]> = {
  wage: { zh: '工资', en: 'Wage' },
  pension: { zh: '养老金', en: 'Pension' },
  unemployment_benefit: { zh: '失业金', en: 'Unemployment benefit' },
  business: { zh: '经营收入', en: 'Business' },
  allowance: { zh: '补贴', en: 'Allowance' },
  other: { zh: '其他', en: 'Other' },
};
export const HOUSING_LABELS: Labels<(typeof HOUSING)[number]> = {
  owned: { zh: '自有住房', en: 'Owned' },
  rented: { zh: '租房', en: 'Rented' },
  public_rental: { zh: '公租房/廉租房', en: 'Public rental' },
  none: { zh: '无固定住所', en: 'None' },
};
export const CAUSE_LABELS: Labels<Cause> = {
  unemployment: { zh: '下岗失业', en: 'Unemployment' },
  illness: { zh: '因病', en: 'Illness' },
  disability: { zh: '因残', en: 'Disability' },
  schooling: { zh: '子女就学', en: 'Schooling' },
  accident: { zh: '意外事故', en: 'Accident' },
  disaster: { zh: '因灾', en: 'Disaster' },
  social_security_gap: { zh: '社保不健全', en: 'Social security gap' },
  single_parent: { zh: '单亲', en: 'Single parent' },
  other: { zh: '其他', en: 'Other' },
};
export const FLAG_LABELS: Labels<(typeof FLAGS)[number]> = {
  singleParent: { zh: '单亲家庭', en: 'Single parent' },
  modelWorker: { zh: '劳动模范', en: 'Model worker' },
  migrantWorker: { zh: '农民工', en: 'Migrant worker' },
  extremeHardship: { zh: '特困', en: 'Extreme hardship' },
};
export const CANCEL_REASON_LABELS: Labels<CancelReason> = {
  ineligible: { zh: '不符合条件', en: 'Ineligible' },
  duplicate: { zh: '重复建档', en: 'Duplicate' },
  moved_away: { zh: '迁出', en: 'Moved away' },
  deceased: { zh: '死亡', en: 'Deceased' },
};

const fenField = z.number().int().min(0).max(100_000_000_00);
const incomeBySource = z.partialRecord(z.enum(INCOME_SOURCES), fenField);

export const memberInput = z.strictObject({
  /** present when editing an existing member */
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(40),
  relation: z.enum(RELATIONS),
  idNumber: z.string().trim().regex(/^\d{17}[\dXx]$/, '18-character ID number'),
  phone: z.string().trim().regex(/^1\d{10}$/, '11-digit mobile number').optional(),
  health: z.enum(HEALTH).default('healthy'),
  disabilityGrade: z.number().int().min(1).max(4).nullable().optional(),
  schoolingStage: z.enum(SCHOOLING_STAGES).default('none'),
  employment: z.enum(EMPLOYMENT).default('not_working'),
  /** monthly income by source, fen */
  monthlyIncomeFen: incomeBySource.default({}),
});
export type MemberInput = z.infer<typeof memberInput>;

export const householdInput = z.strictObject({
  orgId: z.uuid(),
  regionCode: z.string().regex(/^\d{6}$/, '6-digit county code'),
  address: z.string().trim().min(2).max(200),
  /** an existing file's number when migrating from spreadsheets; otherwise issued on approval */
  archiveNo: z.string().trim().regex(/^\d{6}-\d{4}-\d{6}$/, 'region-year-sequence, e.g. 520302-2026-000123').optional(),
  employer: z.string().trim().max(100).optional(),
  unionMember: z.boolean().default(true),
  housing: z.enum(HOUSING),
  /** floor area in square metres, up to two decimals, e.g. "45.5" */
  housingArea: z.string().trim().regex(/^\d{1,4}(\.\d{1,2})?$/, 'square metres, e.g. 45.5').optional(),
  receivesDibao: z.boolean(),
  dibaoCertificateNo: z.string().trim().max(40).optional(),
  /** household income not attributed to a member (rent, transfers), per year */
  otherAnnualIncomeFen: fenField.default(0),
  medicalOutOfPocketFen: fenField.default(0),
  schoolingSpendingFen: fenField.default(0),
  disasterLossFen: fenField.default(0),
  primaryCause: z.enum(CAUSES),
  secondaryCauses: z.array(z.enum(CAUSES)).max(8).default([]),
  flags: z.array(z.enum(FLAGS)).max(4).default([]),
  bankName: z.string().trim().max(60).optional(),
  bankAccount: z.string().trim().regex(/^\d{10,30}$/, '10–30 digits').optional(),
  members: z.array(memberInput).min(1).max(30),
});
export type HouseholdInput = z.infer<typeof householdInput>;
/**
 * An edit. Personal data the client only sees masked may be left out: an existing member (with `id`) without
 * `idNumber` keeps the stored ID number; a `phone` or `bankAccount` left out keeps the stored one, `null` clears it.
 */
export const memberUpdateInput = memberInput.extend({
  idNumber: memberInput.shape.idNumber.optional(),
  phone: memberInput.shape.phone.unwrap().nullable().optional(),
});
export const householdUpdateInput = householdInput.extend({
  version: z.number().int().min(1),
  bankAccount: householdInput.shape.bankAccount.unwrap().nullable().optional(),
  members: z.array(memberUpdateInput).min(1).max(30),
});
export type HouseholdUpdateInput = z.infer<typeof householdUpdateInput>;

export const memberDto = z.object({
  id: z.string(),
  name: z.string(),
  relation: z.enum(RELATIONS),
  idNumber: z.string(), // masked
  phone: z.string().nullable(), // masked
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  health: z.enum(HEALTH),
  disabilityGrade: z.number().int().nullable(),
  schoolingStage: z.enum(SCHOOLING_STAGES),
  employment: z.enum(EMPLOYMENT),
  monthlyIncomeFen: z.record(z.string(), z.number().int()),
});

export const signerDto = z.object({ userId: z.string(), name: z.string(), at: z.string() }).nullable();

export const householdDto = z.object({
  id: z.string(),
  archiveNo: z.string().nullable(),
  status: z.enum(HOUSEHOLD_STATUSES),
  orgId: z.string(),
  orgName: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  address: z.string(),
  workerName: z.string(),
  employer: z.string().nullable(),
  unionMember: z.boolean(),
  housing: z.enum(HOUSING),
  housingArea: z.string().nullable(),
  receivesDibao: z.boolean(),
  dibaoCertificateNo: z.string().nullable(),
  size: z.number().int(),
  annualIncomeFen: z.number().int(),
  otherAnnualIncomeFen: z.number().int(),
  medicalOutOfPocketFen: z.number().int(),
  schoolingSpendingFen: z.number().int(),
  disasterLossFen: z.number().int(),
  rigidSpendingFen: z.number().int(),
  primaryCause: z.enum(CAUSES),
  secondaryCauses: z.array(z.enum(CAUSES)),
  flags: z.array(z.enum(FLAGS)),
  bankName: z.string().nullable(),
  bankAccount: z.string().nullable(), // masked
  category: z.enum(CATEGORIES).nullable(),
  level: z.enum(LEVELS).nullable(),
  identification: z
    .object({ year: z.number().int(), lineRegionCode: z.string(), dibaoLineFen: z.number().int(), perCapitaMonthlyIncomeFen: z.number().int(), reasons: z.array(reasonDto) })
    .nullable(),
  students: z.number().int(),
  seriousIllness: z.boolean(),
  cancelReason: z.enum(CANCEL_REASONS).nullable(),
  /** latest four-looks assessment, summarised */
  fourLooksLatest: z.object({ visitDate: z.string(), totalScore: z.number().int(), answers: z.record(z.string(), z.string()) }).nullable(),
  /** transitions the current user may attempt from the current state */
  allowedTransitions: z.array(z.enum(HOUSEHOLD_STATUSES)),
  signers: z.object({ registeredBy: signerDto, investigatedBy: signerDto, reviewedBy: signerDto, responsible: signerDto }),
  members: z.array(memberDto),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HouseholdDto = z.infer<typeof householdDto>;

export const householdListItem = householdDto.omit({ members: true, identification: true, signers: true, fourLooksLatest: true, allowedTransitions: true });
export type HouseholdListItem = z.infer<typeof householdListItem>;

/** What the search box of the household list holds; the server and the list page read it by the same rules. */
export type HouseholdSearchKind = 'idNumber' | 'phone' | 'archiveNo' | 'initials' | 'name';
export function householdSearchKind(q: string | null | undefined): HouseholdSearchKind | null {
  const s = q?.trim();
  if (!s) return null;
  if (/^\d{17}[\dXx]$/.test(s)) return 'idNumber';
  if (/^1\d{10}$/.test(s)) return 'phone';
  if (/^\d{4,6}(-\d{0,4}(-\d{0,6})?)?$/.test(s)) return 'archiveNo';
  if (/^[a-z]{1,10}$/i.test(s)) return 'initials';
  return 'name';
}
/** Whether a list query without an explicit order is listed by relevance (a name or pinyin-initials search). */
export const listedByRelevance = (q: string | null | undefined): boolean => {
  const k = householdSearchKind(q);
  return k === 'name' || k === 'initials';
};

export const householdListQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  orgId: z.uuid().optional(),
  regionCode: z.string().regex(/^\d{2,6}$/).optional(),
  status: z.enum(HOUSEHOLD_STATUSES).optional(),
  category: z.enum(CATEGORIES).optional(),
  level: z.enum(LEVELS).optional(),
  cause: z.enum(CAUSES).optional(),
  flag: z.enum(FLAGS).optional(),
  hasStudents: z.enum(['true', 'false']).optional(),
  seriousIllness: z.enum(['true', 'false']).optional(),
  /**
   * The order. Without it a name or pinyin-initials search is listed by relevance (the matched name or initials in
   * order — an exact name before longer names that start with it — then the latest update first; for a name search,
   * employer matches after name matches), every other list by the latest update first.
   */
  sort: z.enum(['relevance', 'archiveNo', 'updatedAt', 'workerName']).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type HouseholdListQuery = z.infer<typeof householdListQuery>;

export const transitionBody = z.strictObject({
  to: z.enum(HOUSEHOLD_STATUSES),
  reason: z.string().trim().min(2).max(500),
  cancelReason: z.enum(CANCEL_REASONS).optional(),
  /** the named responsible person (负责人) when approving; defaults to the approver */
  responsibleUserId: z.uuid().optional(),
  /** optimistic lock: the version the client saw */
  version: z.number().int().min(1),
});
export type TransitionBody = z.infer<typeof transitionBody>;

// ───────────────────────── four looks (四看法) ─────────────────────────

/** Bijie's structured home assessment: each look has options with scores (higher = harder). */
export const FOUR_LOOKS = {
  housing: {
    zh: '一看房',
    en: 'Housing',
    options: {
      safe: { zh: '住房安全、面积够用', en: 'Safe and adequate', score: 0 },
      basic: { zh: '住房基本安全、较拥挤', en: 'Basically safe, crowded', score: 10 },
      poor: { zh: '住房破旧、人均面积小', en: 'Run-down, small', score: 20 },
      unsafe: { zh: '危房或无固定住所', en: 'Unsafe or none', score: 30 },
    },
  },
  food: {
    zh: '二看粮',
    en: 'Food',
    options: {
      sufficient: { zh: '吃穿不愁', en: 'No worries', score: 0 },
      basic: { zh: '基本够吃', en: 'Basically enough', score: 10 },
      tight: { zh: '时常紧张', en: 'Often short', score: 20 },
      insufficient: { zh: '吃饭困难', en: 'Not enough to eat', score: 30 },
    },
  },
  labour: {
    zh: '三看劳动力',
    en: 'Labour capacity',
    options: {
      strong: { zh: '两个及以上劳动力', en: 'Two or more workers', score: 0 },
      one: { zh: '一个劳动力', en: 'One worker', score: 10 },
      weak: { zh: '劳动力弱（病、残、年老）', en: 'Weak (ill, disabled, old)', score: 20 },
      none: { zh: '无劳动力', en: 'No labour capacity', score: 30 },
    },
  },
  students: {
    zh: '四看读书郎',
    en: 'Students',
    options: {
      none: { zh: '无在校生', en: 'No students', score: 0 },
      compulsory: { zh: '有义务教育阶段学生', en: 'Compulsory-school students', score: 5 },
      high_school: { zh: '有高中/中职学生', en: 'High-school students', score: 10 },
      college: { zh: '有大学/高职学生', en: 'College students', score: 15 },
    },
  },
} as const;
export type FourLookKey = keyof typeof FOUR_LOOKS;
export const FOUR_LOOK_KEYS = Object.keys(FOUR_LOOKS) as FourLookKey[];

export const fourLooksBody = z.strictObject({
  housing: z.enum(Object.keys(FOUR_LOOKS.housing.options) as [string, ...string[]]),
  food: z.enum(Object.keys(FOUR_LOOKS.food.options) as [string, ...string[]]),
  labour: z.enum(Object.keys(FOUR_LOOKS.labour.options) as [string, ...string[]]),
  students: z.enum(Object.keys(FOUR_LOOKS.students.options) as [string, ...string[]]),
  visitDate: z.iso.date(),
  notes: z.string().trim().max(1000).optional(),
});
export type FourLooksBody = z.infer<typeof fourLooksBody>;

export const fourLooksDto = z.object({
  id: z.string(),
  householdId: z.string(),
  visitDate: z.string(),
  answers: z.record(z.string(), z.string()),
  scores: z.record(z.string(), z.number().int()),
  totalScore: z.number().int(),
  notes: z.string().nullable(),
  assessedBy: z.object({ userId: z.string(), name: z.string() }),
  assessedAt: z.string(),
});

// ───────────────────────── plan and measures (一户一计划、一户一措施) ─────────────────────────

export const MEASURE_TYPES = ['medical_aid', 'student_aid', 'employment', 'skills_training', 'entrepreneurship', 'living_aid', 'policy_referral', 'legal_aid', 'counselling'] as const;
export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'cancelled'] as const;
export type MeasureType = (typeof MEASURE_TYPES)[number];
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];
export const MEASURE_TYPE_LABELS: Labels<MeasureType> = {
  medical_aid: { zh: '医疗救助', en: 'Medical aid' },
  student_aid: { zh: '助学', en: 'Student aid' },
  employment: { zh: '就业帮扶', en: 'Employment' },
  skills_training: { zh: '技能培训', en: 'Skills training' },
  entrepreneurship: { zh: '创业扶持', en: 'Entrepreneurship' },
  living_aid: { zh: '生活救助', en: 'Living aid' },
  policy_referral: { zh: '政策衔接', en: 'Policy referral' },
  legal_aid: { zh: '法律援助', en: 'Legal aid' },
  counselling: { zh: '心理疏导', en: 'Counselling' },
};
export const MEASURE_STATUS_LABELS: Labels<MeasureStatus> = {
  planned: { zh: '计划中', en: 'Planned' },
  in_progress: { zh: '实施中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

export const planBody = z.strictObject({ targetExitDate: z.iso.date(), goal: z.string().trim().max(500).optional() });
export const measureBody = z.strictObject({
  type: z.enum(MEASURE_TYPES),
  description: z.string().trim().min(2).max(500),
  responsibleUserId: z.uuid(),
  dueDate: z.iso.date(),
});
export const measureUpdateBody = z.strictObject({
  status: z.enum(MEASURE_STATUSES).optional(),
  outcome: z.string().trim().max(1000).optional(),
  dueDate: z.iso.date().optional(),
  responsibleUserId: z.uuid().optional(),
  description: z.string().trim().min(2).max(500).optional(),
});
export const measureDto = z.object({
  id: z.string(),
  type: z.enum(MEASURE_TYPES),
  description: z.string(),
  responsible: z.object({ userId: z.string(), name: z.string() }),
  dueDate: z.string(),
  status: z.enum(MEASURE_STATUSES),
  outcome: z.string().nullable(),
  completedAt: z.string().nullable(),
  overdue: z.boolean(),
});
export const planDto = z.object({
  id: z.string(),
  householdId: z.string(),
  targetExitDate: z.string(),
  goal: z.string().nullable(),
  measures: z.array(measureDto),
  createdAt: z.string(),
});
