import { describe, expect, it } from 'vitest';
import { fillMessage, parsePlanList, periodBounds, periodOf, planChoice, splitPlanTokens } from './enrolment.rules';

const calendar = { kind: 'calendar_year' } as const;
const july = { kind: 'policy_year', startMonthDay: '07-01' } as const;
const march = { kind: 'policy_year', startMonthDay: '03-01' } as const;

describe('periodBounds', () => {
  it.each([
    [calendar, 2025, '2025-01-01', '2025-12-31'],
    [calendar, 2024, '2024-01-01', '2024-12-31'],
    [july, 2026, '2026-07-01', '2027-06-30'],
    [july, 2025, '2025-07-01', '2026-06-30'],
    // the day before 1 March: 29 February in a leap year
    [march, 2023, '2023-03-01', '2024-02-29'],
    [march, 2024, '2024-03-01', '2025-02-28'],
    [{ kind: 'policy_year', startMonthDay: '01-01' } as const, 2025, '2025-01-01', '2025-12-31'],
  ])('%o %i → %s … %s', (rule, year, from, to) => {
    expect(periodBounds(rule, year)).toEqual({ period: year, validFrom: from, validTo: to });
  });

  it('refuses what is not a year', () => {
    expect(() => periodBounds(calendar, 2025.5)).toThrow(RangeError);
    expect(() => periodBounds(calendar, 99)).toThrow(RangeError);
  });
});

describe('periodOf', () => {
  it.each([
    [calendar, '2025-01-01', 2025],
    [calendar, '2025-12-31', 2025],
    [july, '2026-06-30', 2025],
    [july, '2026-07-01', 2026],
    [july, '2027-01-15', 2026],
    [march, '2024-02-29', 2023],
  ])('%o %s → %i', (rule, date, period) => {
    expect(periodOf(rule, date)).toBe(period);
    const b = periodBounds(rule, period);
    expect(b.validFrom <= date && date <= b.validTo).toBe(true);
  });
});

const PLANS = [
  { code: 'inpatient', name: { zh: '住院医疗互助', en: 'Inpatient mutual aid' } },
  { code: 'pharmacy_allowance', name: { zh: '特困职工购药补助', en: 'Pharmacy allowance' } },
  { code: 'odd', name: { zh: '甲、乙计划', en: 'A, B plan' } },
];

describe('plans of a cell', () => {
  it.each([
    ['inpatient', ['inpatient']],
    ['inpatient、pharmacy_allowance', ['inpatient', 'pharmacy_allowance']],
    ['inpatient,pharmacy_allowance', ['inpatient', 'pharmacy_allowance']],
    ['inpatient，pharmacy_allowance；inpatient', ['inpatient', 'pharmacy_allowance']],
    ['住院医疗互助', ['inpatient']],
    [' Inpatient Mutual Aid ', ['inpatient']],
    ['ＩＮＰＡＴＩＥＮＴ', ['inpatient']],
    ['住院医疗互助、特困职工购药补助', ['inpatient', 'pharmacy_allowance']],
    ['inpatient 住院医疗互助', ['inpatient']],
    // a name holding a separator is taken whole first
    ['甲、乙计划', ['odd']],
  ])('%s → %o', (text, codes) => {
    expect(parsePlanList(text, PLANS)).toEqual({ ok: true, codes });
  });

  it.each([
    ['牙科', ['牙科']],
    ['inpatient、牙科、眼科', ['牙科', '眼科']],
  ])('%s: unknown %o', (text, unknown) => {
    expect(parsePlanList(text, PLANS)).toEqual({ ok: false, unknown });
  });

  it('splits on every separator and drops blanks and repeats', () => {
    expect(splitPlanTokens('a、b,,c，a\nd;e；f/g|h')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    expect(splitPlanTokens('  、 ,')).toEqual([]);
  });
});

describe('planChoice (maxPlansPerMember)', () => {
  it.each([
    [[], ['a', 'b'], 2, ['a', 'b'], 2, false],
    [['a'], ['a', 'b'], 2, ['b'], 2, false],
    [['a', 'b'], ['c'], 2, ['c'], 3, true],
    [['a', 'b'], ['a'], 2, [], 2, false],
    [[], ['a', 'a', 'b'], 1, ['a', 'b'], 2, true],
    [['a', 'b', 'c'], ['d'], undefined, ['d'], 4, false],
  ] as const)('held %o + asked %o (max %s) → added %o, %i, tooMany %s', (active, requested, max, added, total, tooMany) => {
    expect(planChoice(active, requested, max)).toEqual({ added, total, tooMany });
  });
});

it('fillMessage fills both languages and leaves unknown placeholders', () => {
  expect(fillMessage({ zh: '第 {row} 行 {x}', en: 'row {row} {x}' }, { row: 3 })).toEqual({ zh: '第 3 行 {x}', en: 'row 3 {x}' });
});
