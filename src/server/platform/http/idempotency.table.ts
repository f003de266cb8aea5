import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Stored responses of writes that move money, keyed by (actor, Idempotency-Key). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    actorUserId: uuid('actor_user_id').notNull(),
    key: text('key').notNull(),
    route: text('route').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: jsonb('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorUserId, t.key] })],
);
