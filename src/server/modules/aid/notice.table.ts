import { sql } from 'drizzle-orm';
import { check, date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { aidAwards } from './award.table';
import { aidPrograms } from './program.table';

/** 公示: a program's list of approved awards published with masked names, from startsOn to endsOn inclusive. */
export const aidNotices = pgTable(
  'aid_notices',
  {
    id: uuid('id').primaryKey(),
    noticeNo: text('notice_no').notNull().unique(),
    programId: uuid('program_id')
      .notNull()
      .references(() => aidPrograms.id),
    orgPath: text('org_path').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    /** open | closed */
    status: text('status').notNull(),
    publishedBy: uuid('published_by').notNull(),
    publishedByName: text('published_by_name').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('aid_notices_program_idx').on(t.programId), check('aid_notices_dates_ck', sql`${t.startsOn} <= ${t.endsOn}`)],
);
export type AidNoticeRow = typeof aidNotices.$inferSelect;

/** 异议: an objection to one award in a notice; while open the award is paused (objected). */
export const aidObjections = pgTable(
  'aid_objections',
  {
    id: uuid('id').primaryKey(),
    awardId: uuid('award_id')
      .notNull()
      .references(() => aidAwards.id),
    noticeId: uuid('notice_id')
      .notNull()
      .references(() => aidNotices.id),
    /** Who objected, as they gave it (may be anonymous). */
    raisedBy: text('raised_by'),
    text: text('text').notNull(),
    receivedBy: uuid('received_by').notNull(),
    receivedByName: text('received_by_name').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    /** open | upheld | dismissed */
    status: text('status').notNull(),
    resolution: text('resolution'),
    resolvedBy: uuid('resolved_by'),
    resolvedByName: text('resolved_by_name'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [index('aid_objections_award_idx').on(t.awardId), index('aid_objections_notice_idx').on(t.noticeId, t.status)],
);
export type AidObjectionRow = typeof aidObjections.$inferSelect;
