import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { rowsOf } from '../../platform/db/client';
import { textArray } from '../../platform/db/bulk';
import type { Deps } from '../../platform/deps';
import { maskBankAccount } from '../../platform/pii/mask';

const BATCH = 2_000;

/**
 * Fills the stored masked bank account (migration 0010) of files written before it, from their ciphertext, a batch at
 * a time; each batch is one statement, so an interruption loses nothing and the next start goes on. Files written
 * since carry it already. Returns how many files were filled.
 */
export async function backfillMaskedBankAccounts(db: Db, cipher: Deps['cipher'], log?: (line: string) => void): Promise<number> {
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    // in id order from where the last batch ended, so each batch reads on instead of starting over
    const rows = rowsOf<{ id: string; enc: string }>(
      await db.execute(
        sql`select id, bank_account_enc as enc from households where id > ${after}::uuid and bank_account_masked is null and bank_account_enc is not null order by id limit ${BATCH}`,
      ),
    );
    if (rows.length === 0) break;
    const masked = rows.map((r) => maskBankAccount(cipher.decrypt(r.enc)) ?? '');
    await db.execute(
      sql`update households h set bank_account_masked = m.masked from unnest(${textArray(rows.map((r) => r.id), 'uuid')}, ${textArray(masked)}) as m(id, masked) where h.id = m.id and h.bank_account_masked is null`,
    );
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    if (log && (done % (BATCH * 50) === 0 || rows.length < BATCH)) log(`银行账号脱敏值回填 / masked bank accounts filled: ${done.toLocaleString('en')}`);
    if (rows.length < BATCH) break;
  }
  return done;
}
