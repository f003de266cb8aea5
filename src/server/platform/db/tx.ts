import type { Db } from './client';

/** A transaction handle; services receive it explicitly and never touch the global handle inside one. */
export type Tx = Db;

export function withTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Tx));
}
