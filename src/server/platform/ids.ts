import { randomBytesView } from './random';

const DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** where each of the 16 bytes' two hex digits go in the text (dashes at 8, 13, 18 and 23) */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const text = Buffer.alloc(36, '-');
const put = (i: number, b: number) => {
  text[AT[i]] = DIGITS[(b >> 4) & 15];
  text[AT[i] + 1] = DIGITS[b & 15];
};

/**
 * UUIDv7 (RFC 9562): 48-bit unix ms timestamp, version 7, variant 10, random rest. Monotonic within a process.
 * Written as text straight from the random bytes into one reused buffer: bulk writers make a million of them, and
 * the only thing each one allocates is its string.
 */
let lastMs = 0;
let seq = 0;
export function uuidv7(now: number = Date.now()): string {
  const r = randomBytesView(10);
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = ((r[0] << 8) | r[1]) & 0x7ff;
  }
  const hi = Math.floor(now / 2 ** 32);
  const lo = now - hi * 2 ** 32;
  put(0, hi >> 8);
  put(1, hi);
  put(2, lo >>> 24);
  put(3, lo >>> 16);
  put(4, lo >>> 8);
  put(5, lo);
  put(6, 0x70 | (seq >> 8));
  put(7, seq);
  put(8, (r[2] & 0x3f) | 0x80);
  for (let i = 9; i < 16; i++) put(i, r[i - 6]);
  return text.toString('latin1');
}

/** Human-readable numbers: region code + year + zero-padded sequence, e.g. 520302-2026-000123. */
export function humanNumber(regionCode: string, year: number, sequence: number, width = 6): string {
  return `${regionCode}-${year}-${String(sequence).padStart(width, '0')}`;
}
