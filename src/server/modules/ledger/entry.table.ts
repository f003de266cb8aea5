import { bigint, check, date, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ledgerAccounts } from './account.table';

/** Journal entries (分录): append-only (a trigger refuses UPDATE and DELETE); corrections are reversals. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey(),
    /** Readable number: LE-<year>-<sequence>. */
    entryNo: text('entry_no').notNull().unique(),
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    memo: text('memo').notNull(),
    /** What caused the entry: award | payment | recovery | reversal | …, and its id. */
    sourceType: text('source_type').notNull(),
    sourceId: text('source_id'),
    postedBy: uuid('posted_by').notNull(),
    postedByName: text('posted_by_name').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
    /** The entry this one reverses; an entry is reversed at most once. */
    reversalOf: uuid('reversal_of').unique('ledger_entries_reversal_of_uq'),
  },
  (t) => [index('ledger_entries_source_idx').on(t.sourceType, t.sourceId)],
);
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;

export const ledgerLines = pgTable(
  'ledger_lines',
  {
    id: uuid('id').primaryKey(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => ledgerEntries.id),
    lineNo: integer('line_no').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => ledgerAccounts.id),
    /** debit | credit */
    side: text('side').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The entry's business date, copied for the statement's index. */
    businessDate: date('business_date', { mode: 'string' }).notNull(),
    /** 1, 2, 3… per account in posting order. */
    accountSeq: integer('account_seq').notNull(),
  },
  (t) => [
    unique('ledger_lines_entry_line_uq').on(t.entryId, t.lineNo),
    unique('ledger_lines_account_seq_uq').on(t.accountId, t.accountSeq),
    index('ledger_lines_account_date_idx').on(t.accountId, t.businessDate, t.accountSeq),
    check('ledger_lines_side_ck', sql`${t.side} in ('debit', 'credit')`),
    check('ledger_lines_amount_ck', sql`${t.amountFen} > 0`),
  ],
);
export type LedgerLineRow = typeof ledgerLines.$inferSelect;
