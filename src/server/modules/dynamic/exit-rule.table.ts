import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** N of the exit rule per region (2, 4 or 6-digit division code; the most specific wins; 6 when none applies). */
export const exitRuleSettings = pgTable('exit_rule_settings', {
  id: uuid('id').primaryKey(),
  regionCode: text('region_code').notNull().unique(),
  consecutiveMonths: integer('consecutive_months').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: text('updated_by').notNull(),
});
export type ExitRuleRow = typeof exitRuleSettings.$inferSelect;
