import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { identificationRecord, identificationView, identify, judge, pickLine, sameIdentification } from './identification.rules';

interface Vectors {
  dibaoLines: { regions: Array<{ code: string; dibaoLineFen: number; nearDibaoMultiplierBp: number }>; rigidSpendingShareBp: number };
  cases: Array<{ id: string; regionCode: string; year: number; receivesDibao: boolean; size: number; annualIncomeFen: number; annualRigidSpendingFen: number; expect: { category: string; level: string | null } }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const vectors = JSON.parse(readFileSync(path.resolve(here, '../../../../test/vectors/identification.json'), 'utf8')) as Vectors;
const share = vectors.dibaoLines.rigidSpendingShareBp;

describe('identification rule — the worked cases of the reference vectors', () => {
  it.each(vectors.cases)('$id', (c) => {
    const line = pickLine(vectors.dibaoLines.regions.map((r) => ({ ...r, regionCode: r.code })), c.regionCode);
    expect(line).not.toBeNull();
    const res = identify(c, { dibaoLineFen: line!.dibaoLineFen, nearDibaoMultiplierBp: line!.nearDibaoMultiplierBp, rigidSpendingShareBp: share });
    expect({ category: res.category, level: res.level }).toEqual(c.expect);
    expect(res.reasons.length).toBeGreaterThan(0);
  });
});

const P = { dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 };

describe('identification rule — boundaries on exact fen', () => {
  it.each([
    // p exactly k × line (84,000 fen per person-month × 12 × 1) → near_dibao; one fen more per year → not near
    { name: 'p = k × line', input: { receivesDibao: false, size: 1, annualIncomeFen: 1008000, annualRigidSpendingFen: 0 }, category: 'near_dibao', level: 'relative' },
    { name: 'p one fen per year above', input: { receivesDibao: false, size: 1, annualIncomeFen: 1008001, annualRigidSpendingFen: 0 }, category: 'not_eligible', level: null },
    // rigid exactly 80% is not strictly above → not eligible; one fen more → accident
    { name: 'rigid = 80%', input: { receivesDibao: false, size: 1, annualIncomeFen: 2000000, annualRigidSpendingFen: 1600000 }, category: 'not_eligible', level: null },
    { name: 'rigid 80% + 1 fen', input: { receivesDibao: false, size: 1, annualIncomeFen: 2000000, annualRigidSpendingFen: 1600001 }, category: 'accident', level: 'deep' },
    // q exactly the line is not deep; q exactly 2 × line is general
    { name: 'q = line (dibao)', input: { receivesDibao: true, size: 2, annualIncomeFen: 1344000, annualRigidSpendingFen: 0 }, category: 'dibao', level: 'relative' },
    { name: 'q = 2 × line (dibao)', input: { receivesDibao: true, size: 2, annualIncomeFen: 2688000, annualRigidSpendingFen: 0 }, category: 'dibao', level: 'general' },
    { name: 'spending above income', input: { receivesDibao: false, size: 3, annualIncomeFen: 1000000, annualRigidSpendingFen: 5000000 }, category: 'near_dibao', level: 'deep' },
    { name: 'no income at all', input: { receivesDibao: false, size: 4, annualIncomeFen: 0, annualRigidSpendingFen: 0 }, category: 'near_dibao', level: 'deep' },
  ])('$name', ({ input, category, level }) => {
    const r = identify(input, P);
    expect(r.category).toBe(category);
    expect(r.level).toBe(level);
  });

  it('explains itself in both languages with the amounts in yuan', () => {
    const r = identify({ receivesDibao: false, size: 3, annualIncomeFen: 2880000, annualRigidSpendingFen: 600000 }, P);
    expect(r.perCapitaMonthlyIncomeFen).toBe(80000);
    expect(r.reasons[0].zh).toBe('人均月收入 800.00 元 ≤ 1.5 × 低保标准 560.00 元（840.00 元）');
    expect(r.reasons[0].en).toContain('800.00 yuan');
  });

  it('rounds the displayed per-capita income half up, once', () => {
    expect(identify({ receivesDibao: false, size: 3, annualIncomeFen: 18, annualRigidSpendingFen: 0 }, P).perCapitaMonthlyIncomeFen).toBe(1); // 0.5 → 1
    expect(identify({ receivesDibao: false, size: 3, annualIncomeFen: 17, annualRigidSpendingFen: 0 }, P).perCapitaMonthlyIncomeFen).toBe(0);
  });

  it('rejects impossible input', () => {
    expect(() => identify({ receivesDibao: false, size: 0, annualIncomeFen: 1, annualRigidSpendingFen: 0 }, P)).toThrow(RangeError);
    expect(() => identify({ receivesDibao: false, size: 1, annualIncomeFen: -1, annualRigidSpendingFen: 0 }, P)).toThrow(RangeError);
    expect(() => identify({ receivesDibao: false, size: 1, annualIncomeFen: 1.5, annualRigidSpendingFen: 0 }, P)).toThrow(RangeError);
  });
});

describe('pickLine', () => {
  const lines = [{ regionCode: '52' }, { regionCode: '5203' }, { regionCode: '520302' }];
  it.each([
    ['520302', '520302'],
    ['520303', '5203'],
    ['520102', '52'],
    ['110101', null],
  ])('%s → %s', (region, expected) => {
    expect(pickLine(lines, region)?.regionCode ?? null).toBe(expected);
  });
});

describe('the identification a file keeps, and how it is shown', () => {
  const line = { regionCode: '5203', ...P };
  const inputs = [
    { receivesDibao: true, size: 2, annualIncomeFen: 1344000, annualRigidSpendingFen: 0 },
    { receivesDibao: false, size: 1, annualIncomeFen: 1008000, annualRigidSpendingFen: 0 },
    { receivesDibao: false, size: 1, annualIncomeFen: 2000000, annualRigidSpendingFen: 1600001 },
    { receivesDibao: false, size: 3, annualIncomeFen: 9000000, annualRigidSpendingFen: 100 },
  ];

  it.each(inputs)('a record keeps the line and figure; shown, its reasons are the rule’s ($annualIncomeFen fen, size $size)', (input) => {
    const r = identify(input, P);
    const rec = identificationRecord(2026, line, r);
    expect(rec).toEqual({ year: 2026, lineRegionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000, perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen });
    // stored as JSON and read back
    const view = identificationView(JSON.parse(JSON.stringify(rec)), input);
    expect(view).toEqual({ year: 2026, lineRegionCode: '5203', dibaoLineFen: 56000, perCapitaMonthlyIncomeFen: r.perCapitaMonthlyIncomeFen, reasons: r.reasons });
  });

  it('shows the parameters the record keeps, not today’s', () => {
    const input = inputs[1];
    const rec = identificationRecord(2026, { ...line, nearDibaoMultiplierBp: 20000 }, identify(input, { ...P, nearDibaoMultiplierBp: 20000 }));
    expect(identificationView(rec, input)!.reasons[0].zh).toBe('人均月收入 840.00 元 ≤ 2 × 低保标准 560.00 元（1,120.00 元）');
  });

  it('a file stored with its reasons rendered is shown as stored; a file without identification shows none', () => {
    const reasons = [{ code: 'receives_dibao', zh: '旧文字', en: 'old words' }];
    const stored = { year: 2025, lineRegionCode: '52', dibaoLineFen: 50000, perCapitaMonthlyIncomeFen: 1, reasons };
    expect(identificationView(stored, inputs[0])).toEqual(stored);
    expect(identificationView(null, inputs[0])).toBeNull();
    expect(identificationView(undefined, inputs[0])).toBeNull();
  });

  it.each([
    ['the same record', {}, true],
    ['another figure', { perCapitaMonthlyIncomeFen: 1 }, false],
    ['another multiplier', { nearDibaoMultiplierBp: 1 }, false],
    ['another year', { year: 2025 }, false],
  ])('two records: %s → same %s', (_n, over, same) => {
    const rec = identificationRecord(2026, line, identify(inputs[1], P));
    expect(sameIdentification(rec, { ...rec, ...over })).toBe(same);
  });

  it('compares a stored file with reasons by its line and figure (it keeps no parameters)', () => {
    const rec = identificationRecord(2026, line, identify(inputs[1], P));
    const { nearDibaoMultiplierBp: _k, rigidSpendingShareBp: _s, ...figures } = rec;
    expect(sameIdentification({ ...figures, reasons: [] }, rec)).toBe(true);
    expect(sameIdentification({ ...figures, dibaoLineFen: 1, reasons: [] }, rec)).toBe(false);
    expect(sameIdentification(null, undefined)).toBe(true);
    expect(sameIdentification(null, rec)).toBe(false);
    expect(sameIdentification('x', rec)).toBe(false);
  });
});

describe('the judgment alone (what writers store) is the judgment identify explains', () => {
  it('agrees with identify on category, level and figure, and identify gives a reason for the category and one for the level (property)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 30_000, max: 120_000 }),
        fc.integer({ min: 10_000, max: 30_000 }),
        fc.integer({ min: 1_000, max: 10_000 }),
        (receivesDibao, size, annualIncomeFen, annualRigidSpendingFen, dibaoLineFen, nearDibaoMultiplierBp, rigidSpendingShareBp) => {
          const input = { receivesDibao, size, annualIncomeFen, annualRigidSpendingFen };
          const params = { dibaoLineFen, nearDibaoMultiplierBp, rigidSpendingShareBp };
          const { reasons, ...rest } = identify(input, params);
          const j = judge(input, params);
          expect(rest).toEqual(j);
          const twoForCategory = j.category === 'accident' || j.category === 'not_eligible';
          expect(reasons.length).toBe((twoForCategory ? 2 : 1) + (j.level ? 1 : 0));
          if (j.level) expect(reasons[reasons.length - 1].code).toBe(`level_${j.level}`);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
