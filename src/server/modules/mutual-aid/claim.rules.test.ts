import { describe, expect, it } from 'vitest';
import type { ClaimStatus } from '../../../contracts/mutual-aid-claims';
import {
  type ClaimAction,
  type ClaimContribution,
  accumulatorsOf,
  billKey,
  claimNumber,
  contributionOf,
  engineClaim,
  hospitalDaysBetween,
  isCounted,
  missingFacts,
  nextStatus,
  overriddenContribution,
  snapshot,
} from './claim.rules';
import { compilePlan, evaluateClaims, newAccumulators, periodOf } from './evaluate.rules';
import { builtInScheme } from './scheme-data';

describe('billKey', () => {
  it.each([
    ['遵义医学院附属医院', 'No. 0012 3456', '遵义医学院附属医院|NO.00123456'],
    [' 遵义医学院附属医院 ', 'no.0012\u30003456', '遵义医学院附属医院|NO.00123456'],
    // full-width letters and digits read as their half-width twins (NFKC)
    ['遵义医学院附属医院', 'ＮＯ．００１２３４５６', '遵义医学院附属医院|NO.00123456'],
    ['Guizhou People’s Hospital', 'ab-12', 'GUIZHOUPEOPLE’SHOSPITAL|AB-12'],
    ['某医院', '', null],
    ['某医院', '   ', null],
    ['某医院', null, null],
    [null, 'X1', '|X1'],
  ])('%s / %s → %s', (hospital, bill, key) => {
    expect(billKey(hospital, bill)).toBe(key);
  });

  it('tells two hospitals with the same number apart', () => {
    expect(billKey('甲医院', '001')).not.toBe(billKey('乙医院', '001'));
  });
});

describe('hospitalDaysBetween', () => {
  it.each([
    ['2016-02-17', '2016-03-01', 13],
    ['2016-02-28', '2016-03-01', 2], // 2016 is a leap year
    ['2015-02-28', '2015-03-01', 1],
    ['2016-12-30', '2017-01-02', 3],
    ['2016-05-05', '2016-05-05', 1], // admitted and discharged the same day: one day
  ])('%s → %s: %i days', (a, d, n) => {
    expect(hospitalDaysBetween(a, d)).toBe(n);
  });
});

describe('nextStatus', () => {
  const table: Array<[ClaimStatus, ClaimAction, ClaimStatus | null]> = [
    ['received', 'adjudicate', 'adjudicated'],
    ['adjudicated', 'adjudicate', null],
    ['adjudicated', 'approve', 'approved'],
    ['adjudicated', 'override', 'approved'],
    ['received', 'approve', null],
    ['approved', 'approve', null],
    ['received', 'reject', 'rejected'],
    ['adjudicated', 'reject', 'rejected'],
    ['approved', 'reject', null],
    ['paid', 'reject', null],
    ['approved', 'pay', 'paid'],
    ['adjudicated', 'pay', null],
    ['paid', 'pay', null],
    ['approved', 'reverse', 'reversed'],
    ['paid', 'reverse', 'reversed'],
    ['adjudicated', 'reverse', null],
    ['reversed', 'reverse', null],
    ['rejected', 'approve', null],
    ['reversed', 'pay', null],
  ];
  it.each(table)('%s + %s → %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it.each([
    ['received', false],
    ['adjudicated', true],
    ['approved', true],
    ['paid', true],
    ['rejected', false],
    ['reversed', false],
  ] as Array<[ClaimStatus, boolean]>)('%s counts in the accumulators: %s', (s, counted) => {
    expect(isCounted(s)).toBe(counted);
  });
});

const c = (over: Partial<ClaimContribution>): ClaimContribution => ({ accPeriod: 2016, accBaseFen: 0, accCountedFen: 0, accPaidDays: 0, accClaims: 0, accDiagnosisCode: null, payoutFen: 0, ...over });

