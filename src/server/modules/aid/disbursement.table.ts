import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { aidAwards } from './award.table';
import { aidPrograms } from './program.table';

/**
 * 发放批次: confirmed awards of one program sent to the bank together. draft → exported (the bank file was taken;
 * items are fixed) → settled (every item has a result). A retry batch names the batch it retries.
 */
export const aidBatches = pgTable(
  'aid_batches',
  {
    id: uuid('id').primaryKey(),
    batchNo: text('batch_no').notNull().unique(),
    programId: uuid('program_id')
      .notNull()
      .references(() => aidPrograms.id),
    orgPath: text('org_path').notNull(),
    /** draft | exported | settled | cancelled */
    status: text('status').notNull(),
    itemCount: integer('item_count').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    retryOf: uuid('retry_of'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    exportedBy: uuid('exported_by'),
    exportedAt: timestamp('exported_at', { withTimezone: true }),
    exportCount: integer('export_count').notNull().default(0),
    settledAt: timestamp('settled_at', { withTimezone: true }),
  },
  (t) => [index('aid_batches_program_idx').on(t.programId, t.createdAt), check('aid_batches_total_ck', sql`${t.totalFen} >= 0`)],
);
export type AidBatchRow = typeof aidBatches.$inferSelect;

/**
 * One transfer in a batch. The reference is what the bank echoes back in its result file. At most one pending or
 * paid payment per award (aid_payments_award_live_uq): an award is never paid twice.
 */
export const aidPayments = pgTable(
  'aid_payments',
  {
    id: uuid('id').primaryKey(),
    batchId: uuid('batch_id')
      .notNull()
      .references(() => aidBatches.id),
    awardId: uuid('award_id')
      .notNull()
      .references(() => aidAwards.id),
    householdId: uuid('household_id').notNull(),
    lineNo: integer('line_no').notNull(),
    reference: text('reference').notNull().unique(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    payeeName: text('payee_name').notNull(),
    bankName: text('bank_name'),
    accountEnc: text('account_enc').notNull(),
    /** pending | paid | failed | cancelled (taken out before the bank file was sent: batch cancelled, award revoked) */
    status: text('status').notNull(),
    failReason: text('fail_reason'),
    resultBy: uuid('result_by'),
    resultAt: timestamp('result_at', { withTimezone: true }),
    /** The ledger entry of the payment (paid). */
    entryId: uuid('entry_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('aid_payments_award_live_uq').on(t.awardId).where(sql`${t.status} in ('pending', 'paid')`),
    index('aid_payments_batch_idx').on(t.batchId, t.lineNo),
    index('aid_payments_household_idx').on(t.householdId),
    check('aid_payments_amount_ck', sql`${t.amountFen} > 0`),
    check('aid_payments_status_ck', sql`${t.status} in ('pending', 'paid', 'failed', 'cancelled')`),
  ],
);
export type AidPaymentRow = typeof aidPayments.$inferSelect;
