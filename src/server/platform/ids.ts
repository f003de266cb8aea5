import { randomBytesPooled } from './random';

/** UUIDv7 (RFC 9562): 48-bit unix ms timestamp, version 7, variant 10, random rest. Monotonic within a process. */
let lastMs = 0;
let seq = 0;
export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytesPooled(16);
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = bytes.readUInt16BE(6) & 0x7ff;
  }
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((seq >> 8) & 0x0f);
  bytes[7] = seq & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Human-readable numbers: region code + year + zero-padded sequence, e.g. 520302-2026-000123. */
export function humanNumber(regionCode: string, year: number, sequence: number, width = 6): string {
  return `${regionCode}-${year}-${String(sequence).padStart(width, '0')}`;
}
