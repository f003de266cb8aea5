import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 16 * 1024;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `n` fresh bytes from the operating system's CSPRNG, served from a pooled buffer: as random as randomBytes(n)
 * (every byte is used once), without a system call per value — ids and IVs of bulk writes need hundreds of
 * thousands of them. Node's own randomUUID() caches entropy the same way. The bytes are a view of the pool, not a
 * copy, so drawing allocates nothing but the view: use them at once (an id's text, an IV copied into a ciphertext),
 * before anything else draws.
 */
export function randomBytesView(n: number): Uint8Array {
  if (n > 256) return randomBytes(n);
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.subarray(offset, offset + n);
  offset += n;
  return out;
}
