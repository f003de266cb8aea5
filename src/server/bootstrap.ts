import { loadConfig, type AppConfig } from './config';
import { systemClock } from './platform/clock';
import { backfillMaskedBankAccounts } from './modules/registry/household-backfill.service';
import { type DatabaseHandle, type OpenOptions, openDatabase, runMigrations } from './platform/db/client';
import type { Deps } from './platform/deps';
import { checkPiiKey } from './platform/pii/key-check';
import { resolvePiiCipher } from './platform/pii/keys';

/** Opens the configured database (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL), migrates, and builds Deps. */
export async function openRuntime(
  holder: string,
  config: AppConfig = loadConfig(),
  opts: Pick<OpenOptions, 'pgliteSharedBuffers'> = {},
): Promise<{ deps: Deps; handle: DatabaseHandle; keySource: string }> {
  const handle = await openDatabase({ databaseUrl: config.databaseUrl ?? undefined, dataDir: config.dataDir, holder, ...opts });
  try {
    await runMigrations(handle);
    const { cipher, source } = resolvePiiCipher(config.piiKey, config.dataDir);
    await checkPiiKey(handle.db, cipher, systemClock.now());
    // derived columns that a migration cannot compute (they need the key): files written before migration 0010
    await backfillMaskedBankAccounts(handle.db, cipher, console.log);
    return { deps: { db: handle.db, dbKind: handle.kind, clock: systemClock, cipher, config }, handle, keySource: source };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
