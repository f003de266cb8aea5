import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PiiCipher } from './cipher';

/**
 * The personal-data key: PII_KEY (64 hex chars or base64 of ≥32 bytes) when given; otherwise a key
 * generated on first run into <DATA_DIR>/keys/pii.key (mode 0600). Losing it makes encrypted fields unreadable.
 */
export function resolvePiiCipher(piiKey: string | null, dataDir: string): { cipher: PiiCipher; source: string } {
  if (piiKey) return { cipher: PiiCipher.fromConfig(piiKey), source: 'PII_KEY' };
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, 'pii.key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, PiiCipher.generateKey() + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  return { cipher: PiiCipher.fromConfig(readFileSync(file, 'utf8')), source: file };
}
