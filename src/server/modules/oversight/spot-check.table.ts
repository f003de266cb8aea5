import { date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 抽查: one draw — the rule, the recorded seed and the population it was drawn from, who drew it and when. The
 * scope org's path and region are kept for scoped reading.
 */
export const spotChecks = pgTable(
  'spot_checks',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    orgId: uuid('org_id').notNull(),
    orgPath: text('org_path').notNull(),
    orgRegionCode: text('org_region_code'),
    regionCode: text('region_code'),
    statuses: text('statuses').array().notNull(),
    signedBy: uuid('signed_by').array().notNull(),
    /** { percentBp, count, stratifyBy, minPerStratum, weights } */
    rule: jsonb('rule').notNull(),
    seed: text('seed').notNull(),
    populationCount: integer('population_count').notNull(),
    targetCount: integer('target_count').notNull(),
    sampleCount: integer('sample_count').notNull(),
    perStratum: jsonb('per_stratum').notNull(),
    followUpOfItemId: uuid('follow_up_of_item_id'),
    drawnBy: uuid('drawn_by').notNull(),
    drawnByName: text('drawn_by_name').notNull(),
    drawnAt: timestamp('drawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('spot_checks_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')), index('spot_checks_drawn_idx').on(t.drawnAt, t.id)],
);
export type SpotCheckRow = typeof spotChecks.$inferSelect;

/**
 * A sampled file and its re-verification. The outcome (符合/不符合 with a cause) is signed — who, when, and a hash of
 * what was recorded — and final: it is written once and never changed.
 */
export const spotCheckItems = pgTable(
  'spot_check_items',
  {
    id: uuid('id').primaryKey(),
    spotCheckId: uuid('spot_check_id')
      .notNull()
      .references(() => spotChecks.id),
    position: integer('position').notNull(),
    householdId: uuid('household_id').notNull(),
    stratum: text('stratum').notNull(),
    weight: doublePrecision('weight').notNull(),
    drawKey: doublePrecision('draw_key').notNull(),
    outcome: text('outcome'),
    cause: text('cause'),
    notes: text('notes'),
    recheckedOn: date('rechecked_on', { mode: 'string' }),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }),
    signatureHash: text('signature_hash'),
  },
  (t) => [
    uniqueIndex('spot_check_items_check_household_uq').on(t.spotCheckId, t.householdId),
    index('spot_check_items_household_idx').on(t.householdId),
    index('spot_check_items_open_idx').on(t.spotCheckId, t.position),
  ],
);
export type SpotCheckItemRow = typeof spotCheckItems.$inferSelect;
