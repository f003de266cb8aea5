import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseHandle } from './client';

/**
 * Backups. Embedded mode: a gzip'd tarball of the PGlite data folder (PGlite's own dump), restorable
 * into an empty data folder. PostgreSQL: pg_dump custom format, restored with pg_restore.
 * The personal-data key is NOT inside a backup: keep it (PII_KEY or <DATA_DIR>/keys/pii.key) separately.
 */
export async function backupDatabase(handle: DatabaseHandle, outFile: string): Promise<{ bytes: number; format: string }> {
  mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  if (handle.kind === 'pglite') {
    const blob = await handle.client.dumpDataDir('gzip');
    const buf = Buffer.from(await blob.arrayBuffer());
    writeFileSync(outFile, buf);
    return { bytes: buf.length, format: 'pglite-datadir-tar.gz' };
  }
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${outFile}`, handle.url]);
  return { bytes: readFileSync(outFile).length, format: 'pg_dump-custom' };
}

/** Restores a PGlite backup into `pgdataDir`, which must be absent or empty (or is moved aside with force). */
export async function restorePglite(backupFile: string, pgdataDir: string, force = false): Promise<{ movedAside: string | null }> {
  let movedAside: string | null = null;
  if (existsSync(pgdataDir) && readdirSync(pgdataDir).length > 0) {
    if (!force) throw new Error(`目标数据目录不为空 / target data folder is not empty: ${pgdataDir} (use --force to move it aside)`);
    movedAside = `${pgdataDir}.before-restore-${Date.now()}`;
    renameSync(pgdataDir, movedAside);
  }
  mkdirSync(path.dirname(pgdataDir), { recursive: true });
  const blob = new Blob([readFileSync(backupFile)]);
  const pg = new PGlite(pgdataDir, { loadDataDir: blob });
  await pg.waitReady;
  await pg.query('select 1');
  await pg.close();
  return { movedAside };
}

/** Restores a pg_dump custom-format file into the database at `url` (objects are dropped and recreated). */
export async function restorePostgres(backupFile: string, url: string): Promise<void> {
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${url}`, backupFile]);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += String(d)));
    p.on('error', (e) => reject(new Error(`${cmd} could not be started (is the PostgreSQL client installed?): ${e.message}`)));
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim()}`))));
  });
}
