import { describe, expect, it } from 'vitest';
import { addFigures, claimsByStatus, emptyFigures, finishFigures, finishRows, mergeParts, percentOf, percentages, type RawFigures } from './stats.rules';

const raw = (over: Partial<RawFigures> = {}): RawFigures => ({ ...emptyFigures(), ...over, claims: { ...emptyFigures().claims, ...(over.claims ?? {}) } });

describe('percentOf', () => {
  it.each([
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 8, 12.5],
    [1, 20000, 0.01], // 0.005 rounds half up
    [1, 20001, 0],
    [0, 0, 0],
    [5, 0, 0],
    [7, 7, 100],
    // sums of fen beyond what a float multiplies by 20000 exactly
    [99_999_999_999_999, 100_000_000_000_000, 100],
    [33_333_333_333_333, 100_000_000_000_000, 33.33],
    [12_345_678_901, 98_765_432_109, 12.5],
  ])('%i of %i → %f', (part, whole, want) => {
    expect(percentOf(part, whole)).toBe(want);
  });
});

describe('percentages', () => {
  it.each([
    [[1, 1, 1], 3, [33.34, 33.33, 33.33]],
    [[2, 1], 3, [66.67, 33.33]],
    [[0, 5, 0], 5, [0, 100, 0]],
    [[0, 0], 0, [0, 0]],
    [[1, 1], 3, [33.34, 33.33]], // a partial breakdown: its share of the whole
    [[50_000_000_000_001, 49_999_999_999_999], 100_000_000_000_000, [50, 50]],
  ])('%j of %i → %j', (parts, total, want) => {
    expect(percentages(parts, total)).toEqual(want);
  });

  it('a whole breakdown adds up to 100.00', () => {
    for (const parts of [
      [1, 2, 3, 4, 5, 6, 7],
      [9, 9, 9],
      [123456, 654321, 111, 1],
    ]) {
      const got = percentages(
        parts,
        parts.reduce((a, b) => a + b, 0),
      );
      expect(Math.round(got.reduce((a, b) => a + b, 0) * 100)).toBe(10000);
    }
  });
});

describe('mergeParts and addFigures', () => {
  it('adds the parts answered by each table per key, claims per status', () => {
    const m = mergeParts([
      ['a', { units: 2, members: 5, membersCovered: 3 }],
      ['b', { units: 1, members: 1 }],
      ['a', { raisedFen: 12_345, billedFen: 20_000, billPaidFen: 12_345 }],
      ['a', { claims: { received: 1, paid: 2, reversed: 1 }, paidCount: 2, paidFen: 700 }],
      ['b', { claims: { rejected: 1 } }],
    ]);
    expect([...m.keys()]).toEqual(['a', 'b']);
    expect(m.get('a')).toEqual(raw({ units: 2, members: 5, membersCovered: 3, raisedFen: 12_345, billedFen: 20_000, billPaidFen: 12_345, claims: { received: 1, paid: 2, reversed: 1 } as RawFigures['claims'], paidCount: 2, paidFen: 700 }));
    expect(m.get('b')).toEqual(raw({ units: 1, members: 1, claims: { rejected: 1 } as RawFigures['claims'] }));
  });

  it('does not change its inputs', () => {
    const a = raw({ units: 1 });
    const b = addFigures(a, { units: 2, claims: { paid: 1 } });
    expect(a.units).toBe(1);
    expect(a.claims.paid).toBe(0);
    expect(b.units).toBe(3);
    expect(b.claims.paid).toBe(1);
  });
});

describe('finishFigures', () => {
  it('derives arrears, claims total and the percentages', () => {
    const f = finishFigures(raw({ members: 3, membersCovered: 2, raisedFen: 30_000, billedFen: 45_000, billPaidFen: 30_000, claims: { received: 1, adjudicated: 0, approved: 1, paid: 2, rejected: 1, reversed: 1 }, paidCount: 2, paidFen: 10_000 }), 40);
    expect(f).toMatchObject({ coveredPercent: 66.67, arrearsFen: 15_000, collectedPercent: 66.67, claimsTotal: 6, payoutPercent: 33.33, raisedPercent: 40 });
  });

  it('is all zeros when nothing is counted', () => {
    const f = finishFigures(emptyFigures(), 0);
    expect(f).toMatchObject({ coveredPercent: 0, arrearsFen: 0, collectedPercent: 0, claimsTotal: 0, payoutPercent: 0 });
  });
});

describe('finishRows', () => {
  it('totals are the sums of the rows; shares of the raised add up to 100.00', () => {
    const { rows, totals } = finishRows([
      { key: 'x', raw: raw({ units: 1, members: 2, membersCovered: 1, raisedFen: 10_000, billedFen: 10_000, billPaidFen: 10_000 }) },
      { key: 'y', raw: raw({ units: 2, members: 4, membersCovered: 4, raisedFen: 20_000, billedFen: 25_000, billPaidFen: 20_000, claims: { paid: 1 } as RawFigures['claims'], paidCount: 1, paidFen: 5_000 }) },
      { key: 'z', raw: raw({ units: 1, members: 1, raisedFen: 0, billedFen: 3_000 }) },
    ]);
    expect(rows.map((r) => [r.key, r.raisedPercent, r.arrearsFen])).toEqual([
      ['x', 33.33, 0],
      ['y', 66.67, 5_000],
      ['z', 0, 3_000],
    ]);
    expect(totals).toMatchObject({ units: 4, members: 7, membersCovered: 5, coveredPercent: 71.43, raisedFen: 30_000, raisedPercent: 100, billedFen: 38_000, arrearsFen: 8_000, paidFen: 5_000, payoutPercent: 16.67, claimsTotal: 1 });
  });

  it('no rows: zero totals, no share', () => {
    expect(finishRows([]).totals).toMatchObject({ units: 0, raisedFen: 0, raisedPercent: 0 });
  });
});

describe('claimsByStatus', () => {
  it('lists every status in order with shares adding up to 100.00', () => {
    const got = claimsByStatus({ received: 1, adjudicated: 1, approved: 0, paid: 3, rejected: 1, reversed: 0 });
    expect(got.map((x) => [x.status, x.count, x.percent])).toEqual([
      ['received', 1, 16.67],
      ['adjudicated', 1, 16.67],
      ['approved', 0, 0],
      ['paid', 3, 50],
      ['rejected', 1, 16.66],
      ['reversed', 0, 0],
    ]);
    expect(got[3]).toMatchObject({ zh: '已给付', en: 'Paid' });
  });
});
