import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock';

/** One database type over both drivers. A transaction is a Db too, so services accept either. */
export type Db = PgDatabase<PgQueryResultHKT>;

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../drizzle');

export type DatabaseHandle =
  | { kind: 'pglite'; db: Db; client: PGlite; dataDir: string | null; close(): Promise<void> }
  | { kind: 'postgres'; db: Db; pool: pg.Pool; url: string; close(): Promise<void> };

export interface OpenOptions {
  /** PostgreSQL connection string; when set PGlite is not used. */
  databaseUrl?: string;
  /** PGlite data folder; null = in memory. */
  dataDir?: string | null;
  /** Who holds the data folder (shown to a second process). */
  holder?: string;
  poolSize?: number;
  /**
   * PGlite's shared buffers (PostgreSQL's `shared_buffers`), e.g. '32MB'; PGlite's own default (128 MB) when unset.
   * They live in PGlite's WebAssembly memory, inside this process.
   */
  pgliteSharedBuffers?: string;
}

export async function openDatabase(opts: OpenOptions): Promise<DatabaseHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => {
      /* idle client errors are reported by the next query */
    });
    const db = drizzlePg(pool) as unknown as Db;
    return { kind: 'postgres', db, pool, url: opts.databaseUrl, close: () => pool.end() };
  }
  const dataDir = opts.dataDir ?? null;
  let lock: DataDirLock | null = null;
  let pgData: string | undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir, opts.holder ?? 'precision-aid');
    pgData = path.join(dataDir, 'pgdata');
  }
  let client: PGlite;
  try {
    const options = opts.pgliteSharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${opts.pgliteSharedBuffers}`] } : {};
    client = pgData ? new PGlite(pgData, options) : new PGlite(options);
    await client.waitReady;
  } catch (e) {
    lock?.release();
    throw e;
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    client,
    dataDir,
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    await migratePglite(drizzlePglite(handle.client), { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePg(drizzlePg(handle.pool), { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

export async function ping(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a raw query, whichever driver answered. */
export function rowsOf<T>(result: unknown): T[] {
  const r = result as { rows?: T[] };
  return r.rows ?? (result as T[]);
}
