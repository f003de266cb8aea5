import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { verificationVisits } from './visit.table';

/**
 * 签名: who signed a visit, when, the exact commitment text and the SHA-256 of the canonical JSON of what was
 * submitted. Immutable: a database trigger refuses every update and delete.
 */
export const verificationSignatures = pgTable('verification_signatures', {
  id: uuid('id').primaryKey(),
  visitId: uuid('visit_id')
    .notNull()
    .unique()
    .references(() => verificationVisits.id),
  signerUserId: uuid('signer_user_id').notNull(),
  signerName: text('signer_name').notNull(),
  statement: text('statement').notNull(),
  contentHash: text('content_hash').notNull(),
  signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
});
export type SignatureRow = typeof verificationSignatures.$inferSelect;
