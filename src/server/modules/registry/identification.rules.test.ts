import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { identify, pickLine } from './identification.rules';

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
