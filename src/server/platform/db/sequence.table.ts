import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/** Counters for human-readable numbers (archive no., application no.), one row per (kind, region, year). */
export const sequences = pgTable('sequences', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});