describe('accumulatorsOf', () => {
  it('sums per period and over the lifetime, with the diagnosed set', () => {
    const acc = accumulatorsOf([
      c({ accBaseFen: 12_720_000, accCountedFen: 12_720_000, accClaims: 1, payoutFen: 8_840_000 }),
      c({ accBaseFen: 100_000, accCountedFen: 0, payoutFen: 0 }),
      c({ accPeriod: 2017, accBaseFen: 50_000, accCountedFen: 50_000, accPaidDays: 10, accClaims: 1, payoutFen: 20_000, accDiagnosisCode: 'CI01' }),
    ]);
    expect(acc.periods.get(2016)).toEqual({ baseFen: 12_820_000, countedFen: 12_720_000, paidFen: 8_840_000, paidDays: 0, claims: 1 });
    expect(acc.periods.get(2017)).toEqual({ baseFen: 50_000, countedFen: 50_000, paidFen: 20_000, paidDays: 10, claims: 1 });
    expect(acc.lifetimePaidFen).toBe(8_860_000);
    expect(acc.lifetimePaidDays).toBe(10);
    expect(acc.lifetimeClaims).toBe(2);
    expect([...acc.diagnosed]).toEqual(['CI01']);
  });

  it('is empty for no claims', () => {
    expect(accumulatorsOf([])).toEqual(newAccumulators());
  });
});

describe('contributionOf and accumulatorsOf agree with the engine', () => {
  // each case: a plan and a sequence of claims; storing each claim's contribution and summing them back must give the
  // engine's own running accumulators, so the next claim is paid the same either way
  const cases = [
    { scheme: 'PROV', plan: 'critical_inpatient', claims: [{ eventDate: '2016-02-17', totalCostFen: 99_160_000, insurancePaidFen: 86_440_000 }, { eventDate: '2016-06-01', totalCostFen: 30_000_000, insurancePaidFen: 20_000_000 }, { eventDate: '2016-09-01', totalCostFen: 90_000_000, insurancePaidFen: 20_000_000 }] },
    { scheme: 'SN', plan: 'inpatient_secondary', claims: [{ eventDate: '2016-03-01', totalCostFen: 800_000, insurancePaidFen: 500_000 }, { eventDate: '2016-04-01', totalCostFen: 1_000_000, insurancePaidFen: 400_000 }] },
    { scheme: 'ZY', plan: 'accident_injury', claims: [{ eventDate: '2016-03-01', hospitalDays: 60 }, { eventDate: '2016-08-01', hospitalDays: 45 }, { eventDate: '2016-09-01', hospitalDays: 5 }] },
    { scheme: 'GY', plan: 'critical_illness', claims: [{ eventDate: '2016-05-01', diagnosisIcd10: 'C34.1' }, { eventDate: '2016-07-01', diagnosisIcd10: 'I21.0' }] },
    { scheme: 'ZY', plan: 'female_disease', claims: [{ eventDate: '2016-05-01', diagnosisIcd10: 'C50.9' }, { eventDate: '2016-06-01', diagnosisIcd10: 'C50.1' }, { eventDate: '2016-07-01', diagnosisIcd10: 'C53.0' }] },
  ];
  it.each(cases)('$scheme/$plan', ({ scheme, plan, claims }) => {
    const cp = compilePlan(builtInScheme(scheme)!, plan)!;
    const member = { status: 'ordinary' as const, enrolments: [{ from: '2015-01-01', to: '2016-12-31' }] };
    const expected = evaluateClaims(cp, member, claims).map((r) => r.payoutFen);
    const stored: ClaimContribution[] = [];
    const got: number[] = [];
    for (const claim of claims) {
      const acc = accumulatorsOf(stored);
      const period = periodOf(cp, claim.eventDate);
      const before = snapshot(acc, period);
      const [r] = evaluateClaims(cp, member, [claim], { accumulators: acc, trace: false });
      got.push(r!.payoutFen);
      stored.push(contributionOf(before, acc, period, r!.payoutFen));
    }
    expect(got).toEqual(expected);
    expect(stored.reduce((s, x) => s + (x.payoutFen ?? 0), 0)).toBe(expected.reduce((s, x) => s + x, 0));
  });

  it('names the diagnosis a first-diagnosis claim paid', () => {
    const cp = compilePlan(builtInScheme('ZY')!, 'female_disease')!;
    const acc = newAccumulators();
    acc.diagnosed.add('FD02');
    const before = snapshot(acc, 2016);
    const [r] = evaluateClaims(cp, { status: 'ordinary', enrolments: [{ from: '2016-01-01', to: '2016-12-31' }] }, [{ eventDate: '2016-05-01', diagnosisIcd10: 'C50.9' }], { accumulators: acc, trace: false });
    expect(r!.payoutFen).toBe(500_000);
    expect(contributionOf(before, acc, 2016, r!.payoutFen)).toEqual({ accPeriod: 2016, accBaseFen: 0, accCountedFen: 0, accPaidDays: 0, accClaims: 1, accDiagnosisCode: 'FD01', payoutFen: 500_000 });
  });

  it('a claim below the threshold still adds its base (it counts toward the period threshold)', () => {
    const cp = compilePlan(builtInScheme('SN')!, 'inpatient_secondary')!;
    const acc = newAccumulators();
    const before = snapshot(acc, 2016);
    const [r] = evaluateClaims(cp, { status: 'ordinary', enrolments: [{ from: '2016-01-01', to: '2016-12-31' }] }, [{ eventDate: '2016-03-01', totalCostFen: 500_000, insurancePaidFen: 200_000 }], { accumulators: acc, trace: false });
    expect(r).toMatchObject({ payoutFen: 0, reason: 'below_threshold' });
    expect(contributionOf(before, acc, 2016, 0)).toMatchObject({ accBaseFen: 300_000, accCountedFen: 0, accClaims: 0 });
  });
});

