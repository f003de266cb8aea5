/**
 * Money is an integer number of fen (1 yuan = 100 fen). Rates are basis points (10000 = 100%).
 * Round once, at the end, half up to the fen.
 */
export type Fen = number;

export function assertFen(value: number, field = 'amountFen'): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${field} must be an integer number of fen`);
  return value;
}

/** a × bp / 10000, rounded half up (away from zero for negatives) — computed in BigInt, exact. */
export function applyRateBp(amountFen: Fen, rateBp: number): Fen {
  return divRoundHalfUp(BigInt(amountFen) * BigInt(rateBp), 10000n);
}

/** Exact integer division rounded half up (half away from zero). */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new RangeError('division by zero');
  const neg = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (2n * d);
  return Number(neg ? -q : q);
}

/** 123456 → "1,234.56" (display only). */
export function formatYuan(fen: Fen): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  // thousands grouped by hand: the locale's formatter costs microseconds a call
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${yuan}.${cents}`;
}

/** "1234.5" → 123450; strict: at most two decimals, no exponent. Used for Excel/form input. */
export function parseYuanToFen(text: string): Fen {
  const m = /^\s*(-)?(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text.replace(/,/g, ''));
  if (!m) throw new RangeError(`not an amount in yuan: ${text}`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] && fen !== 0 ? -fen : fen;
}
