import type { AppConfig } from '../config';
import type { Clock } from './clock';
import type { Db } from './db/client';
import type { PiiCipher } from './pii/cipher';

/** What every module gets: the database, the clock, the personal-data cipher and the configuration. */
export interface Deps {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  cipher: PiiCipher;
  config: AppConfig;
}
