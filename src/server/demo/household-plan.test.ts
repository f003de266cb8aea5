import { describe, expect, it } from 'vitest';
import { divisionsOf } from '../modules/orgs/division';
import { CITY_WEIGHTS, PRACTICE, largestRemainder, planHouseholds, planTotals, scaledTargets } from './household-plan';

const pct = (n: number, d: number) => Math.round((n * 10000) / d) / 100;

describe('planHouseholds at the province’s real scale (197,392)', () => {
  const plan = planHouseholds(PRACTICE.households);
  const sum = planTotals(plan);

  it('reproduces the practice totals exactly', () => {
    expect(sum).toMatchObject({ households: 197_392, dibao: 35_126, near_dibao: 101_938, accident: 60_328, zunyiExtreme: 7_908, zunyiExtremeIllness: 3_221 });
    expect([pct(sum.dibao, sum.households), pct(sum.near_dibao, sum.households), pct(sum.accident, sum.households)]).toEqual([17.8, 51.64, 30.56]);
    expect(pct(sum.zunyiExtremeIllness, sum.zunyiExtreme)).toBe(40.73);
    expect(pct(sum.illness, sum.households)).toBe(30);
  });

  it('covers all 88 counties, each holding households of every category', () => {
    expect(plan.counties).toHaveLength(88);
    expect(new Set(plan.counties.map((c) => c.code))).toEqual(new Set(divisionsOf('52').filter((d) => d.level === 'county').map((d) => d.code)));
    for (const c of plan.counties) {
      expect(c.total).toBe(c.cells.reduce((a, x) => a + x.count, 0));
      for (const cat of ['dibao', 'near_dibao', 'accident']) expect(c.cells.filter((x) => x.category === cat).reduce((a, x) => a + x.count, 0)).toBeGreaterThan(0);
      for (const x of c.cells) {
        expect(x.count).toBeGreaterThanOrEqual(0);
        expect(x.illness).toBeGreaterThanOrEqual(0);
        expect(x.illness).toBeLessThanOrEqual(x.count);
      }
    }
  });

  it('gives more households to bigger cities, in proportion to their weights', () => {
    const byCity = new Map<string, number>();
    for (const c of plan.counties) byCity.set(c.cityCode, (byCity.get(c.cityCode) ?? 0) + c.total);
    const totalW = Object.values(CITY_WEIGHTS).reduce((a, b) => a + b, 0);
    for (const [city, n] of byCity) expect(Math.abs(n - (PRACTICE.households * CITY_WEIGHTS[city]) / totalW)).toBeLessThan(1);
    expect(byCity.get('5201')!).toBeGreaterThan(byCity.get('5204')!);
  });

  it('places Zunyi’s extreme hardship only in Zunyi, within each county’s households', () => {
    for (const c of plan.counties) {
      const extreme = c.cells.filter((x) => x.extreme).reduce((a, x) => a + x.count, 0);
      expect(extreme).toBeLessThanOrEqual(c.total);
    }
    const zunyi = plan.counties.filter((c) => c.cityCode === '5203');
    expect(zunyi).toHaveLength(14);
    expect(zunyi.flatMap((c) => c.cells.filter((x) => x.extreme)).reduce((a, x) => a + x.count, 0)).toBe(7_908);
  });
});

describe('scaling to other sizes', () => {
  it.each([1, 7, 88, 500, 2000, 10_000, 123_457, 1_000_000])('%i households: every split adds up and stays proportional', (n) => {
    const plan = planHouseholds(n);
    const sum = planTotals(plan);
    const t = scaledTargets(n);
    expect(sum.households).toBe(n);
    expect(sum.dibao + sum.near_dibao + sum.accident).toBe(n);
    expect({ dibao: sum.dibao, near: sum.near_dibao, accident: sum.accident, illness: sum.illness, zE: sum.zunyiExtreme, zEI: sum.zunyiExtremeIllness }).toEqual({
      dibao: t.dibao,
      near: t.nearDibao,
      accident: t.accident,
      illness: t.illness,
      zE: t.zunyiExtreme,
      zEI: t.zunyiExtremeIllness,
    });
    const share = (x: number, of: number) => (n * x) / of;
    expect(Math.abs(t.dibao - share(PRACTICE.dibao, PRACTICE.households))).toBeLessThan(1);
    expect(Math.abs(t.nearDibao - share(PRACTICE.nearDibao, PRACTICE.households))).toBeLessThan(1);
    expect(Math.abs(t.accident - share(PRACTICE.accident, PRACTICE.households))).toBeLessThan(1);
    expect(Math.abs(t.zunyiExtreme - share(PRACTICE.zunyiExtreme, PRACTICE.households))).toBeLessThan(2);
    expect(Math.abs(t.illness - n * 0.3)).toBeLessThan(1);
  });

  it('is deterministic', () => {
    expect(planHouseholds(4321)).toEqual(planHouseholds(4321));
  });
});

describe('largestRemainder', () => {
  it('splits exactly, favouring the largest remainders', () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(2000, [35126, 101938, 60328])).toEqual([356, 1033, 611]);
    expect(largestRemainder(0, [1, 2])).toEqual([0, 0]);
  });

  it('respects caps by handing the overflow to the others', () => {
    expect(largestRemainder(10, [1, 1], [2, 100])).toEqual([2, 8]);
    expect(largestRemainder(6, [1, 1, 1], [1, 10, 10])).toEqual([1, 3, 2]);
    expect(largestRemainder(2, [0, 1], [5, 5])).toEqual([0, 2]); // a zero weight never receives
  });

  it('refuses what cannot be split', () => {
    expect(() => largestRemainder(3, [0, 0])).toThrow();
    expect(() => largestRemainder(3, [1, 1], [1, 1])).toThrow();
    expect(() => largestRemainder(-1, [1])).toThrow();
  });
});
