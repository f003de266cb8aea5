import { describe, expect, it } from 'vitest';
import { percentOf, percentages } from './stats.rules';

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100);

describe('percentages', () => {
  it('reproduces the province figures: 17.80%, 51.64%, 30.56%', () => {
    expect(percentages([35126, 101938, 60328], 197392)).toEqual([17.8, 51.64, 30.56]);
  });

  it.each([
    [[1, 1, 1], 3, [33.34, 33.33, 33.33]],
    [[2, 1], 3, [66.67, 33.33]],
    [[0, 5, 0], 5, [0, 100, 0]],
    [[1, 0, 0, 0, 0, 0, 6], 7, [14.29, 0, 0, 0, 0, 0, 85.71]],
    [[0, 0], 0, [0, 0]],
  ])('%j of %i → %j, adding up to 100.00', (counts, total, want) => {
    const got = percentages(counts, total);
    expect(got).toEqual(want);
    if (total > 0) expect(sum(got)).toBe(10000);
  });

  it('always adds up to 100.00 and stays within a hundredth of the exact share', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 500; k++) {
      const counts = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => Math.floor(rnd() * 1000));
      const total = counts.reduce((a, b) => a + b, 0);
      const got = percentages(counts, total);
      if (total === 0) continue;
      expect(sum(got)).toBe(10000);
      got.forEach((p, i) => expect(Math.abs(p - (counts[i] * 100) / total)).toBeLessThan(0.01 + 1e-9));
    }
  });

  it('a partial breakdown adds up to its share of the whole', () => {
    expect(percentages([1, 1], 3)).toEqual([33.34, 33.33]);
    expect(sum(percentages([1, 1], 3))).toBe(6667);
  });
});

describe('percentOf', () => {
  it('rounds half up to two decimals', () => {
    expect(percentOf(3221, 7908)).toBe(40.73);
    expect(percentOf(1, 8)).toBe(12.5);
    expect(percentOf(1, 3)).toBe(33.33);
    expect(percentOf(2, 3)).toBe(66.67);
    expect(percentOf(1, 20000)).toBe(0.01); // 0.005 rounds up
    expect(percentOf(0, 0)).toBe(0);
  });
});
