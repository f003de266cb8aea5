import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { households } from '../registry/household.table';
import { aidPrograms } from './program.table';

/**
 * An application (申请) a cadre makes on a household's behalf; once approved it is an award (救助/资助) that is
 * noticed, confirmed, paid and — if found ineligible — revoked and recovered.
 *
 * status: submitted → approved | rejected; approved → in_notice → confirmed (objected while an objection is open);
 * confirmed → batched → paid | failed (failed → batched again on retry); revoked from any state before paid, and
 * after paid (a recovery opens); withdrawn by the applicant before review.
 *
 * The database guarantees one live award per household, program and year (aid_awards_once_uq).
 */
export const aidAwards = pgTable(
  'aid_awards',
  {
    id: uuid('id').primaryKey(),
    /** Readable number: AA-<year>-<sequence>. */
    awardNo: text('award_no').notNull().unique(),
    programId: uuid('program_id')
      .notNull()
      .references(() => aidPrograms.id),
    /** The rules version the eligibility and amount were computed with. */
    programVersion: integer('program_version').notNull(),
    year: integer('year').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** The household's union, its path and region at application time: scope of reading. */
    orgId: uuid('org_id').notNull(),
    orgPath: text('org_path').notNull(),
    regionCode: text('region_code').notNull(),
    category: text('category'),
    level: text('level'),
    /** The student the award is for (student aid): member id, name and stage. */
    studentMemberId: uuid('student_member_id'),
    studentName: text('student_name'),
    studentStage: text('student_stage'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The eligibility check as explained to the cadre: [{ rule, ok, zh, en }] and the amount's derivation. */
    explanation: jsonb('explanation').notNull(),
    payeeName: text('payee_name').notNull(),
    payeeBankName: text('payee_bank_name'),
    payeeAccountEnc: text('payee_account_enc'),
    status: text('status').notNull(),
    appliedBy: uuid('applied_by').notNull(),
    appliedByName: text('applied_by_name').notNull(),
    appliedAt: timestamp('applied_at', { withTimezone: true }).notNull(),
    reviewedBy: uuid('reviewed_by'),
    reviewedByName: text('reviewed_by_name'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewNote: text('review_note'),
    /** The ledger entry that committed the amount against the budget (approval). */
    commitEntryId: uuid('commit_entry_id'),
    noticeId: uuid('notice_id'),
    confirmedBy: uuid('confirmed_by'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
    /** What caused the revocation: finding | objection | manual, and its id. */
    revokeCauseType: text('revoke_cause_type'),
    revokeCauseId: uuid('revoke_cause_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('aid_awards_once_uq').on(t.programId, t.householdId, t.year).where(sql`${t.status} not in ('rejected', 'withdrawn')`),
    index('aid_awards_program_status_idx').on(t.programId, t.status),
    index('aid_awards_household_idx').on(t.householdId),
    index('aid_awards_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('aid_awards_amount_ck', sql`${t.amountFen} >= 0`),
    check(
      'aid_awards_status_ck',
      sql`${t.status} in ('submitted', 'rejected', 'withdrawn', 'approved', 'in_notice', 'objected', 'confirmed', 'batched', 'paid', 'failed', 'revoked')`,
    ),
  ],
);
export type AidAwardRow = typeof aidAwards.$inferSelect;
