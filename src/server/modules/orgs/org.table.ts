import { boolean, index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const orgKindEnum = pgEnum('org_kind', ['province', 'city', 'county', 'grassroots', 'industry', 'third_party']);

/** The union hierarchy. `path` is the materialised chain of codes from the root, e.g. /52/5203/520302/. */
export const orgs = pgTable(
  'orgs',
  {
    id: uuid('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: orgKindEnum('kind').notNull(),
    /** grassroots: enterprise | community | township; industry / third_party: free text. */
    subtype: text('subtype'),
    parentId: uuid('parent_id'),
    path: text('path').notNull().unique(),
    /** GB/T 2260 code of the division the org serves (a federation's own division). */
    regionCode: text('region_code'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('orgs_path_prefix_idx').using('btree', t.path.op('text_pattern_ops')),
    index('orgs_region_idx').using('btree', t.regionCode.op('text_pattern_ops')),
    index('orgs_parent_idx').on(t.parentId),
    index('orgs_name_idx').on(t.name),
  ],
);
export type OrgRow = typeof orgs.$inferSelect;
