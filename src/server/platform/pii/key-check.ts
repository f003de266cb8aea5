import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { systemSettings } from '../db/settings.table';
import { type PiiCipher, keyFingerprint } from './cipher';

export class PiiKeyMismatchError extends Error {
  constructor() {
    super(
      '个人信息密钥与数据库不匹配：数据库由另一把密钥写入。请设置正确的 PII_KEY 或恢复 <DATA_DIR>/keys/pii.key。 / ' +
        'The personal-data key does not match this database (it was written with another key). Set the right PII_KEY or restore <DATA_DIR>/keys/pii.key.',
    );
    this.name = 'PiiKeyMismatchError';
  }
}

/** Records the key fingerprint on first use; refuses to run with a different key afterwards. */
export async function checkPiiKey(db: Db, cipher: PiiCipher, now: Date): Promise<void> {
  const fp = keyFingerprint(cipher);
  const [row] = await db.select().from(systemSettings).where(eq(systemSettings.key, 'pii_key_fingerprint'));
  if (!row) {
    await db.insert(systemSettings).values({ key: 'pii_key_fingerprint', value: fp, updatedAt: now }).onConflictDoNothing();
    return;
  }
  if (row.value !== fp) throw new PiiKeyMismatchError();
}
