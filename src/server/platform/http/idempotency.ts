import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { canonicalJson } from '../audit/audit.rules';
import type { Db } from '../db/client';
import { type Tx, withTx } from '../db/tx';
import type { Actor } from './actor';
import { AppError } from './errors';
import { idempotencyKeys } from './idempotency.table';

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

const KEY_RE = /^[A-Za-z0-9_.:-]{8,128}$/;

function isUniqueViolation(e: unknown): boolean {
  for (let x: unknown = e; x; x = (x as { cause?: unknown }).cause) if ((x as { code?: string }).code === '23505') return true;
  return false;
}

/**
 * Runs a write that moves money at most once per (actor, Idempotency-Key). The stored response is written in
 * the same transaction as the business change, so a crash leaves either both or neither. A repeat with the same
 * key and the same request answers the stored response; with a different request it is refused. Concurrent
 * repeats are serialised by the primary key: the loser rolls back and answers the winner's response.
 */
export async function idempotent<T>(
  db: Db,
  actor: Actor,
  key: string | undefined,
  route: string,
  request: unknown,
  now: Date,
  run: (tx: Tx) => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (key === undefined) return { ...(await withTx(db, run)), replayed: false };
  if (!KEY_RE.test(key)) {
    throw new AppError(400, 'VALIDATION_FAILED', { fields: 'Idempotency-Key（8–128 个字母、数字或 _.:-）', fieldsEn: 'Idempotency-Key (8–128 letters, digits or _.:-)' });
  }
  const requestHash = createHash('sha256').update(route + '\n' + canonicalJson(request)).digest('hex');
  const stored = async (): Promise<StoredResponse<T> | null> => {
    const [row] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorUserId, actor.userId), eq(idempotencyKeys.key, key)));
    if (!row) return null;
    if (row.requestHash !== requestHash) throw new AppError(422, 'IDEMPOTENCY_MISMATCH');
    return { status: row.status, body: row.body as T, replayed: true };
  };
  const prior = await stored();
  if (prior) return prior;
  try {
    return await withTx(db, async (tx) => {
      const res = await run(tx);
      await tx.insert(idempotencyKeys).values({ actorUserId: actor.userId, key, route, requestHash, status: res.status, body: res.body as unknown, createdAt: now });
      return { ...res, replayed: false };
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const winner = await stored();
    if (winner) return winner;
    throw e;
  }
}
