import { describe, expect, it } from 'vitest';
import { type Candidate, allocate, drawSample, targetSize, uniformOf, weightOf } from './spot-check.rules';

function population(n: number, strata: string[] = ['A'], over: (i: number) => Partial<Candidate> = () => ({})): Candidate[] {
  return Array.from({ length: n }, (_, i) => ({ id: `h${String(i).padStart(5, '0')}`, stratum: strata[i % strata.length], edits: 0, investigatedBy: null, aidReceivedFen: 0, ...over(i) }));
}
const ids = (r: ReturnType<typeof drawSample>) => r.items.map((i) => i.id);
const base = { stratify: false, minPerStratum: false, weights: {} };

describe('targetSize', () => {
  it.each([
    [1000, { percentBp: 500 }, 50],
    [1001, { percentBp: 500 }, 51], // rounded up
    [1000, { count: 30 }, 30],
    [1000, { percentBp: 100, count: 30 }, 30], // the larger of the two
    [1000, { percentBp: 1000, count: 30 }, 100],
    [20, { count: 30 }, 20], // never more than the population
    [0, { percentBp: 10000 }, 0],
  ])('population %i, %o → %i', (n, rule, want) => {
    expect(targetSize(n, rule)).toBe(want);
  });
});

describe('allocate (largest remainder)', () => {
  it.each([
    [{ a: 50, b: 30, c: 20 }, 10, false, { a: 5, b: 3, c: 2 }],
    [{ a: 1, b: 1, c: 98 }, 10, false, { a: 0, b: 0, c: 10 }],
    [{ a: 1, b: 1, c: 98 }, 10, true, { a: 1, b: 1, c: 10 }], // at least one per non-empty stratum
    [{ a: 3, b: 3, c: 3 }, 4, false, { a: 2, b: 1, c: 1 }], // ties by stratum name
    [{ a: 2, b: 100 }, 50, false, { a: 1, b: 49 }],
    [{ a: 2 }, 5, false, { a: 2 }], // never more than the stratum
  ])('%o, target %i, min %s → %o', (sizes, target, min, want) => {
    expect(allocate(sizes, target, min)).toEqual(want);
  });
});

describe('weightOf', () => {
  const c: Candidate = { id: 'x', stratum: 'A', edits: 4, investigatedBy: 'u1', aidReceivedFen: 0 };
  it.each([
    [{}, 1],
    [{ perEdit: 0.5 }, 3],
    [{ investigatorUserId: 'u1', investigatorFactor: 5 }, 5],
    [{ investigatorUserId: 'u2', investigatorFactor: 5 }, 1],
    [{ perEdit: 0.5, investigatorUserId: 'u1', investigatorFactor: 2 }, 6],
    // no aid module yet: aid received is 0, the large-aid weight has no effect
    [{ largeAidThresholdFen: 100_000, largeAidFactor: 10 }, 1],
  ])('%o → %d', (w, want) => {
    expect(weightOf(c, w)).toBe(want);
  });
  it('weighs large aid once aid is known', () => {
    expect(weightOf({ ...c, aidReceivedFen: 200_000 }, { largeAidThresholdFen: 100_000, largeAidFactor: 10 })).toBe(10);
  });
});

