import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { aidAwards } from './award.table';

/**
 * 追回: what a household owes back for a paid award that was revoked. Installments received and an approved
 * write-off bring the outstanding amount to zero. Linked to its cause (a spot-check finding, an upheld objection…).
 */
export const aidRecoveries = pgTable(
  'aid_recoveries',
  {
    id: uuid('id').primaryKey(),
    recoveryNo: text('recovery_no').notNull().unique(),
    awardId: uuid('award_id')
      .notNull()
      .unique()
      .references(() => aidAwards.id),
    householdId: uuid('household_id').notNull(),
    programId: uuid('program_id').notNull(),
    /** The funding org's path: its finance staff collect. */
    orgPath: text('org_path').notNull(),
    /** The household's union path: it follows up with the household. */
    householdOrgPath: text('household_org_path').notNull(),
    amountDueFen: bigint('amount_due_fen', { mode: 'number' }).notNull(),
    receivedFen: bigint('received_fen', { mode: 'number' }).notNull().default(0),
    writtenOffFen: bigint('written_off_fen', { mode: 'number' }).notNull().default(0),
    /** open | settled | written_off */
    status: text('status').notNull(),
    causeType: text('cause_type').notNull(),
    causeId: uuid('cause_id'),
    reason: text('reason').notNull(),
    openedBy: uuid('opened_by').notNull(),
    openedByName: text('opened_by_name').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('aid_recoveries_status_idx').on(t.status, t.orgPath),
    index('aid_recoveries_household_idx').on(t.householdId),
    check('aid_recoveries_amounts_ck', sql`${t.amountDueFen} > 0 and ${t.receivedFen} >= 0 and ${t.writtenOffFen} >= 0 and ${t.receivedFen} + ${t.writtenOffFen} <= ${t.amountDueFen}`),
  ],
);
export type AidRecoveryRow = typeof aidRecoveries.$inferSelect;

/**
 * The history of a recovery: installment (received), write_off_request, write_off_approved, write_off_rejected.
 * A write-off is requested by one person and approved by another.
 */
export const aidRecoveryEvents = pgTable(
  'aid_recovery_events',
  {
    id: uuid('id').primaryKey(),
    recoveryId: uuid('recovery_id')
      .notNull()
      .references(() => aidRecoveries.id),
    kind: text('kind').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    note: text('note'),
    byUserId: uuid('by_user_id').notNull(),
    byName: text('by_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The ledger entry (installment, approved write-off). */
    entryId: uuid('entry_id'),
  },
  (t) => [index('aid_recovery_events_recovery_idx').on(t.recoveryId, t.at), check('aid_recovery_events_amount_ck', sql`${t.amountFen} > 0`)],
);
export type AidRecoveryEventRow = typeof aidRecoveryEvents.$inferSelect;
