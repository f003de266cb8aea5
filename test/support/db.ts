import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase, runMigrations } from '../../src/server/platform/db/client';

/**
 * A fresh database for one test file: in-memory PGlite by default; a new PostgreSQL database
 * (created from TEST_DATABASE_URL, dropped afterwards) when TEST_DATABASE_URL is set.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { dispose(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) {
    const h = await openDatabase({ dataDir: null });
    await runMigrations(h);
    return Object.assign(h, { dispose: () => h.close() });
  }
  const name = `pa_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await runMigrations(h);
  return Object.assign(h, {
    dispose: async () => {
      await h.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}
