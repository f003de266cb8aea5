import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../src/server/config';
import { seedDemo } from '../src/server/demo/seed';
import { verifyAuditChain } from '../src/server/platform/audit/audit.service';
import { backupDatabase, restorePglite, restorePostgres } from '../src/server/platform/db/backup';
import { type DatabaseHandle, openDatabase, rowsOf, runMigrations } from '../src/server/platform/db/client';
import { fixedClock } from '../src/server/platform/clock';
import { PiiCipher } from '../src/server/platform/pii/cipher';
import { TEST_PII_KEY } from './support/app';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'pa-backup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function seeded(handle: DatabaseHandle) {
  await runMigrations(handle);
  const deps = { db: handle.db, dbKind: handle.kind, clock: fixedClock('2026-11-30T00:00:00Z'), cipher: PiiCipher.fromConfig(TEST_PII_KEY), config: testConfig() };
  await seedDemo(deps);
  return deps;
}

async function fingerprint(handle: DatabaseHandle) {
  const tables = ['orgs', 'users', 'audit_events', 'audit_chain_head'];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const [r] = rowsOf<{ n: number; h: string }>(await handle.db.execute(sql.raw(`select count(*)::int as n, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${t} x`)));
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

describe('backup and restore round trip', { timeout: 240_000 }, () => {
  it('PGlite: a data-folder dump restores into an empty folder with every row and an intact audit chain', async () => {
    const a = await openDatabase({ dataDir: path.join(tmp, 'a'), holder: 'test a' });
    await seeded(a);
    // one more change after seeding, so the backup is not just the seed
    await a.db.execute(sql`update orgs set name = name || '（备份测试）' where code = '520302'`);
    const before = await fingerprint(a);
    const file = path.join(tmp, 'a.tar.gz');
    const res = await backupDatabase(a, file);
    expect(res.bytes).toBeGreaterThan(1000);
    await a.close();

    await restorePglite(file, path.join(tmp, 'b', 'pgdata'));
    const b = await openDatabase({ dataDir: path.join(tmp, 'b'), holder: 'test b' });
    expect(await fingerprint(b)).toEqual(before);
    expect((await verifyAuditChain(b.db)).ok).toBe(true);
    await b.close();

    // restoring over existing data needs force and keeps the old data aside
    await expect(restorePglite(file, path.join(tmp, 'b', 'pgdata'))).rejects.toThrow(/not empty/);
    const forced = await restorePglite(file, path.join(tmp, 'b', 'pgdata'), true);
    expect(forced.movedAside).toMatch(/before-restore/);
  });

  it.runIf(!!process.env.TEST_DATABASE_URL)('PostgreSQL: pg_dump / pg_restore round trip', async () => {
    const base = process.env.TEST_DATABASE_URL!;
    const names = [`pa_bk_a_${Date.now().toString(36)}`, `pa_bk_b_${Date.now().toString(36)}`];
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    for (const n of names) await admin.query(`create database ${n}`);
    const urlOf = (n: string) => Object.assign(new URL(base), { pathname: `/${n}` }).toString();
    try {
      const a = await openDatabase({ databaseUrl: urlOf(names[0]) });
      await seeded(a);
      const before = await fingerprint(a);
      const file = path.join(tmp, 'pg.dump');
      await backupDatabase(a, file);
      await a.close();
      await restorePostgres(file, urlOf(names[1]));
      const b = await openDatabase({ databaseUrl: urlOf(names[1]) });
      expect(await fingerprint(b)).toEqual(before);
      expect((await verifyAuditChain(b.db)).ok).toBe(true);
      await b.close();
    } finally {
      for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
      await admin.end();
    }
  });
});
