import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mutualAidMembers } from './member.table';
import { mutualAidUnits } from './unit.table';

/**
 * 互助申请（理赔）: one claim of a member under one plan. Taken in with its hospital bill (received), adjudicated
 * by the engine under the scheme version in force on the event date (adjudicated: payout, reason and the whole
 * trace stored with the version), approved as computed or overridden with a reason by a reviewer (approved), paid
 * through the ledger (paid), or rejected / reversed.
 *
 * Accumulators (per member, plan and period; lifetime) are not kept in a separate counter: they are the sums of the
 * acc_* columns of the member's claims that count — adjudicated, approved and paid — so rejecting or reversing a
 * claim takes its contribution out and they stay right by construction.
 */
export const mutualAidClaims = pgTable(
  'mutual_aid_claims',
  {
    id: uuid('id').primaryKey(),
    /** 申请编号, e.g. HZ2026000123. */
    claimNo: text('claim_no').notNull().unique(),
    schemeCode: text('scheme_code').notNull(),
    planCode: text('plan_code').notNull(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => mutualAidMembers.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => mutualAidUnits.id),
    orgPath: text('org_path').notNull(),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    hospital: text('hospital'),
    admissionDate: date('admission_date', { mode: 'string' }),
    dischargeDate: date('discharge_date', { mode: 'string' }),
    hospitalDays: integer('hospital_days'),
    diagnosis: text('diagnosis'),
    diagnosisIcd10: text('diagnosis_icd10'),
    totalCostFen: bigint('total_cost_fen', { mode: 'number' }),
    insurancePaidFen: bigint('insurance_paid_fen', { mode: 'number' }),
    billNumber: text('bill_number'),
    /** hospital + bill number, normalised (trimmed, upper case, no spaces): the same bill is claimed once. */
    billKey: text('bill_key'),
    /** received | adjudicated | approved | paid | rejected | reversed */
    status: text('status').notNull(),
    /** The member's status on the event date, from the registry (hardship when in an approved household file). */
    memberStatus: text('member_status'),
    schemeVersionId: uuid('scheme_version_id'),
    schemeVersion: integer('scheme_version'),
    /** The engine's result: payout, reason when nothing is paid, out-of-pocket left, the step-by-step trace. */
    enginePayoutFen: bigint('engine_payout_fen', { mode: 'number' }),
    reason: text('reason'),
    finalBurdenFen: bigint('final_burden_fen', { mode: 'number' }),
    trace: jsonb('trace'),
    adjudicatedAt: timestamp('adjudicated_at', { withTimezone: true }),
    /** What the claim adds to the accumulators: its period, base, counted base, paid days and paid-claim count. */
    accPeriod: integer('acc_period'),
    accBaseFen: bigint('acc_base_fen', { mode: 'number' }).notNull().default(0),
    accCountedFen: bigint('acc_counted_fen', { mode: 'number' }).notNull().default(0),
    accPaidDays: integer('acc_paid_days').notNull().default(0),
    accClaims: integer('acc_claims').notNull().default(0),
    /** A first-diagnosis plan's diagnosis code that this claim paid (not paid again). */
    accDiagnosisCode: text('acc_diagnosis_code'),
    /** The amount that counts and is paid: the engine's payout, or the reviewer's override. */
    payoutFen: bigint('payout_fen', { mode: 'number' }),
    overrideReason: text('override_reason'),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    rejectReason: text('reject_reason'),
    approveEntryId: uuid('approve_entry_id'),
    paymentEntryId: uuid('payment_entry_id'),
    paidBy: uuid('paid_by'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    reversedBy: uuid('reversed_by'),
    reversedAt: timestamp('reversed_at', { withTimezone: true }),
    reversalReason: text('reversal_reason'),
    reversalEntryId: uuid('reversal_entry_id'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mutual_aid_claims_bill_uq')
      .on(t.billKey)
      .where(sql`${t.billKey} is not null and ${t.status} not in ('rejected', 'reversed')`),
    index('mutual_aid_claims_member_idx').on(t.memberId, t.planCode, t.eventDate),
    index('mutual_aid_claims_status_idx').on(t.status),
    index('mutual_aid_claims_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('mutual_aid_claims_status_ck', sql`${t.status} in ('received', 'adjudicated', 'approved', 'paid', 'rejected', 'reversed')`),
    check('mutual_aid_claims_amounts_ck', sql`coalesce(${t.totalCostFen}, 0) >= 0 and coalesce(${t.insurancePaidFen}, 0) >= 0 and coalesce(${t.payoutFen}, 0) >= 0`),
  ],
);
export type MutualAidClaimRow = typeof mutualAidClaims.$inferSelect;

/** 申请材料: the claim's documents (invoice, discharge summary, diagnosis certificate …) in the file store. */
export const mutualAidClaimDocuments = pgTable(
  'mutual_aid_claim_documents',
  {
    id: uuid('id').primaryKey(),
    claimId: uuid('claim_id')
      .notNull()
      .references(() => mutualAidClaims.id),
    /** invoice | discharge_summary | diagnosis | expense_list | insurance_statement | other */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    mime: text('mime').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mutual_aid_claim_documents_claim_idx').on(t.claimId)],
);
export type MutualAidClaimDocumentRow = typeof mutualAidClaimDocuments.$inferSelect;
