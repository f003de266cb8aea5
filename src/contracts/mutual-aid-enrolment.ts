import { z } from 'zod';
import { MAX_FEN, MEMBER_STATUSES, PAYERS, payerSchema } from './mutual-aid';

/**
 * 职工医疗互助 — enrolment and contributions: member units (会员单位), members, plan opt-ins per period, bulk enrolment
 * from .xlsx, contribution bills split by payer, payments and arrears. Shared by the server and the web pages.
 * Amounts are integer fen; a period is the year a scheme period starts in.
 */

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

// ---- enums and their labels ----------------------------------------------------------------

export const UNIT_STATUSES = ['active', 'closed'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];
export const UNIT_STATUS_LABELS: Labels<UnitStatus> = {
  active: { zh: '正常', en: 'Active' },
  closed: { zh: '已退出', en: 'Closed' },
};

export const ENROLMENT_STATUSES = ['active', 'cancelled'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ENROLMENT_STATUS_LABELS: Labels<EnrolmentStatus> = {
  active: { zh: '有效', en: 'Active' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
};

export const BILL_STATUSES = ['open', 'paid'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];
export const BILL_STATUS_LABELS: Labels<BillStatus> = {
  open: { zh: '欠费', en: 'Outstanding' },
  paid: { zh: '已缴清', en: 'Paid' },
};

export const ENROLMENT_IMPORT_MODES = ['dry-run', 'all-or-nothing', 'valid-rows'] as const;
export type EnrolmentImportMode = (typeof ENROLMENT_IMPORT_MODES)[number];
export const ENROLMENT_IMPORT_MODE_LABELS: Labels<EnrolmentImportMode> = {
  'dry-run': { zh: '仅检查（不写入）', en: 'Check only (writes nothing)' },
  'all-or-nothing': { zh: '全部正确才导入', en: 'All or nothing' },
  'valid-rows': { zh: '导入正确的行，报告其余', en: 'Import the valid rows, report the rest' },
};
export const ENROLMENT_IMPORT_OUTCOMES = ['written', 'nothing_written', 'dry_run'] as const;
export type EnrolmentImportOutcome = (typeof ENROLMENT_IMPORT_OUTCOMES)[number];
export const ENROLMENT_IMPORT_OUTCOME_LABELS: Labels<EnrolmentImportOutcome> = {
  written: { zh: '已导入', en: 'Imported' },
  nothing_written: { zh: '未写入任何数据', en: 'Nothing written' },
  dry_run: { zh: '仅检查，未写入', en: 'Checked only, nothing written' },
};

/** Largest member file the page uploads. */
export const ENROLMENT_IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The columns of the bulk enrolment template, in order (Chinese headers; the English keys are accepted too). */
export const ENROLMENT_COLUMNS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', required: true },
  { key: 'phone', zh: '手机号', en: 'Mobile phone', required: false },
  { key: 'plans', zh: '参加计划', en: 'Plans', required: true },
] as const;
export type EnrolmentColumnKey = (typeof ENROLMENT_COLUMNS)[number]['key'];

// ---- shared pieces -------------------------------------------------------------------------

const label = z.object({ zh: z.string(), en: z.string() });
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const schemeCode = z.string().trim().min(1).max(32);
/** A scheme period: the year it starts in. */
export const periodSchema = z.coerce.number().int().min(2000).max(2100);
const planCode = z.string().trim().min(1).max(32);
/** 统一社会信用代码: 18 characters, digits and capital letters without I, O, S, V, Z. */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** A mainland mobile number, or an office number with area code (0851-12345678). */
export const UNIT_PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/;
export const MOBILE_PATTERN = /^1\d{10}$/;
const listLimit = z.coerce.number().int().min(1).max(200).default(50);

// ---- units (会员单位) -------------------------------------------------------------------------

export const unitInput = z.strictObject({
  schemeCode,
  name: trimmed(100),
  creditCode: z.string().trim().toUpperCase().regex(CREDIT_CODE_PATTERN, '18-character unified social credit code').optional(),
  /** The union the unit belongs to (its grassroots union, or the county union). */
  orgId: z.uuid(),
  contactName: trimmed(40).optional(),
  contactPhone: z.string().trim().regex(UNIT_PHONE_PATTERN, 'a mobile or office phone number').optional(),
});
export type UnitInput = z.infer<typeof unitInput>;

/** Editing a unit: its name, credit code, contact and status (its scheme and union stay). null clears an optional field. */
export const unitUpdateInput = z
  .strictObject({
    name: trimmed(100).optional(),
    creditCode: z.string().trim().toUpperCase().regex(CREDIT_CODE_PATTERN, '18-character unified social credit code').nullable().optional(),
    contactName: trimmed(40).nullable().optional(),
    contactPhone: z.string().trim().regex(UNIT_PHONE_PATTERN, 'a mobile or office phone number').nullable().optional(),
    status: z.enum(UNIT_STATUSES).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });
export type UnitUpdateInput = z.infer<typeof unitUpdateInput>;

export const unitListQuery = z.strictObject({
  schemeCode: schemeCode.optional(),
  orgId: z.uuid().optional(),
  /** part of the unit's name */
  q: z.string().trim().max(100).optional(),
  status: z.enum(UNIT_STATUSES).optional(),
  cursor: z.string().max(512).optional(),
  limit: listLimit,
});
export type UnitListQuery = z.infer<typeof unitListQuery>;
export const unitExportQuery = unitListQuery.omit({ cursor: true, limit: true });

export const unitDto = z.object({
  id: z.string(),
  schemeCode: z.string(),
  schemeName: label,
  name: z.string(),
  creditCode: z.string().nullable(),
  orgId: z.string(),
  orgName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(UNIT_STATUSES),
  memberCount: z.number().int(),
  createdByName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type UnitDto = z.infer<typeof unitDto>;
export const unitListResponse = z.object({ items: z.array(unitDto), nextCursor: z.string().nullable() });

// ---- members (互助会员) and opt-ins (参加计划) ---------------------------------------------------

export const enrolInput = z.strictObject({
  period: z.number().int().min(2000).max(2100),
  planCodes: z.array(planCode).min(1).max(50),
});
export type EnrolInput = z.infer<typeof enrolInput>;

export const memberInput = z.strictObject({
  name: trimmed(40),
  /** 18 characters; checked by its GB 11643 check digit; sex and birth date are read from it. */
  idNumber: z.string().trim().min(1).max(40),
  phone: z.string().trim().regex(MOBILE_PATTERN, 'an 11-digit mobile number').optional(),
  /** Opt the new member into plans for a period in the same step. */
  enrol: enrolInput.optional(),
});
export type MemberInput = z.infer<typeof memberInput>;

/** Editing a member: name and phone (null clears it); the ID number is the person and never changes. */
export const memberUpdateInput = z
  .strictObject({ name: trimmed(40).optional(), phone: z.string().trim().regex(MOBILE_PATTERN, 'an 11-digit mobile number').nullable().optional() })
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' });
export type MemberUpdateInput = z.infer<typeof memberUpdateInput>;

export const memberListQuery = z.strictObject({
  /** opt-ins shown for this period (default: the current one) */
  period: periodSchema.optional(),
  /** a name prefix, or a whole ID number */
  q: z.string().trim().max(40).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type MemberListQuery = z.infer<typeof memberListQuery>;

export const enrolmentDto = z.object({
  id: z.string(),
  memberId: z.string(),
  planCode: z.string(),
  planName: label.nullable(),
  period: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(ENROLMENT_STATUSES),
  paidAt: z.string().nullable(),
  /** active and paid: the member is covered by this plan from validFrom to validTo */
  covered: z.boolean(),
  createdAt: z.string(),
});
export type EnrolmentDto = z.infer<typeof enrolmentDto>;

export const memberDto = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  schemeCode: z.string(),
  name: z.string(),
  /** masked: 5203**********1234 */
  idNumber: z.string(),
  phone: z.string().nullable(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  /** hardship when the person is in a household file that is approved now (困难职工); shown, not stored */
  status: z.enum(MEMBER_STATUSES),
  /** opt-ins of the period asked for (list) or of every period (one member) */
  enrolments: z.array(enrolmentDto),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MemberDto = z.infer<typeof memberDto>;
export const memberListResponse = z.object({ items: z.array(memberDto), nextCursor: z.string().nullable(), period: z.number().int() });
export const enrolmentListResponse = z.object({ items: z.array(enrolmentDto) });

/** The result of an opt-in: the member's opt-ins of the period, and the plans newly added. */
export const enrolResultDto = z.object({ period: z.number().int(), added: z.array(z.string()), enrolments: z.array(enrolmentDto) });
export type EnrolResultDto = z.infer<typeof enrolResultDto>;

// ---- bulk enrolment (.xlsx) -------------------------------------------------------------------

export const enrolmentImportQuery = z.strictObject({
  mode: z.enum(ENROLMENT_IMPORT_MODES).default('all-or-nothing'),
  period: periodSchema,
  filename: z.string().trim().min(1).max(200).optional(),
});
export type EnrolmentImportQuery = z.infer<typeof enrolmentImportQuery>;
export const enrolmentTemplateQuery = z.strictObject({ period: periodSchema.optional() });
export const importReportParams = z.strictObject({ id: z.uuid(), reportId: z.uuid() });

export const enrolmentImportIssueDto = z.object({
  /** Excel row number (1-based); null for the file as a whole */
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  columnLetter: z.string().nullable(),
  columnLabel: z.string().nullable(),
  code: z.string(),
  zh: z.string(),
  en: z.string(),
  /** the offending value, personal data masked */
  value: z.string().nullable(),
});
export type EnrolmentImportIssueDto = z.infer<typeof enrolmentImportIssueDto>;

export const enrolmentImportCounts = z.object({
  rows: z.number().int(),
  blankRows: z.number().int(),
  /** members added, updated (name or phone), unchanged */
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** plan opt-ins added */
  enrolments: z.number().int(),
  /** rows not written because of an issue */
  invalid: z.number().int(),
  issues: z.number().int(),
});
export type EnrolmentImportCounts = z.infer<typeof enrolmentImportCounts>;

export const enrolmentImportResultDto = z.object({
  reportId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  period: z.number().int(),
  mode: z.enum(ENROLMENT_IMPORT_MODES),
  fileName: z.string(),
  fileSha256: z.string(),
  outcome: z.enum(ENROLMENT_IMPORT_OUTCOMES),
  message: z.object({ zh: z.string(), en: z.string() }).nullable(),
  counts: enrolmentImportCounts,
  /** the first issues; the report has them all */
  issues: z.array(enrolmentImportIssueDto),
  startedAt: z.string(),
  finishedAt: z.string(),
});
export type EnrolmentImportResultDto = z.infer<typeof enrolmentImportResultDto>;

// ---- bills (缴费通知) and payments (缴费记录) -----------------------------------------------------

export const billParams = z.strictObject({ id: z.uuid(), period: z.coerce.number().int().min(2000).max(2100) });

export const billLineDto = z.object({
  payer: payerSchema,
  basis: z.enum(['per_member', 'per_plan', 'per_household']),
  memberStatus: z.enum(['any', ...MEMBER_STATUSES]),
  amountFen: z.number().int(),
  quantity: z.number().int(),
  subtotalFen: z.number().int(),
});
export type BillLineDto = z.infer<typeof billLineDto>;

/** Per payer: what the bill asks, what was paid, what is owed. */
export const payerShareDto = z.object({ payer: payerSchema, dueFen: z.number().int(), paidFen: z.number().int(), arrearsFen: z.number().int() });
export type PayerShareDto = z.infer<typeof payerShareDto>;

export const billDto = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  orgName: z.string(),
  schemeCode: z.string(),
  schemeVersion: z.number().int(),
  period: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  totalFen: z.number().int(),
  paidFen: z.number().int(),
  arrearsFen: z.number().int(),
  memberCount: z.number().int(),
  enrolmentCount: z.number().int(),
  status: z.enum(BILL_STATUSES),
  byPayer: z.array(payerShareDto),
  issuedAt: z.string(),
  updatedAt: z.string(),
});
export type BillDto = z.infer<typeof billDto>;

export const paymentDto = z.object({
  id: z.string(),
  billId: z.string(),
  payer: payerSchema,
  amountFen: z.number().int(),
  paidOn: z.string(),
  reference: z.string(),
  ledgerEntryId: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type PaymentDto = z.infer<typeof paymentDto>;

export const billDetailDto = billDto.extend({ lines: z.array(billLineDto), payments: z.array(paymentDto) });
export type BillDetailDto = z.infer<typeof billDetailDto>;

/** What the unit's bill for a period is, and what it would be if issued now (from the active opt-ins). */
export const billPreviewDto = z.object({
  schemeVersion: z.number().int(),
  validFrom: z.string(),
  validTo: z.string(),
  lines: z.array(billLineDto),
  byPayer: z.array(z.object({ payer: payerSchema, dueFen: z.number().int() })),
  totalFen: z.number().int(),
  memberCount: z.number().int(),
  enrolmentCount: z.number().int(),
});
export type BillPreviewDto = z.infer<typeof billPreviewDto>;
export const unitBillResponse = z.object({ bill: billDetailDto.nullable(), preview: billPreviewDto.nullable(), problem: z.object({ zh: z.string(), en: z.string() }).nullable() });
export type UnitBillResponse = z.infer<typeof unitBillResponse>;

export const billListQuery = z.strictObject({
  schemeCode: schemeCode.optional(),
  orgId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  period: periodSchema.optional(),
  status: z.enum(BILL_STATUSES).optional(),
  /** part of the unit's name */
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(512).optional(),
  limit: listLimit,
});
export type BillListQuery = z.infer<typeof billListQuery>;
export const billExportQuery = billListQuery.omit({ cursor: true, limit: true });

export const billTotalsDto = z.object({ bills: z.number().int(), totalFen: z.number().int(), paidFen: z.number().int(), arrearsFen: z.number().int() });
export const billListResponse = z.object({ items: z.array(billDto), nextCursor: z.string().nullable(), totals: billTotalsDto });
export type BillListResponse = z.infer<typeof billListResponse>;

export const paymentInput = z.strictObject({
  payer: payerSchema,
  amountFen: z.number().int().min(1).max(MAX_FEN),
  /** the day the money arrived (YYYY-MM-DD), not after today */
  paidOn: z.iso.date(),
  /** the bank's reference or the receipt number */
  reference: trimmed(100),
});
export type PaymentInput = z.infer<typeof paymentInput>;
export const paymentListResponse = z.object({ items: z.array(paymentDto) });

export { PAYERS };
