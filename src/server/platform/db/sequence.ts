import { sql } from 'drizzle-orm';
import type { Tx } from './tx';
import { sequences } from './sequence.table';

/** Next value of a named counter, atomically (the row is locked until the transaction ends: numbers have no gaps). */
export async function nextSequence(tx: Tx, name: string): Promise<number> {
  const [row] = await tx
    .insert(sequences)
    .values({ name, value: 1 })
    .onConflictDoUpdate({ target: sequences.name, set: { value: sql`${sequences.value} + 1` } })
    .returning({ value: sequences.value });
  return Number(row.value);
}
