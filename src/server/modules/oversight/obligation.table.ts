import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { spotCheckItems } from './spot-check.table';

/**
 * What a 不符合 finding obliges the aid module to do — revoke pending aid, recover aid already paid — recorded until
 * the aid module applies it (applyFindingObligations): status open, amount unknown (null) until then; done with the
 * amount revoked or recovered.
 */
export const aidObligations = pgTable(
  'aid_obligations',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => spotCheckItems.id),
    orgPath: text('org_path').notNull(),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('aid_obligations_household_idx').on(t.householdId), index('aid_obligations_status_idx').on(t.status, t.kind)],
);
export type AidObligationRow = typeof aidObligations.$inferSelect;
