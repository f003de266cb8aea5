import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRateBp, assertFen, divRoundHalfUp, formatYuan, parseYuanToFen } from './money';

describe('applyRateBp (amount × bp / 10000, half up, away from zero)', () => {
  it.each([
    [10000, 10000, 10000],
    [10000, 5000, 5000],
    [12345, 1234, 1523], // 1523.373
    [1, 5000, 1], // 0.5 → 1
    [3, 5000, 2], // 1.5 → 2
    [5, 5000, 3], // 2.5 → 3 (not banker's rounding)
    [1, 4999, 0], // 0.4999 → 0
    [1, 15000, 2], // 1.5 → 2
    [101, 50, 1], // 0.505 → 1
    [99, 50, 0], // 0.495 → 0
    [-1, 5000, -1], // -0.5 → -1
    [-3, 5000, -2], // -1.5 → -2
    [-12345, 1234, -1523],
    [1, -5000, -1],
    [-1, -5000, 1],
    [0, 7500, 0],
    [123456, 0, 0],
    [199, 3333, 66], // 66.3267
    [150, 3333, 50], // 49.995 → 50
  ])('applyRateBp(%i, %i) = %i', (amount, bp, expected) => {
    expect(applyRateBp(amount, bp)).toBe(expected);
  });

  it('is exact on amounts where floating point would drift', () => {
    // 9007199254740 fen × 1 bp = 900719925.474 → 900719925
    expect(applyRateBp(9_007_199_254_740, 1)).toBe(900_719_925);
    // 1.005 yuan × 100% stays 1.005 yuan in fen exactly; 0.7 × 0.1 style products
    expect(applyRateBp(70, 1000)).toBe(7);
    expect(applyRateBp(1005, 5000)).toBe(503); // 502.5 → 503
  });

  it('is symmetric around zero and never off by more than half a fen (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: -20000, max: 20000 }), (amount, bp) => {
        const r = applyRateBp(amount, bp);
        expect(Number.isSafeInteger(r)).toBe(true);
        expect(applyRateBp(-amount, bp) === -r || (r === 0 && applyRateBp(-amount, bp) === 0)).toBe(true);
        // |r × 10000 − amount × bp| ≤ 5000, with ties going away from zero
        const diff = BigInt(r) * 10000n - BigInt(amount) * BigInt(bp);
        const abs = diff < 0n ? -diff : diff;
        expect(abs <= 5000n).toBe(true);
        if (abs === 5000n) expect(Math.abs(r) * 10000 > Math.abs(amount * bp)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('divRoundHalfUp', () => {
  it.each([
    [5n, 2n, 3],
    [-5n, 2n, -3],
    [5n, -2n, -3],
    [-5n, -2n, 3],
    [7n, 3n, 2],
    [8n, 3n, 3],
    [1n, 3n, 0],
    [2n, 3n, 1],
    [0n, 7n, 0],
    [10n, 5n, 2],
    [1n, 2n, 1],
    [-1n, 2n, -1],
    [2999n, 2000n, 1],
    [3000n, 2000n, 2],
  ])('%s / %s = %s', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it('refuses division by zero', () => {
    expect(() => divRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('parseYuanToFen (strict)', () => {
  it.each([
    ['1234.5', 123450],
    ['1234.56', 123456],
    ['1,234.56', 123456],
    ['0.01', 1],
    ['0', 0],
    ['12', 1200],
    [' 12.30 ', 1230],
    ['-3.5', -350],
    ['-0.01', -1],
    ['9999999999999.99', 999999999999999],
  ])('%j → %i', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it('gives zero, not negative zero, for "-0"', () => {
    expect(Object.is(parseYuanToFen('-0.00'), 0)).toBe(true);
  });

  it.each(['', ' ', 'abc', '1.234', '1e3', '1E2', '.5', '1.', '+1', '--1', '1.2.3', '¥12', '12元', '0x10', 'NaN', 'Infinity', '10000000000000', '1 000'])(
    'refuses %j',
    (text) => {
      expect(() => parseYuanToFen(text)).toThrow(RangeError);
    },
  );

  it('round-trips formatYuan (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }), (fen) => {
        expect(parseYuanToFen(formatYuan(fen))).toBe(fen);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [123456, '1,234.56'],
    [100000000, '1,000,000.00'],
    [-5, '-0.05'],
    [-123456, '-1,234.56'],
    [99999, '999.99'],
    [100099, '1,000.99'],
    [12345678901, '123,456,789.01'],
    [Number.MAX_SAFE_INTEGER, '90,071,992,547,409.91'],
  ])('%i → %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it('groups thousands as the en-US number format does (property)', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (fen) => {
        const abs = Math.abs(fen);
        expect(formatYuan(fen)).toBe(`${fen < 0 ? '-' : ''}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('assertFen', () => {
  it('accepts safe integers and refuses fractions, NaN and unsafe numbers', () => {
    expect(assertFen(12)).toBe(12);
    expect(assertFen(-12)).toBe(-12);
    expect(() => assertFen(1.5)).toThrow(RangeError);
    expect(() => assertFen(Number.NaN)).toThrow(RangeError);
    expect(() => assertFen(2 ** 53)).toThrow(/amountFen/);
    expect(() => assertFen(0.1, 'budgetFen')).toThrow(/budgetFen/);
  });
});
