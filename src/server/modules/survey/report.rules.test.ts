import { describe, expect, it } from 'vitest';
import { distribution, formatPct, numericSummary, sharesBp } from './report.rules';

describe('sharesBp', () => {
  it('reproduces the province report: 17.80%, 51.64%, 30.56% of 197,392', () => {
    expect(sharesBp([35126, 101938, 60328]).map(formatPct)).toEqual(['17.80%', '51.64%', '30.56%']);
  });

  it.each([
    [[1, 1, 1], [3334, 3333, 3333]],
    [[2, 1], [6667, 3333]],
    [[0, 5, 0], [0, 10000, 0]],
    [[1, 0, 0, 0, 0, 0, 6], [1429, 0, 0, 0, 0, 0, 8571]],
    [[1, 1, 1, 1, 1, 1], [1667, 1667, 1667, 1667, 1666, 1666]],
    [[0, 0], [0, 0]],
  ])('%j → %j', (counts, want) => {
    const got = sharesBp(counts);
    expect(got).toEqual(want);
    if (counts.some((c) => c > 0)) expect(got.reduce((a, b) => a + b, 0)).toBe(10000);
  });

  it('always adds up to 100.00% and stays within a hundredth of the exact share', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const counts = Array.from({ length: 1 + Math.floor(rnd() * 9) }, () => Math.floor(rnd() * 1000));
      const total = counts.reduce((a, b) => a + b, 0);
      if (total === 0) continue;
      const got = sharesBp(counts);
      expect(got.reduce((a, b) => a + b, 0)).toBe(10000);
      got.forEach((bp, j) => expect(Math.abs(bp - (counts[j] * 10000) / total)).toBeLessThan(1));
    }
  });

  it('shares of a multiple-answer question are each of the respondents (no forced 100%)', () => {
    expect(sharesBp([2, 2, 1], 3)).toEqual([6667, 6667, 3333]);
  });
});

describe('distribution', () => {
  const labels = [
    { key: 'a', zh: '甲', en: 'A' },
    { key: 'b', zh: '乙', en: 'B' },
    { key: 'c', zh: '丙', en: 'C' },
  ];
  it('counts in label order, unknown values after, missing last; drops empty rows unless kept', () => {
    const rows = distribution(['b', 'a', 'b', 'z', null], labels);
    expect(rows.map((r) => [r.key, r.count, r.pctBp])).toEqual([
      ['a', 1, 2000],
      ['b', 2, 4000],
      ['z', 1, 2000],
      ['', 1, 2000],
    ]);
    expect(distribution(['a'], labels, { keepEmpty: true }).map((r) => r.count)).toEqual([1, 0, 0]);
  });
  it('is empty for no values', () => {
    expect(distribution([], labels)).toEqual([]);
  });
});

describe('numericSummary', () => {
  it.each([
    [[], null],
    [[5], { sum: 5, mean: 5, min: 5, max: 5 }],
    [[1, 2], { sum: 3, mean: 2, min: 1, max: 2 }],
    [[100, 250, 301], { sum: 651, mean: 217, min: 100, max: 301 }],
  ])('%j → %j', (xs, want) => expect(numericSummary(xs)).toEqual(want));
});
