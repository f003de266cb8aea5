import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/org.table';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    roles: text('roles').array().notNull(),
    passwordHash: text('password_hash').notNull(),
    status: text('status', { enum: ['active', 'disabled'] }).notNull().default('active'),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    /** Personal data: AES-256-GCM ciphertext + HMAC blind index; never plain text. */
    phoneEnc: text('phone_enc'),
    phoneBidx: text('phone_bidx'),
    idNumberEnc: text('id_number_enc'),
    idNumberBidx: text('id_number_bidx'),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('users_org_idx').on(t.orgId), index('users_id_bidx').on(t.idNumberBidx), index('users_phone_bidx').on(t.phoneBidx)],
);
export type UserRow = typeof users.$inferSelect;
