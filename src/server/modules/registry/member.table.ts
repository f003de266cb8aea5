import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { households } from './household.table';

/**
 * 家庭成员, the worker (relation self) among them. `open` mirrors whether the file is open, so the partial
 * unique index guarantees — in the database — that an ID number is in at most one open file province-wide.
 */
export const members = pgTable(
  'household_members',
  {
    id: uuid('id').primaryKey(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    relation: text('relation').notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberBidx: text('id_number_bidx').notNull(),
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    sex: text('sex').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    health: text('health').notNull(),
    disabilityGrade: integer('disability_grade'),
    schoolingStage: text('schooling_stage').notNull(),
    employment: text('employment').notNull(),
    monthlyIncomeFen: jsonb('monthly_income_fen').notNull().default(sql`'{}'::jsonb`),
    open: boolean('open').notNull(),
  },
  (t) => [
    index('members_household_idx').on(t.householdId),
    index('members_id_bidx').on(t.idNumberBidx),
    uniqueIndex('members_open_person_uq').on(t.idNumberBidx).where(sql`${t.open}`),
  ],
);
export type MemberRow = typeof members.$inferSelect;
