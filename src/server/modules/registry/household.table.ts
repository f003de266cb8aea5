import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, date, index, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { CAUSES, type Cause } from '../../../contracts/registry';
import { orgs } from '../orgs/org.table';

export const householdStatusEnum = pgEnum('household_status', ['draft', 'submitted', 'verified', 'approved', 'exited', 'cancelled']);
export const categoryEnum = pgEnum('household_category', ['dibao', 'near_dibao', 'accident', 'not_eligible']);
export const levelEnum = pgEnum('household_level', ['deep', 'relative', 'general']);

/**
 * "Seriously ill, and this among the file's causes": the predicate of that cause's partial index, written the same way
 * in the list's filter so PostgreSQL can prove the index applies. The cause is one of CAUSES (a literal, not a parameter:
 * a partial index is only matched against constants).
 */
export function seriousCauseCondition(t: { seriousIllness: AnyPgColumn; primaryCause: AnyPgColumn; secondaryCauses: AnyPgColumn }, cause: Cause): SQL {
  if (!(CAUSES as readonly string[]).includes(cause)) throw new Error(`unknown cause ${cause}`);
  const c = sql.raw(`'${cause}'`);
  return sql`(${t.seriousIllness} and (${t.primaryCause} = ${c} or ${c} = any(${t.secondaryCauses})))`;
}

/** The list's filters that the list indexes carry, so a page's filters are checked in the index. */
const listFilterColumns = (t: { status: AnyPgColumn; category: AnyPgColumn; level: AnyPgColumn; primaryCause: AnyPgColumn; seriousIllness: AnyPgColumn; students: AnyPgColumn }) => [
  t.status,
  t.category,
  t.level,
  t.primaryCause,
  t.seriousIllness,
  t.students,
];

/**
 * 一户一档案. Carries the owning org and the county region code (the shard key of a distributed deployment).
 * Denormalised search keys (worker name, pinyin initials, blind indexes) live here for fast lists.
 */
export const households = pgTable(
  'households',
  {
    id: uuid('id').primaryKey(),
    archiveNo: text('archive_no').unique(),
    status: householdStatusEnum('status').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    regionCode: text('region_code').notNull(),
    address: text('address').notNull(),
    workerName: text('worker_name').notNull(),
    workerInitials: text('worker_initials').notNull(),
    workerIdBidx: text('worker_id_bidx').notNull(),
    workerPhoneBidx: text('worker_phone_bidx'),
    employer: text('employer'),
    unionMember: boolean('union_member').notNull().default(true),
    housing: text('housing').notNull(),
    housingArea: numeric('housing_area', { precision: 8, scale: 2 }),
    receivesDibao: boolean('receives_dibao').notNull(),
    dibaoCertificateNo: text('dibao_certificate_no'),
    size: integer('size').notNull(),
    annualIncomeFen: bigint('annual_income_fen', { mode: 'number' }).notNull(),
    otherAnnualIncomeFen: bigint('other_annual_income_fen', { mode: 'number' }).notNull().default(0),
    medicalOutOfPocketFen: bigint('medical_out_of_pocket_fen', { mode: 'number' }).notNull().default(0),
    schoolingSpendingFen: bigint('schooling_spending_fen', { mode: 'number' }).notNull().default(0),
    disasterLossFen: bigint('disaster_loss_fen', { mode: 'number' }).notNull().default(0),
    primaryCause: text('primary_cause').notNull(),
    secondaryCauses: text('secondary_causes').array().notNull().default(sql`'{}'::text[]`),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    students: integer('students').notNull().default(0),
    seriousIllness: boolean('serious_illness').notNull().default(false),
    bankName: text('bank_name'),
    bankAccountEnc: text('bank_account_enc'),
    bankAccountBidx: text('bank_account_bidx'),
    /** The account as lists show it (all but the last four digits starred), kept so a list page decrypts nothing. */
    bankAccountMasked: text('bank_account_masked'),
    category: categoryEnum('category'),
    level: levelEnum('level'),
    identification: jsonb('identification'),
    cancelReason: text('cancel_reason'),
    registeredBy: uuid('registered_by'),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    investigatedBy: uuid('investigated_by'),
    investigatedAt: timestamp('investigated_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    responsibleBy: uuid('responsible_by'),
    responsibleAt: timestamp('responsible_at', { withTimezone: true }),
    approvedOn: date('approved_on', { mode: 'string' }),
    exitedOn: date('exited_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('households_org_idx').on(t.orgId, t.updatedAt),
    // a county's list in update order reads this index backwards, the filters checked in the index (a county reviewer's
    // list, see listHouseholds); 2- and 4-digit prefixes use it as a range
    index('households_region_updated_idx').using('btree', t.regionCode.op('text_pattern_ops'), t.updatedAt, t.id, t.orgId, ...listFilterColumns(t), t.flags, t.secondaryCauses),
    // the files of some unions outside a region (a county federation's industry unions' workers living elsewhere): a
    // range of this index per union on each side of the county's code, empty in a moment when there are none
    index('households_org_region_idx').on(t.orgId, t.regionCode),
    index('households_status_idx').on(t.status),
    // a name, pinyin or employer search in relevance order (the matched text, then the latest update) reads one of these
    // in its order and stops after a page; the region and org let the scope be checked in the index. The text column
    // first (text_pattern_ops) also serves a prefix search as a range, as the single-column indexes did
    index('households_worker_name_idx').using('btree', t.workerName.op('text_pattern_ops'), t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.regionCode, t.orgId),
    index('households_initials_idx').using('btree', t.workerInitials.op('text_pattern_ops'), t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.regionCode, t.orgId),
    // (the employer index also holds the worker's name: an employer match whose name matches too is listed with the
    // names, and that test, read from the index, keeps the employer group an index-only scan in its order)
    index('households_employer_idx').using('btree', t.employer.op('text_pattern_ops'), t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.regionCode, t.orgId, t.workerName),
    // one small index per cause over the seriously ill files that have it (as primary or secondary cause), in update
    // order: "this cause and serious illness" reads a page from the front of its index, and a pair no file has is an
    // empty index — no estimate of how rare a pair is can lead the planner to scan the whole list instead
    ...CAUSES.map((c) => index(`households_serious_${c}_idx`).on(t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.regionCode, t.orgId).where(seriousCauseCondition(t, c))),
    // the files whose masked bank account is still to be filled from the ciphertext (written before migration 0010):
    // empty once filled, so the check at every start costs nothing
    index('households_bank_mask_pending_idx').on(t.id).where(sql`${t.bankAccountMasked} is null and ${t.bankAccountEnc} is not null`),
    // an archive number typed whole or in part (520302-2026-…): a range of this index (the unique index's ordinary
    // collation cannot serve a prefix)
    index('households_archive_no_prefix_idx').using('btree', t.archiveNo.op('text_pattern_ops')),
    index('households_worker_id_bidx').on(t.workerIdBidx),
    index('households_worker_phone_bidx').on(t.workerPhoneBidx),
    // the list in update order: a page is found by an index-only scan, the filters read from the index (no heap
    // visit for rows that do not match), and only the page's rows are fetched (see listHouseholds)
    index('households_list_idx').on(t.updatedAt, t.id, t.orgId, t.regionCode, ...listFilterColumns(t), t.workerInitials, t.flags, t.secondaryCauses),
    // category and level (and a county): the three equalities then the update order, so a county's files of one
    // category and level are read a page at a time, and a combination no file has is answered at once
    index('households_category_idx').on(t.category, t.level, t.regionCode, t.updatedAt, t.id),
  ],
);
export type HouseholdRow = typeof households.$inferSelect;
