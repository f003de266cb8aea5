import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** 低保标准: per region (2, 4 or 6-digit GB/T 2260 code) and year; the most specific region wins. */
export const dibaoLines = pgTable(
  'dibao_lines',
  {
    id: uuid('id').primaryKey(),
    regionCode: text('region_code').notNull(),
    year: integer('year').notNull(),
    /** yuan per person per month, in fen */
    dibaoLineFen: integer('dibao_line_fen').notNull(),
    /** near-dibao multiplier k in basis points (15000 = 1.5) */
    nearDibaoMultiplierBp: integer('near_dibao_multiplier_bp').notNull(),
    /** share of annual income that rigid spending must exceed for accident-caused hardship (8000 = 80%) */
    rigidSpendingShareBp: integer('rigid_spending_share_bp').notNull().default(8000),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: text('updated_by'),
  },
  (t) => [unique('dibao_lines_region_year').on(t.regionCode, t.year), index('dibao_lines_year_idx').on(t.year)],
);
export type DibaoLineRow = typeof dibaoLines.$inferSelect;
