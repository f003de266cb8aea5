import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { mutualAidUnits } from './unit.table';

/**
 * 缴费通知: a unit's contribution bill for one scheme period — the split by payer (contribution.rules), computed
 * from the unit's active opt-ins under the scheme version in force at the period's start. Enrolling more members
 * raises the bill; payments add to `paid_fen`; the arrears are total − paid. When a bill is settled every opt-in it
 * covers is marked paid (covered).
 */
export const mutualAidBills = pgTable(
  'mutual_aid_bills',
  {
    id: uuid('id').primaryKey(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => mutualAidUnits.id),
    schemeCode: text('scheme_code').notNull(),
    schemeVersion: integer('scheme_version').notNull(),
    period: integer('period').notNull(),
    orgPath: text('org_path').notNull(),
    /** The bill's lines: [{ payer, basis, memberStatus, count, amountFen, totalFen }] (contribution.rules BillLine). */
    lines: jsonb('lines').notNull(),
    /** Per payer: { worker: fen, government: fen … }. */
    byPayer: jsonb('by_payer').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    paidFen: bigint('paid_fen', { mode: 'number' }).notNull(),
    memberCount: integer('member_count').notNull(),
    enrolmentCount: integer('enrolment_count').notNull(),
    /** open (arrears > 0) | paid */
    status: text('status').notNull(),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('mutual_aid_bills_unit_period_uq').on(t.unitId, t.period),
    index('mutual_aid_bills_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('mutual_aid_bills_status_ck', sql`${t.status} in ('open', 'paid')`),
    check('mutual_aid_bills_amounts_ck', sql`${t.totalFen} >= 0 and ${t.paidFen} >= 0 and ${t.paidFen} <= ${t.totalFen}`),
  ],
);
export type MutualAidBillRow = typeof mutualAidBills.$inferSelect;

/** 缴费记录: money received against a bill from one payer, posted to the scheme's pool in the ledger (Dr bank / Cr pool). */
export const mutualAidContributionPayments = pgTable(
  'mutual_aid_contribution_payments',
  {
    id: uuid('id').primaryKey(),
    billId: uuid('bill_id')
      .notNull()
      .references(() => mutualAidBills.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => mutualAidUnits.id),
    schemeCode: text('scheme_code').notNull(),
    period: integer('period').notNull(),
    orgPath: text('org_path').notNull(),
    payer: text('payer').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    /** The bank's reference or the receipt number. */
    reference: text('reference').notNull(),
    ledgerEntryId: uuid('ledger_entry_id').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('mutual_aid_contribution_payments_bill_idx').on(t.billId), check('mutual_aid_contribution_payments_amount_ck', sql`${t.amountFen} > 0`)],
);
export type MutualAidContributionPaymentRow = typeof mutualAidContributionPayments.$inferSelect;