describe('drawSample', () => {
  const pop = population(500, ['A', 'B', 'C']);

  it('draws uniform numbers in (0, 1) that depend on seed and id only', () => {
    const u = uniformOf('s', 'h1');
    expect(u).toBeGreaterThan(0);
    expect(u).toBeLessThan(1);
    expect(uniformOf('s', 'h1')).toBe(u);
    expect(uniformOf('t', 'h1')).not.toBe(u);
  });

  it('the same seed and population draw exactly the same sample', () => {
    const a = drawSample(pop, { ...base, percentBp: 1000 }, 'seed-2026');
    const b = drawSample(pop, { ...base, percentBp: 1000 }, 'seed-2026');
    expect(a.items).toHaveLength(50);
    expect(ids(b)).toEqual(ids(a));
  });

  it('a different seed draws a different sample', () => {
    const a = drawSample(pop, { ...base, percentBp: 1000 }, 'seed-1');
    const b = drawSample(pop, { ...base, percentBp: 1000 }, 'seed-2');
    expect(ids(b)).not.toEqual(ids(a));
    const overlap = ids(a).filter((x) => ids(b).includes(x)).length;
    expect(overlap).toBeLessThan(25);
  });

  it('the order of the population does not matter', () => {
    const shuffled = [...pop].reverse();
    shuffled.push(shuffled.shift()!);
    for (const rule of [{ ...base, count: 40 }, { ...base, count: 40, stratify: true, minPerStratum: true, weights: { perEdit: 1 } }]) {
      expect(ids(drawSample(shuffled, rule, 'x'))).toEqual(ids(drawSample(pop, rule, 'x')));
    }
  });

  it('no file is drawn twice', () => {
    const r = drawSample(pop, { ...base, percentBp: 5000 }, 'dup');
    expect(new Set(ids(r)).size).toBe(r.items.length);
    expect(r.items).toHaveLength(250);
  });

  it('stratifies by each stratum’s share', () => {
    const skewed = [...population(600, ['A'], (i) => ({ id: `a${i}` })), ...population(300, ['B'], (i) => ({ id: `b${i}` })), ...population(100, ['C'], (i) => ({ id: `c${i}` }))];
    const r = drawSample(skewed, { ...base, percentBp: 1000, stratify: true }, 's');
    expect(r.perStratum).toEqual({ A: { population: 600, sampled: 60 }, B: { population: 300, sampled: 30 }, C: { population: 100, sampled: 10 } });
    for (const i of r.items) expect(i.id[0].toUpperCase()).toBe(i.stratum);
  });

  it('gives every non-empty stratum at least one file when asked', () => {
    const skewed = [...population(990, ['A'], (i) => ({ id: `a${i}` })), ...population(10, ['B'], (i) => ({ id: `b${i}` }))];
    const without = drawSample(skewed, { ...base, count: 5, stratify: true }, 's');
    expect(without.perStratum.B.sampled).toBe(0);
    const withMin = drawSample(skewed, { ...base, count: 5, stratify: true, minPerStratum: true }, 's');
    expect(withMin.perStratum.B.sampled).toBe(1);
    expect(withMin.perStratum.A.sampled).toBe(5);
  });

  it('risk weights bias the draw towards heavily edited files and one investigator’s files', { timeout: 60_000 }, () => {
    const p = population(1000, ['A'], (i) => ({ edits: i < 100 ? 9 : 0, investigatedBy: i % 10 === 0 ? 'inv-1' : 'inv-2' }));
    let editedPlain = 0;
    let editedWeighted = 0;
    let invPlain = 0;
    let invWeighted = 0;
    for (let s = 0; s < 20; s++) {
      const plain = drawSample(p, { ...base, count: 50 }, `s${s}`);
      const edits = drawSample(p, { ...base, count: 50, weights: { perEdit: 1 } }, `s${s}`);
      const inv = drawSample(p, { ...base, count: 50, weights: { investigatorUserId: 'inv-1', investigatorFactor: 10 } }, `s${s}`);
      editedPlain += plain.items.filter((i) => Number(i.id.slice(1)) < 100).length;
      editedWeighted += edits.items.filter((i) => Number(i.id.slice(1)) < 100).length;
      invPlain += plain.items.filter((i) => Number(i.id.slice(1)) % 10 === 0).length;
      invWeighted += inv.items.filter((i) => Number(i.id.slice(1)) % 10 === 0).length;
    }
    // 10% of the files: about 5 of 50 unweighted (≈100 in 20 draws); weighing 10× they hold half the weight (≈480)
    expect(editedPlain).toBeLessThan(200);
    expect(editedWeighted).toBeGreaterThan(400);
    expect(invPlain).toBeLessThan(200);
    expect(invWeighted).toBeGreaterThan(400);
  });

  it('an empty population draws nothing', () => {
    expect(drawSample([], { ...base, percentBp: 1000 }, 's')).toEqual({ populationCount: 0, targetCount: 0, perStratum: {}, items: [] });
  });
});
