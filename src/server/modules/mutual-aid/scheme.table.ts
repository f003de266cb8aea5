import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';

/**
 * 互助方案版本: one version of a mutual-aid scheme — the whole scheme (contract format, jsonb), the federation that
 * runs it and the period of events it is in force for. A draft is edited by its federation; once published a row
 * never changes (a database trigger refuses UPDATE and DELETE of a published row) and the next version starts as a
 * new draft. Published versions of one code do not overlap in period, so each event date has at most one.
 */
export const mutualAidSchemeVersions = pgTable(
  'mutual_aid_scheme_versions',
  {
    id: uuid('id').primaryKey(),
    /** The scheme's code (LPS, GY …), shared by all its versions. */
    code: text('code').notNull(),
    version: integer('version').notNull(),
    /** GB/T 2260 code of the region the scheme covers. */
    regionCode: text('region_code').notNull(),
    /** The federation that runs the scheme; drafts are seen and kept within its scope. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    orgPath: text('org_path').notNull(),
    /** In force for events on valid_from … valid_to, both included. */
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    /** draft | published */
    status: text('status').notNull(),
    /** The whole scheme in the contract's format; its code and version are the row's. */
    scheme: jsonb('scheme').notNull(),
    /** The published version a draft was copied from. */
    basedOnVersion: integer('based_on_version'),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    publishedBy: uuid('published_by'),
    publishedByName: text('published_by_name'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    unique('mutual_aid_scheme_versions_uq').on(t.code, t.version),
    index('mutual_aid_scheme_versions_in_force_idx').on(t.code, t.validFrom),
    index('mutual_aid_scheme_versions_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
    check('mutual_aid_scheme_versions_status_ck', sql`${t.status} in ('draft', 'published')`),
    check('mutual_aid_scheme_versions_period_ck', sql`${t.validFrom} <= ${t.validTo}`),
    check('mutual_aid_scheme_versions_published_ck', sql`${t.status} = 'draft' or (${t.publishedAt} is not null and ${t.publishedBy} is not null)`),
    check('mutual_aid_scheme_versions_version_ck', sql`${t.version} >= 1`),
  ],
);
export type MutualAidSchemeVersionRow = typeof mutualAidSchemeVersions.$inferSelect;
