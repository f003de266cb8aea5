import { describe, expect, it } from 'vitest';
import { STUDENT_STAGES } from '../../contracts/registry';
import { identify } from '../modules/registry/identification.rules';
import { validateIdNumber } from '../platform/pii/idcard';
import { type GenHousehold, type LineParams, generateCounty, unionSpecs } from './household-gen';
import { planHouseholds } from './household-plan';

const plan = planHouseholds(20_000);
const county = plan.counties.find((c) => c.code === '520302')!;

function households(line: LineParams, seed = 'unit'): GenHousehold[] {
  return [...generateCounty({ seed, county, unions: unionSpecs(county, seed), line, year: 2026, today: '2026-11-30', archiveStart: () => 0 })];
}

describe('generateCounty', () => {
  // the demo line, a richer city's, a high line with a low multiplier, and a stricter rigid-spending share
  it.each<LineParams>([
    { regionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 },
    { regionCode: '5201', dibaoLineFen: 64000, nearDibaoMultiplierBp: 20000, rigidSpendingShareBp: 8000 },
    { regionCode: '520302', dibaoLineFen: 90000, nearDibaoMultiplierBp: 12000, rigidSpendingShareBp: 6000 },
    { regionCode: '52', dibaoLineFen: 40000, nearDibaoMultiplierBp: 10000, rigidSpendingShareBp: 9500 },
  ])('the rule yields the planned categories under line $dibaoLineFen × $nearDibaoMultiplierBp bp', (line) => {
    const hs = households(line);
    expect(hs).toHaveLength(county.total);
    for (const cat of ['dibao', 'near_dibao', 'accident'] as const) {
      expect(hs.filter((h) => h.category === cat).length).toBe(county.cells.filter((c) => c.category === cat).reduce((a, c) => a + c.count, 0));
    }
    for (const h of hs) {
      const rigid = h.medicalOutOfPocketFen + h.schoolingSpendingFen + h.disasterLossFen;
      const r = identify({ receivesDibao: h.receivesDibao, size: h.size, annualIncomeFen: h.annualIncomeFen, annualRigidSpendingFen: rigid }, line);
      expect({ category: h.category, level: h.level }).toEqual({ category: r.category, level: r.level });
    }
  });

  it('builds households whose data agree with their causes, flags and members', () => {
    const hs = households({ regionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 });
    const ids = new Set<string>();
    for (const h of hs) {
      const ms = h.members;
      expect(ms.filter((m) => m.relation === 'self')).toHaveLength(1);
      expect(ms[0].relation).toBe('self');
      for (const m of ms) {
        const v = validateIdNumber(m.idNumber);
        expect(v.ok && v.info.regionCode === '520302' && v.info.birthDate === m.birthDate && v.info.sex === m.sex).toBe(true);
        expect(ids.has(m.idNumber)).toBe(false);
        ids.add(m.idNumber);
        if (STUDENT_STAGES.includes(m.schoolingStage)) expect(m.employment).toBe('not_working');
        if (m.health === 'disability') expect(m.disabilityGrade).toBeGreaterThanOrEqual(1);
        else expect(m.disabilityGrade).toBeNull();
        for (const v of Object.values(m.monthlyIncomeFen)) expect(Number.isInteger(v) && v! > 0).toBe(true);
      }
      let monthly = 0;
      for (const m of ms) for (const v of Object.values(m.monthlyIncomeFen)) monthly += v!;
      expect(h.annualIncomeFen).toBe(12 * monthly + h.otherAnnualIncomeFen);
      expect(h.students).toBe(ms.filter((m) => STUDENT_STAGES.includes(m.schoolingStage)).length);
      expect(h.receivesDibao).toBe(h.category === 'dibao');
      expect(!!h.dibaoCertificateNo).toBe(h.receivesDibao);
      expect(h.secondaryCauses).not.toContain(h.primaryCause);
      if (h.primaryCause === 'illness') expect(ms.some((m) => m.health === 'serious_illness' || m.health === 'chronic_illness')).toBe(true);
      if (h.primaryCause === 'disability') expect(ms.some((m) => m.health === 'disability')).toBe(true);
      if (h.primaryCause === 'schooling') expect(h.students).toBeGreaterThan(0);
      if (h.primaryCause === 'single_parent') {
        expect(ms.some((m) => m.relation === 'spouse')).toBe(false);
        expect(ms.some((m) => m.relation === 'child')).toBe(true);
        expect(h.flags).toContain('singleParent');
      }
      if (h.primaryCause === 'unemployment') expect(['laid_off', 'unemployed']).toContain(ms[0].employment);
      if (h.category === 'accident') expect(['illness', 'schooling', 'accident', 'disaster']).toContain(h.primaryCause);
      expect(h.address.startsWith('贵州省遵义市红花岗区')).toBe(true);
      expect(h.createdAt.getTime()).toBeLessThan(h.updatedAt.getTime());
      expect(h.updatedAt.getTime()).toBeLessThan(Date.parse('2026-11-30T00:00:00+08:00'));
      if (h.status === 'approved') expect(h.archiveNo).toMatch(/^520302-\d{4}-\d{6}$/);
      else expect(h.archiveNo).toBeNull();
    }
    // realistic spread: every household size from 1 to 6, several causes, both sexes as the worker
    expect(new Set(hs.map((h) => h.size))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(new Set(hs.map((h) => h.primaryCause)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(hs.map((h) => h.members[0].sex))).toEqual(new Set(['male', 'female']));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const line = { regionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 };
    const key = (hs: GenHousehold[]) => hs.map((h) => `${h.archiveNo}|${h.workerName}|${h.members.map((m) => m.idNumber).join()}|${h.annualIncomeFen}`).join('\n');
    expect(key(households(line, 'x'))).toBe(key(households(line, 'x')));
    expect(key(households(line, 'x'))).not.toBe(key(households(line, 'y')));
  });

  it('continues archive numbers after those already used', () => {
    const line = { regionCode: '5203', dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000, rigidSpendingShareBp: 8000 };
    const hs = [...generateCounty({ seed: 'unit', county, unions: unionSpecs(county, 'unit'), line, year: 2026, today: '2026-11-30', archiveStart: (y) => (y === 2016 ? 500 : 0) })];
    const of2016 = hs.filter((h) => h.archiveNo?.startsWith('520302-2016-')).map((h) => Number(h.archiveNo!.slice(-6)));
    expect(Math.min(...of2016)).toBe(501);
    expect(Math.max(...of2016)).toBe(500 + of2016.length);
  });
});

describe('unionSpecs', () => {
  it('names a handful of distinct grassroots unions of the county', () => {
    const specs = unionSpecs(county, 'unit');
    expect(specs.length).toBeGreaterThanOrEqual(county.total < 300 ? 2 : 3);
    expect(specs.length).toBeLessThanOrEqual(8);
    expect(new Set(specs.map((s) => s.name)).size).toBe(specs.length);
    for (const s of specs) expect(s.name).toMatch(/工会$/);
    expect(specs.filter((s) => s.subtype !== 'enterprise').every((s) => s.name.startsWith('红花岗区'))).toBe(true);
  });
});
