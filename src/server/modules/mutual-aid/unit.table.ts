import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';

/**
 * 会员单位: an employer (or other unit) that joins a mutual-aid scheme for its workers, attached to the union it
 * belongs to. The unit's org path scopes its members, bills and claims: a county cadre sees the units of the
 * county's unions.
 */
export const mutualAidUnits = pgTable(
  'mutual_aid_units',
  {
    id: uuid('id').primaryKey(),
    /** The scheme the unit joined (LPS, GY …). */
    schemeCode: text('scheme_code').notNull(),
    name: text('name').notNull(),
    /** 统一社会信用代码 (18 characters), when known. */
    creditCode: text('credit_code'),
    /** The union the unit belongs to (its grassroots union or the county union). */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    contactName: text('contact_name'),
    /** The unit's office phone (not a person's data). */
    contactPhone: text('contact_phone'),
    /** active | closed */
    status: text('status').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('mutual_aid_units_name_uq').on(t.schemeCode, t.name),
    index('mutual_aid_units_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('mutual_aid_units_status_ck', sql`${t.status} in ('active', 'closed')`),
  ],
);
export type MutualAidUnitRow = typeof mutualAidUnits.$inferSelect;
