import { z } from 'zod';
import { MAX_FEN, REASONS, traceStepDto } from './mutual-aid';

/**
 * 互助申请（理赔）Mutual-aid claims: intake with the hospital bill, automatic adjudication by the engine (trace and
 * scheme version stored), review (approve, override with a reason, reject), payment through the ledger, reversal,
 * batch adjudication of stored claims, and the member's accumulators. Amounts are integer fen.
 */

type Labels<K extends string> = Record<K, { zh: string; en: string }>;

export const CLAIM_STATUSES = ['received', 'adjudicated', 'approved', 'paid', 'rejected', 'reversed'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_STATUS_LABELS: Labels<ClaimStatus> = {
  received: { zh: '已受理', en: 'Received' },
  adjudicated: { zh: '已核算', en: 'Adjudicated' },
  approved: { zh: '已审核', en: 'Approved' },
  paid: { zh: '已支付', en: 'Paid' },
  rejected: { zh: '已驳回', en: 'Rejected' },
  reversed: { zh: '已冲销', en: 'Reversed' },
};

export const CLAIM_DOCUMENT_KINDS = ['invoice', 'discharge_summary', 'diagnosis', 'expense_list', 'insurance_statement', 'other'] as const;
export type ClaimDocumentKind = (typeof CLAIM_DOCUMENT_KINDS)[number];
export const CLAIM_DOCUMENT_KIND_LABELS: Labels<ClaimDocumentKind> = {
  invoice: { zh: '住院发票', en: 'Invoice' },
  discharge_summary: { zh: '出院小结', en: 'Discharge summary' },
  diagnosis: { zh: '诊断证明', en: 'Diagnosis certificate' },
  expense_list: { zh: '费用清单', en: 'Expense list' },
  insurance_statement: { zh: '医保结算单', en: 'Insurance statement' },
  other: { zh: '其他材料', en: 'Other' },
};

const isoDate = z.iso.date();
const fen = z.number().int().min(0).max(MAX_FEN);
const reason = z.string().trim().min(2).max(500);

/** ICD-10 code of a diagnosis as written on the certificate (C34.1, I21.0). */
export const ICD10_CODE = /^[A-Z]\d{2}(\.\d{1,4})?$/;

/**
 * 受理: the member, the plan and the bill. The event date defaults to the admission date (a first-diagnosis plan gives
 * the diagnosis date as the event date). Hospital days default to discharge − admission (at least one day).
 */
export const claimIntakeInput = z
  .strictObject({
    memberId: z.uuid(),
    planCode: z.string().trim().min(1).max(32),
    eventDate: isoDate.optional(),
    hospital: z.string().trim().min(1).max(100).optional(),
    admissionDate: isoDate.optional(),
    dischargeDate: isoDate.optional(),
    hospitalDays: z.number().int().min(0).max(3660).optional(),
    diagnosis: z.string().trim().min(1).max(100).optional(),
    diagnosisIcd10: z.string().trim().toUpperCase().regex(ICD10_CODE, 'an ICD-10 code such as C34.1').optional(),
    totalCostFen: fen.optional(),
    insurancePaidFen: fen.optional(),
    billNumber: z.string().trim().min(1).max(64).optional(),
  })
  .refine((c) => c.eventDate !== undefined || c.admissionDate !== undefined, { message: 'give the event date or the admission date', path: ['eventDate'] })
  .refine((c) => c.admissionDate === undefined || c.dischargeDate === undefined || c.admissionDate <= c.dischargeDate, { message: 'the discharge date is on or after the admission date', path: ['dischargeDate'] })
  .refine((c) => c.insurancePaidFen === undefined || (c.totalCostFen !== undefined && c.insurancePaidFen <= c.totalCostFen), { message: 'insurance paid is at most the total cost', path: ['insurancePaidFen'] })
  .refine((c) => c.billNumber === undefined || c.hospital !== undefined, { message: 'a bill number needs the hospital that issued it', path: ['hospital'] });
export type ClaimIntakeInput = z.infer<typeof claimIntakeInput>;

export const claimDocumentDto = z.object({
  id: z.string(),
  kind: z.enum(CLAIM_DOCUMENT_KINDS),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
});
export type ClaimDocumentDto = z.infer<typeof claimDocumentDto>;
export const claimDocumentQuery = z.strictObject({ kind: z.enum(CLAIM_DOCUMENT_KINDS).default('other') });

export const claimDto = z.object({
  id: z.string(),
  claimNo: z.string(),
  schemeCode: z.string(),
  planCode: z.string(),
  planName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  memberId: z.string(),
  memberName: z.string(),
  /** Masked (5203**********1234). */
  memberIdNumber: z.string().nullable(),
  unitId: z.string(),
  unitName: z.string(),
  eventDate: z.string(),
  hospital: z.string().nullable(),
  admissionDate: z.string().nullable(),
  dischargeDate: z.string().nullable(),
  hospitalDays: z.number().int().nullable(),
  diagnosis: z.string().nullable(),
  diagnosisIcd10: z.string().nullable(),
  totalCostFen: z.number().int().nullable(),
  insurancePaidFen: z.number().int().nullable(),
  /** total − insurance, when the bill is given. */
  outOfPocketFen: z.number().int().nullable(),
  billNumber: z.string().nullable(),
  status: z.enum(CLAIM_STATUSES),
  memberStatus: z.enum(['ordinary', 'hardship']).nullable(),
  schemeVersion: z.number().int().nullable(),
  schemeVersionId: z.string().nullable(),
  enginePayoutFen: z.number().int().nullable(),
  reason: z.enum(REASONS).nullable(),
  /** What counts and is paid: the engine's payout or the reviewer's override. */
  payoutFen: z.number().int().nullable(),
  finalBurdenFen: z.number().int().nullable(),
  overrideReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  reversalReason: z.string().nullable(),
  accPeriod: z.number().int().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  adjudicatedAt: z.string().nullable(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  reversedAt: z.string().nullable(),
});
export type ClaimDto = z.infer<typeof claimDto>;

export const claimDetailDto = claimDto.extend({
  trace: z.array(traceStepDto),
  documents: z.array(claimDocumentDto),
  approveEntryId: z.string().nullable(),
  paymentEntryId: z.string().nullable(),
  reversalEntryId: z.string().nullable(),
  /** What the claim adds to the member's accumulators while it counts. */
  contribution: z.object({ period: z.number().int().nullable(), baseFen: z.number().int(), countedFen: z.number().int(), paidDays: z.number().int(), claims: z.number().int(), diagnosisCode: z.string().nullable() }),
});
export type ClaimDetailDto = z.infer<typeof claimDetailDto>;

export const claimsQuery = z.strictObject({
  status: z.enum(CLAIM_STATUSES).optional(),
  schemeCode: z.string().trim().min(1).max(32).optional(),
  planCode: z.string().trim().min(1).max(32).optional(),
  unitId: z.uuid().optional(),
  memberId: z.uuid().optional(),
  /** The member's name (prefix) or a claim number. */
  q: z.string().trim().min(1).max(50).optional(),
  /** The accumulator period (year) of the claim; for claims not yet adjudicated, the year of the event date. */
  period: z.coerce.number().int().min(2000).max(2100).optional(),
  cursor: z.string().max(512).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ClaimsQuery = z.infer<typeof claimsQuery>;
export const claimsExportQuery = claimsQuery.omit({ cursor: true, limit: true });
export type ClaimsExportQuery = z.infer<typeof claimsExportQuery>;

export const claimListResponse = z.object({ items: z.array(claimDto), nextCursor: z.string().nullable() });

export const approveInput = z.strictObject({ note: z.string().trim().max(500).optional() }).nullish();
export const overrideInput = z.strictObject({ payoutFen: fen, reason });
export type OverrideInput = z.infer<typeof overrideInput>;
export const rejectInput = z.strictObject({ reason });
export const reverseInput = z.strictObject({ reason });

export const batchAdjudicateInput = z.strictObject({ limit: z.number().int().min(1).max(1_000_000).optional() }).nullish();
export const batchAdjudicateResult = z.object({
  /** Claims adjudicated (status received → adjudicated). */
  adjudicated: z.number().int(),
  /** Of those, with a payout above 0. */
  withPayout: z.number().int(),
  totalPayoutFen: z.number().int(),
  /** Claims left received: no version of the scheme in force on the event date, or the plan is not in it. */
  skipped: z.number().int(),
  /** Claims in scope still received after the run (the skipped ones, and those beyond the limit). */
  remaining: z.number().int(),
  /** Milliseconds in all, and in the pure engine alone. */
  ms: z.number(),
  engineMs: z.number(),
});
export type BatchAdjudicateResult = z.infer<typeof batchAdjudicateResult>;

const periodAccDto = z.object({ period: z.number().int(), baseFen: z.number().int(), countedFen: z.number().int(), paidFen: z.number().int(), paidDays: z.number().int(), claims: z.number().int() });
export const memberAccumulatorsDto = z.object({
  memberId: z.string(),
  plans: z.array(
    z.object({
      schemeCode: z.string(),
      planCode: z.string(),
      periods: z.array(periodAccDto),
      lifetime: z.object({ paidFen: z.number().int(), paidDays: z.number().int(), claims: z.number().int() }),
      diagnosed: z.array(z.string()),
    }),
  ),
});
export type MemberAccumulatorsDto = z.infer<typeof memberAccumulatorsDto>;

// ---- intake pickers: units, members and the plans a member is covered for ----------------------------------

export const claimUnitOption = z.object({ id: z.string(), name: z.string(), schemeCode: z.string() });
export const claimMemberOption = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string().nullable(),
  schemeCode: z.string(),
  unitId: z.string(),
  /** Plans the member opted into, with the periods and whether each is paid (covered). */
  plans: z.array(z.object({ planCode: z.string(), period: z.number().int(), validFrom: z.string(), validTo: z.string(), paid: z.boolean() })),
});
export type ClaimMemberOption = z.infer<typeof claimMemberOption>;
export const claimUnitsQuery = z.strictObject({ q: z.string().trim().max(50).optional() });
export const claimMembersQuery = z.strictObject({ unitId: z.uuid(), q: z.string().trim().max(50).optional() });
