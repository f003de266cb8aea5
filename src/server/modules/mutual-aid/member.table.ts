import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mutualAidUnits } from './unit.table';

/**
 * 互助会员: a worker enrolled in a scheme through a member unit. The ID number is stored encrypted with a blind
 * index, like the registry's: one person is a member of a scheme once (the unique index de-duplicates); the blind
 * index also finds the person's household file to take the hardship status on an event date.
 */
export const mutualAidMembers = pgTable(
  'mutual_aid_members',
  {
    id: uuid('id').primaryKey(),
    schemeCode: text('scheme_code').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => mutualAidUnits.id),
    /** The unit's org path, copied for scope. */
    orgPath: text('org_path').notNull(),
    name: text('name').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: text('id_number_bidx').notNull(),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('mutual_aid_members_person_uq').on(t.schemeCode, t.idNumberBidx),
    index('mutual_aid_members_unit_idx').on(t.unitId),
    index('mutual_aid_members_id_bidx').on(t.idNumberBidx),
    index('mutual_aid_members_org_path_idx').using('btree', t.orgPath.op('text_pattern_ops')),
  ],
);
export type MutualAidMemberRow = typeof mutualAidMembers.$inferSelect;

/**
 * 参加计划: a member's opt-in to one plan for one scheme period (year). It covers events from valid_from to
 * valid_to only once it is paid for: `paid_at` is set when the unit's bill that includes it is settled. Members of
 * a unit that has not paid are therefore not covered (reason not_enrolled).
 */
export const mutualAidEnrolments = pgTable(
  'mutual_aid_enrolments',
  {
    id: uuid('id').primaryKey(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => mutualAidMembers.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => mutualAidUnits.id),
    schemeCode: text('scheme_code').notNull(),
    planCode: text('plan_code').notNull(),
    /** The scheme period (the year a policy year starts in). */
    period: integer('period').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }).notNull(),
    /** active | cancelled */
    status: text('status').notNull(),
    /** When the bill that includes this opt-in was settled; null: not paid, not covered. */
    paidAt: timestamp('paid_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('mutual_aid_enrolments_once_uq').on(t.memberId, t.planCode, t.period).where(sql`${t.status} = 'active'`),
    index('mutual_aid_enrolments_unit_period_idx').on(t.unitId, t.period),
    index('mutual_aid_enrolments_member_idx').on(t.memberId, t.planCode),
    check('mutual_aid_enrolments_status_ck', sql`${t.status} in ('active', 'cancelled')`),
    check('mutual_aid_enrolments_period_ck', sql`${t.validFrom} <= ${t.validTo}`),
  ],
);
export type MutualAidEnrolmentRow = typeof mutualAidEnrolments.$inferSelect;