describe('overriddenContribution', () => {
  it.each([
    [c({ accClaims: 1, accPaidDays: 30, accDiagnosisCode: 'CI01', payoutFen: 150_000 }), 0, { accClaims: 0, accPaidDays: 0, accDiagnosisCode: null, payoutFen: 0 }],
    [c({ accClaims: 1, payoutFen: 8_840_000 }), 5_000_000, { accClaims: 1, payoutFen: 5_000_000 }],
    [c({ accBaseFen: 300_000, accClaims: 0, payoutFen: 0 }), 100_000, { accBaseFen: 300_000, accClaims: 1, payoutFen: 100_000 }],
  ])('%# override to %i', (before, amount, expected) => {
    expect(overriddenContribution(before, amount)).toMatchObject(expected);
  });
});

describe('missingFacts', () => {
  it.each([
    [{ kind: 'ratio', base: 'out_of_pocket' }, {}, ['totalCostFen', 'insurancePaidFen']],
    [{ kind: 'ratio', base: 'out_of_pocket' }, { totalCostFen: 100 }, ['insurancePaidFen']],
    [{ kind: 'ratio', base: 'out_of_pocket' }, { totalCostFen: 100, insurancePaidFen: 0 }, []],
    [{ kind: 'ratio', base: 'total_cost' }, { totalCostFen: 100 }, []],
    [{ kind: 'per_diem' }, {}, ['hospitalDays']],
    [{ kind: 'per_diem' }, { hospitalDays: 3 }, []],
    [{ kind: 'lump_sum' }, { totalCostFen: 100 }, ['diagnosisIcd10']],
    [{ kind: 'lump_sum' }, { diagnosisIcd10: 'C34.1' }, []],
    [{ kind: 'lump_sum' }, { diagnosis: 'CI01' }, []],
    [{ kind: 'allowance' }, {}, []],
  ] as Array<[Parameters<typeof missingFacts>[0], Parameters<typeof missingFacts>[1], string[]]>)('%o with %o → %o', (plan, facts, fields) => {
    expect(missingFacts(plan, facts).map((m) => m.field)).toEqual(fields);
  });
});

describe('engineClaim and claimNumber', () => {
  it('leaves absent facts out', () => {
    expect(engineClaim({ eventDate: '2016-02-17', diagnosis: null, diagnosisIcd10: null, totalCostFen: 99_160_000, insurancePaidFen: 86_440_000, hospitalDays: null })).toEqual({ eventDate: '2016-02-17', totalCostFen: 99_160_000, insurancePaidFen: 86_440_000 });
    expect(engineClaim({ eventDate: '2016-02-17', diagnosis: 'CI01', diagnosisIcd10: 'C34.1', totalCostFen: null, insurancePaidFen: null, hospitalDays: 0 })).toEqual({ eventDate: '2016-02-17', diagnosis: 'CI01', diagnosisIcd10: 'C34.1', hospitalDays: 0 });
  });
  it.each([
    [2026, 1, 'HZ2026000001'],
    ['2026', 123, 'HZ2026000123'],
    [2027, 1_234_567, 'HZ20271234567'],
  ])('%s #%i → %s', (y, n, no) => {
    expect(claimNumber(y, n)).toBe(no);
  });
});
