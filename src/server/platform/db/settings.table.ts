import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Installation-wide settings, e.g. the fingerprint of the personal-data key this database was written with. */
export const systemSettings = pgTable('system_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});
