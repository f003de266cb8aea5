import { bigint, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { orgs } from '../orgs/org.table';

/**
 * Ledger accounts (台账科目). The balance is kept in the account's normal sign (see ledger.rules.ts) and is written
 * ONLY by postEntry, in the posting's transaction, with the row locked.
 */
export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    id: uuid('id').primaryKey(),
    /** Readable and unique: budget:<programId>, fund:<orgCode>, receivable:recovery, bank:<orgCode>. */
    code: text('code').notNull().unique(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    /** asset | liability | equity | income | expense */
    kind: text('kind').notNull(),
    /** Owning org: scope of reading. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    currency: text('currency').notNull().default('CNY'),
    balanceFen: bigint('balance_fen', { mode: 'number' }).notNull().default(0),
    /** Optional lower bound of the balance (e.g. 0 for a budget): a posting that would cross it is refused. */
    floorFen: bigint('floor_fen', { mode: 'number' }),
    /** Number of lines posted to the account: each line takes the next number (statement order). */
    lineCount: integer('line_count').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('ledger_accounts_org_idx').on(t.orgId),
    check('ledger_accounts_kind_ck', sql`${t.kind} in ('asset', 'liability', 'equity', 'income', 'expense')`),
    check('ledger_accounts_currency_ck', sql`${t.currency} = 'CNY'`),
  ],
);
export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
