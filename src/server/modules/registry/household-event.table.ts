import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { households } from './household.table';

/** The lifecycle of a file: every transition with who signed it, in which role, and why. */
export const householdEvents = pgTable(
  'household_events',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    signerRole: text('signer_role').notNull(),
    actorUserId: uuid('actor_user_id').notNull(),
    actorName: text('actor_name').notNull(),
    reason: text('reason').notNull(),
    details: jsonb('details'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('household_events_household_idx').on(t.householdId, t.at)],
);
