import { describe, expect, it } from 'vitest';
import { addMonths, addMonthsToDate, assessExit, followUpsDue, isReviewOverdue, type NearLine, requiredMonthsFor } from './exit-rule.rules';

const L2026: NearLine = { dibaoLineFen: 56000, nearDibaoMultiplierBp: 15000 }; // near line 840.00
const L2025: NearLine = { dibaoLineFen: 50000, nearDibaoMultiplierBp: 15000 }; // near line 750.00
const lines = (m: Record<number, NearLine>) => (y: number) => m[y] ?? null;

/** n monthly observations ending in `last`, each of `fen`. */
function months(last: string, n: number, fen: number) {
  return Array.from({ length: n }, (_, i) => ({ month: addMonths(last, -i), perCapitaIncomeFen: fen }));
}

describe('month arithmetic', () => {
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-06', -18, '2024-12'],
    ['2026-03', 0, '2026-03'],
  ])('%s %+d → %s', (m, n, out) => expect(addMonths(m, n)).toBe(out));

  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-08-15', 3, '2026-11-15'],
    ['2026-11-30', 12, '2027-11-30'],
  ])('%s + %d months → %s', (d, n, out) => expect(addMonthsToDate(d, n)).toBe(out));
});

describe('exit rule (解困脱困)', () => {
  const base = { asOfMonth: '2026-11', lineOf: lines({ 2026: L2026, 2025: L2025 }), requiredMonths: 6, openMeasures: 0 };
  const cases: Array<{ name: string; input: Partial<Parameters<typeof assessExit>[0]>; candidate: boolean; streak: number; codes: string[] }> = [
    { name: 'six months above the line, current month recorded', input: { incomes: months('2026-11', 6, 90000) }, candidate: true, streak: 6, codes: ['candidate'] },
    { name: 'current month not yet recorded: the streak may end last month', input: { incomes: months('2026-10', 6, 90000) }, candidate: true, streak: 6, codes: ['candidate'] },
    { name: 'last record two months ago is not "up to now"', input: { incomes: months('2026-09', 12, 90000) }, candidate: false, streak: 0, codes: ['no_recent_income'] },
    { name: 'five months are not enough', input: { incomes: months('2026-11', 5, 90000) }, candidate: false, streak: 5, codes: ['streak_short'] },
    {
      name: 'a gap breaks the streak',
      input: { incomes: [...months('2026-11', 3, 90000), ...months('2026-07', 6, 90000)] },
      candidate: false,
      streak: 3,
      codes: ['streak_short'],
    },
    {
      name: 'a month at the line (not above) breaks it',
      input: { incomes: [...months('2026-11', 4, 90000), { month: '2026-07', perCapitaIncomeFen: 84000 }, ...months('2026-06', 6, 90000)] },
      candidate: false,
      streak: 4,
      codes: ['streak_short'],
    },
    { name: 'one fen above the line counts', input: { incomes: months('2026-11', 6, 84001) }, candidate: true, streak: 6, codes: ['candidate'] },
    {
      name: 'line changes across years: 800 is above 2025’s 750 but not 2026’s 840',
      input: { incomes: [...months('2026-02', 2, 90000), ...months('2025-12', 6, 80000)], asOfMonth: '2026-02' },
      candidate: true,
      streak: 8,
      codes: ['candidate'],
    },
    {
      name: 'the same 800 in 2026 months is below the line',
      input: { incomes: [...months('2026-11', 2, 90000), ...months('2026-09', 6, 80000)] },
      candidate: false,
      streak: 2,
      codes: ['streak_short'],
    },
    { name: 'an open measure blocks exit', input: { incomes: months('2026-11', 8, 90000), openMeasures: 1 }, candidate: false, streak: 8, codes: ['open_measures'] },
    { name: 'N per region: 3 months suffice where N = 3', input: { incomes: months('2026-11', 3, 90000), requiredMonths: 3 }, candidate: true, streak: 3, codes: ['candidate'] },
    { name: 'N per region: 12 needed', input: { incomes: months('2026-11', 11, 90000), requiredMonths: 12 }, candidate: false, streak: 11, codes: ['streak_short'] },
    { name: 'a year without a line cannot be judged', input: { incomes: months('2026-11', 14, 90000), lineOf: lines({ 2026: L2026 }) }, candidate: true, streak: 11, codes: ['candidate'] },
    {
      name: 'a year without a line stops a short streak with a reason',
      input: { incomes: months('2026-02', 8, 90000), asOfMonth: '2026-02', lineOf: lines({ 2026: L2026 }) },
      candidate: false,
      streak: 2,
      codes: ['no_line'],
    },
    { name: 'no income at all', input: { incomes: [] }, candidate: false, streak: 0, codes: ['no_recent_income'] },
  ];
  it.each(cases)('$name', ({ input, candidate, streak, codes }) => {
    const r = assessExit({ ...base, incomes: [], ...input });
    expect(r.candidate).toBe(candidate);
    expect(r.streak).toBe(streak);
    expect(r.reasons.map((x) => x.code)).toEqual(codes);
  });

  it('explains a candidate in the practice’s words', () => {
    const r = assessExit({ ...base, incomes: months('2026-11', 6, 90000) });
    expect(r.nearLineFen).toBe(84000);
    expect(r.latestIncomeFen).toBe(90000);
    expect(r.reasons[0].zh).toBe('连续 6 个月人均收入高于低保边缘线 840.00 元，无未完成措施');
    expect(r.reasons[0].en).toBe('per-capita income above the near-dibao line 840.00 yuan for 6 consecutive months; no open measure');
  });
});

describe('N per region', () => {
  const settings = [
    { regionCode: '52', consecutiveMonths: 9 },
    { regionCode: '5203', consecutiveMonths: 4 },
    { regionCode: '520302', consecutiveMonths: 3 },
  ];
  it.each([
    ['520302', 3],
    ['520303', 4],
    ['520102', 9],
    ['530102', 6],
  ])('%s needs %d months', (region, n) => expect(requiredMonthsFor(settings, region)).toBe(n));
  it('defaults to 6 without settings', () => expect(requiredMonthsFor([], '520302')).toBe(6));
});

describe('follow-ups and review items', () => {
  it('calls at 3 and 12 months after exit', () => {
    expect(followUpsDue('2026-01-31')).toEqual([
      { milestone: 3, dueDate: '2026-04-30' },
      { milestone: 12, dueDate: '2027-01-31' },
    ]);
  });
  it.each([
    [{ status: 'pending', dueDate: '2026-11-29' }, true],
    [{ status: 'pending', dueDate: '2026-11-30' }, false],
    [{ status: 'done', dueDate: '2026-01-01' }, false],
  ])('%o overdue on 2026-11-30: %s', (item, out) => expect(isReviewOverdue(item, '2026-11-30')).toBe(out));
});
