import { describe, expect, it } from 'vitest';
import { type ClaimInput, type MemberInput, type Plan, type Reason, type Scheme, TRACE_STEPS, scheme as schemeSchema } from '../../../contracts/mutual-aid';
import { bandedAmount, compilePlan, dayNumber, evaluateClaims, exactYuan, icdMatches, newAccumulators, parseDay, percent, roundDiv, yuan } from './evaluate.rules';
import { builtInScheme } from './scheme-data';
import { mutualAidVectors } from '../../../../test/vectors/mutual-aid';


const vectors = mutualAidVectors;

function run(schemeCode: string | Scheme, planCode: string, member: MemberInput, claims: ClaimInput[]) {
  const s = typeof schemeCode === 'string' ? builtInScheme(schemeCode)! : schemeCode;
  const cp = compilePlan(s, planCode);
  if (!cp) throw new Error(`no plan ${planCode}`);
  return evaluateClaims(cp, member, claims);
}

const year = (y: number, status: MemberInput['status'] = 'ordinary'): MemberInput => ({ status, enrolments: [{ from: `${y}-01-01`, to: `${y}-12-31` }] });
const years = (from: number, to: number, status: MemberInput['status'] = 'ordinary'): MemberInput => ({
  status,
  enrolments: Array.from({ length: to - from + 1 }, (_, i) => ({ from: `${from + i}-01-01`, to: `${from + i}-12-31` })),
});
const stay = (eventDate: string, totalCostFen: number, insurancePaidFen = 0): ClaimInput => ({ eventDate, totalCostFen, insurancePaidFen });

/** A test scheme around one plan, validated by the scheme format. */
function schemeWith(plan: Plan, over: Partial<Scheme> = {}): Scheme {
  return schemeSchema.parse({
    code: 'T',
    name: { zh: '测试方案', en: 'Test scheme' },
    regionCode: '52',
    version: 1,
    period: { kind: 'calendar_year' },
    contributions: [],
    plans: [plan],
    ...over,
  });
}
const ratioPlan = (over: Partial<Extract<Plan, { kind: 'ratio' }>> = {}): Plan => ({
  code: 'p',
  name: { zh: '计划', en: 'Plan' },
  kind: 'ratio',
  trigger: 'inpatient_stay',
  base: 'out_of_pocket',
  bandScope: 'claim',
  ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 10000 }] }],
  ...over,
});

describe('every claim case of the reference vectors', () => {
  it.each(vectors.claimCases)('$id $scheme/$plan', (c) => {
    const results = run(c.scheme, c.plan, c.member, c.claims);
    expect(results).toHaveLength(c.claims.length);
    c.claims.forEach((claim, i) => {
      const r = results[i]!;
      expect(r.payoutFen, `claim ${i + 1}`).toBe(claim.expectPayoutFen);
      if (claim.expectReason) expect(r.reason, `claim ${i + 1}`).toBe(claim.expectReason);
      else if (claim.expectPayoutFen > 0) expect(r.reason).toBeUndefined();
      if (claim.expectFinalBurdenFen !== undefined) expect(r.finalBurdenFen).toBe(claim.expectFinalBurdenFen);
      expect(r.schemeVersion).toBe(2016);
    });
  });

  it('M4: the first claim stays below the period threshold', () => {
    const c = vectors.claimCases.find((x) => x.id === 'M4')!;
    expect(run(c.scheme, c.plan, c.member, c.claims)[0]!.reason).toBe('below_threshold');
  });
});

type Row = [name: string, scheme: string | Scheme, plan: string, member: MemberInput, claims: ClaimInput[], expected: Array<[number, Reason?]>];

describe('ratio plans: progressive bands, rounding once half up', () => {
  it.each<Row>([
    // PROV: 40% up to 20,000 yuan of the year's out-of-pocket, 75% above
    ['at the band boundary', 'PROV', 'critical_inpatient', year(2016), [stay('2016-03-01', 2_000_000)], [[800_000]]],
    ['one fen below the boundary: 799,999.6 → 800,000', 'PROV', 'critical_inpatient', year(2016), [stay('2016-03-01', 1_999_999)], [[800_000]]],
    ['one fen above the boundary: 800,000.75 → 800,001', 'PROV', 'critical_inpatient', year(2016), [stay('2016-03-01', 2_000_001)], [[800_001]]],
    ['bands run on the year’s cumulative base', 'PROV', 'critical_inpatient', year(2016), [stay('2016-03-01', 1_500_000), stay('2016-05-01', 1_000_000)], [[600_000], [200_000 + 375_000]]],
    ['a new year starts at the first band again', 'PROV', 'critical_inpatient', years(2016, 2017), [stay('2016-03-01', 3_000_000), stay('2017-01-02', 1_000_000)], [[800_000 + 750_000], [400_000]]],
    ['the period cap of 150,000 yuan', 'PROV', 'critical_inpatient', year(2016), [stay('2016-03-01', 30_000_000)], [[15_000_000]]],
    ['the period cap reached: the next claim pays nothing', 'PROV', 'critical_inpatient', years(2016, 2017), [stay('2016-03-01', 30_000_000), stay('2016-04-01', 100_000), stay('2017-04-01', 100_000)], [[15_000_000], [0, 'cap_reached'], [40_000]]],
    // LPS: 50% ordinary, 70% hardship
    ['half a fen rounds up', 'LPS', 'inpatient', year(2016), [stay('2016-03-01', 1)], [[1]]],
    ['1.5 fen rounds to 2', 'LPS', 'inpatient', year(2016), [stay('2016-03-01', 3)], [[2]]],
    ['hardship: 3.5 fen → 4, 0.7 fen → 1, 0.35 yuan stays', 'LPS', 'inpatient', year(2016, 'hardship'), [stay('2016-03-01', 5), stay('2016-03-02', 1), stay('2016-03-03', 50)], [[4], [1], [35]]],
    ['insurance paid everything: nothing counted', 'LPS', 'inpatient', year(2016), [stay('2016-03-01', 100_000, 100_000)], [[0, 'below_threshold']]],
    ['no bill: not an inpatient claim', 'LPS', 'inpatient', year(2016), [{ eventDate: '2016-03-01', hospitalDays: 5 }], [[0, 'not_covered']]],
    ['the largest bill', 'LPS', 'inpatient', year(2016, 'hardship'), [stay('2016-03-01', 100_000_000_000, 1)], [[69_999_999_999]]], // 99,999,999,999 × 70% = …999.3
    // ZY inpatient: 30%, capped at 30,000 yuan a year
    ['ZY inpatient cap across claims', 'ZY', 'inpatient', year(2016), [stay('2016-02-01', 6_000_000), stay('2016-03-01', 6_000_000), stay('2016-04-01', 6_000_000)], [[1_800_000], [1_200_000], [0, 'cap_reached']]],
    ['ZY retirees: 20%, no cap', 'ZY', 'retiree_inpatient', year(2016), [stay('2016-02-01', 100_000_000, 20_000_000)], [[16_000_000]]],
  ])('%s', (_name, s, plan, member, claims, expected) => {
    const rs = run(s, plan, member, claims);
    expect(rs.map((r) => [r.payoutFen, r.reason])).toEqual(expected.map(([p, r]) => [p, r]));
  });

  it('a status variant missing for the member: not covered', () => {
    const s = schemeWith(ratioPlan({ ratio: [{ memberStatus: 'hardship', bands: [{ fromFen: 0, rateBp: 9000 }] }] }));
    expect(run(s, 'p', year(2016, 'hardship'), [stay('2016-03-01', 1000)])[0]!.payoutFen).toBe(900);
    expect(run(s, 'p', year(2016, 'ordinary'), [stay('2016-03-01', 1000)])[0]!.reason).toBe('not_covered');
  });

  it('bands measured within each claim when the band scope is the claim', () => {
    const s = schemeWith(ratioPlan({ ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 5000 }, { fromFen: 1000, rateBp: 8000 }] }] }));
    // each claim: 1000 × 50% + 1000 × 80%
    expect(run(s, 'p', year(2016), [stay('2016-03-01', 2000), stay('2016-04-01', 2000)]).map((r) => r.payoutFen)).toEqual([1300, 1300]);
  });

  it('total cost as the base', () => {
    const s = schemeWith(ratioPlan({ base: 'total_cost', ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 1000 }] }] }));
    const [r] = run(s, 'p', year(2016), [stay('2016-03-01', 10_000, 9_000)]);
    expect(r!.payoutFen).toBe(1000);
    expect(r!.finalBurdenFen).toBeUndefined();
  });
});

describe('thresholds', () => {
  it.each<Row>([
    ['SN: the year’s threshold is crossed by the third claim', 'SN', 'inpatient_secondary', year(2016), [stay('2016-02-01', 200_000), stay('2016-03-01', 200_000), stay('2016-04-01', 200_000)], [[0, 'below_threshold'], [0, 'below_threshold'], [50_000]]],
    ['SN: exactly at the threshold counts nothing', 'SN', 'inpatient_secondary', year(2016), [stay('2016-02-01', 500_000)], [[0, 'below_threshold']]],
    ['SN: one fen above pays half a fen → 1', 'SN', 'inpatient_secondary', year(2016), [stay('2016-02-01', 500_001)], [[1]]],
    ['SN: the threshold applies again in a new year', 'SN', 'inpatient_secondary', years(2016, 2017), [stay('2016-12-31', 600_000), stay('2017-01-01', 600_000)], [[50_000], [50_000]]],
    ['SN: out of enrolment, the bill does not count toward the threshold', 'SN', 'inpatient_secondary', { status: 'ordinary', enrolments: [{ from: '2016-06-01', to: '2016-12-31' }] }, [stay('2016-05-01', 500_000), stay('2016-07-01', 200_000)], [[0, 'not_enrolled'], [0, 'below_threshold']]],
  ])('%s', (_name, s, plan, member, claims, expected) => {
    expect(run(s, plan, member, claims).map((r) => [r.payoutFen, r.reason])).toEqual(expected.map(([p, r]) => [p, r]));
  });

  it('per claim: only the part of each bill above it', () => {
    const s = schemeWith(ratioPlan({ threshold: { scope: 'claim', amountFen: 100_000 }, ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 6000 }] }] }));
    expect(run(s, 'p', year(2016), [stay('2016-02-01', 100_000), stay('2016-03-01', 150_000), stay('2016-04-01', 150_000)]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [0, 'below_threshold'],
      [30_000, undefined],
      [30_000, undefined],
    ]);
  });

  it('a policy year starting on 07-01 splits the accumulators there', () => {
    const s = schemeWith(ratioPlan({ threshold: { scope: 'period', amountFen: 100_000 } }), { period: { kind: 'policy_year', startMonthDay: '07-01' } });
    const m: MemberInput = { status: 'ordinary', enrolments: [{ from: '2016-01-01', to: '2017-12-31' }] };
    expect(run(s, 'p', m, [stay('2016-06-30', 80_000), stay('2016-07-01', 80_000), stay('2017-06-30', 80_000)]).map((r) => r.payoutFen)).toEqual([0, 0, 60_000]);
  });
});

describe('caps', () => {
  it('per claim, then period, then lifetime', () => {
    const s = schemeWith(
      ratioPlan({
        caps: [
          { scope: 'claim', amountFen: 500_000 },
          { scope: 'period', amountFen: 800_000 },
          { scope: 'lifetime', amountFen: 1_000_000 },
        ],
      }),
    );
    const m = years(2016, 2018);
    expect(run(s, 'p', m, [stay('2016-02-01', 900_000), stay('2016-03-01', 900_000), stay('2016-04-01', 900_000), stay('2017-02-01', 900_000), stay('2018-02-01', 1)]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [500_000, undefined], // claim cap
      [300_000, undefined], // period cap 800,000
      [0, 'cap_reached'], // period exhausted
      [200_000, undefined], // lifetime cap 1,000,000
      [0, 'cap_reached'], // lifetime exhausted
    ]);
  });

  it('a cap of 0 pays nothing: cap reached', () => {
    const s = schemeWith(ratioPlan({ caps: [{ scope: 'claim', amountFen: 0 }] }));
    expect(run(s, 'p', year(2016), [stay('2016-02-01', 10)])[0]!.reason).toBe('cap_reached');
  });

  it('ZY per diem: 90 days a year, counted across claims, fresh in a new year', () => {
    expect(
      run('ZY', 'accident_injury', years(2016, 2017), [
        { eventDate: '2016-03-01', hospitalDays: 60 },
        { eventDate: '2016-08-01', hospitalDays: 45 },
        { eventDate: '2016-09-01', hospitalDays: 3 },
        { eventDate: '2017-01-10', hospitalDays: 100 },
        { eventDate: '2017-02-10' },
      ]).map((r) => [r.payoutFen, r.reason]),
    ).toEqual([
      [300_000, undefined],
      [150_000, undefined],
      [0, 'cap_reached'],
      [450_000, undefined],
      [0, 'not_covered'],
    ]);
  });

  it('per diem with claim and lifetime caps in days and a money cap', () => {
    const s = schemeWith({
      code: 'p',
      name: { zh: '津贴', en: 'Per diem' },
      kind: 'per_diem',
      trigger: 'inpatient_stay',
      amountFenPerDay: 10_000,
      caps: [
        { scope: 'claim', days: 30 },
        { scope: 'lifetime', days: 50 },
        { scope: 'claim', amountFen: 250_000 },
      ],
    });
    expect(run(s, 'p', years(2016, 2017), [{ eventDate: '2016-02-01', hospitalDays: 40 }, { eventDate: '2017-02-01', hospitalDays: 40 }, { eventDate: '2017-05-01', hospitalDays: 1 }]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [250_000, undefined], // 30 days × 100 = 3,000 yuan, capped at 2,500 a claim
      [200_000, undefined], // 20 days left of 50
      [0, 'cap_reached'],
    ]);
  });
});

describe('lump sums: diagnoses, first diagnosis, claim-count limits, waiting periods', () => {
  it.each<Row>([
    ['ICD-10 inside a range', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'C34.1' }], [[1_200_000]]],
    ['ICD-10 at the end of a range', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'I64' }], [[1_200_000]]],
    ['ICD-10 just outside a range', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'I65' }], [[0, 'not_covered']]],
    ['ICD-10 under a listed code', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'I21.4' }], [[1_200_000]]],
    ['ICD-10 subcode listed exactly', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'Z95.1' }], [[1_200_000]]],
    ['a sibling of a listed subcode', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosisIcd10: 'Z95.2' }], [[0, 'not_covered']]],
    ['by the disease name', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosis: '急性心肌梗塞' }], [[1_200_000]]],
    ['an unknown diagnosis code', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', diagnosis: 'CI99' }], [[0, 'not_covered']]],
    ['no diagnosis at all', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-06-01', totalCostFen: 100 }], [[0, 'not_covered']]],
    // waiting period of 90 days
    ['day 89 of enrolment: waiting', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-03-30', diagnosis: 'CI01' }], [[0, 'waiting_period']]],
    ['day 90 of enrolment: covered', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-03-31', diagnosis: 'CI01' }], [[1_200_000]]],
    ['renewed without a gap: the waiting period is waived', 'GY', 'critical_illness', years(2015, 2016), [{ eventDate: '2016-01-05', diagnosis: 'CI01' }], [[1_200_000]]],
    [
      'renewed after a gap: waiting again',
      'GY',
      'critical_illness',
      { status: 'ordinary', enrolments: [{ from: '2015-01-01', to: '2015-11-30' }, { from: '2016-01-01', to: '2016-12-31' }] },
      [{ eventDate: '2016-02-15', diagnosis: 'CI01' }],
      [[0, 'waiting_period']],
    ],
    [
      'first enrolled mid-year: the waiting period runs from then',
      'GY',
      'critical_illness',
      { status: 'ordinary', enrolments: [{ from: '2016-03-01', to: '2016-12-31' }] },
      [{ eventDate: '2016-05-15', diagnosis: 'CI01' }, { eventDate: '2016-06-01', diagnosis: 'CI02' }],
      [[0, 'waiting_period'], [1_200_000]],
    ],
    ['not enrolled on the event date', 'GY', 'critical_illness', year(2016), [{ eventDate: '2017-06-01', diagnosis: 'CI01' }], [[0, 'not_enrolled']]],
    ['no enrolment at all', 'GY', 'critical_illness', { status: 'ordinary', enrolments: [] }, [{ eventDate: '2016-06-01', diagnosis: 'CI01' }], [[0, 'not_enrolled']]],
    // once in a lifetime, across years
    ['the lifetime count holds across years', 'GY', 'critical_illness', years(2016, 2017), [{ eventDate: '2016-06-01', diagnosis: 'CI01' }, { eventDate: '2017-06-01', diagnosis: 'CI02' }], [[1_200_000], [0, 'max_claims']]],
    ['a claim refused before counting does not use the count', 'GY', 'critical_illness', year(2016), [{ eventDate: '2016-02-01', diagnosis: 'CI01' }, { eventDate: '2016-06-01', diagnosis: 'CI01' }], [[0, 'waiting_period'], [1_200_000]]],
    // ZY female diseases: each listed disease once, no count limit
    ['each disease pays on its first diagnosis only', 'ZY', 'female_disease', year(2016), [{ eventDate: '2016-02-01', diagnosis: 'FD01' }, { eventDate: '2016-03-01', diagnosisIcd10: 'C50.9' }, { eventDate: '2016-04-01', diagnosis: 'FD02' }], [[500_000], [0, 'not_covered'], [500_000]]],
    ['ZY critical illness: 10,000 yuan, no waiting period', 'ZY', 'critical_illness', year(2016), [{ eventDate: '2016-01-02', diagnosis: 'CI15' }], [[1_000_000]]],
  ])('%s', (_name, s, plan, member, claims, expected) => {
    expect(run(s, plan, member, claims).map((r) => [r.payoutFen, r.reason])).toEqual(expected.map(([p, r]) => [p, r]));
  });

  it('a period claim-count limit', () => {
    const s = schemeWith(ratioPlan({ maxClaims: { scope: 'period', count: 2 } }));
    expect(run(s, 'p', years(2016, 2017), [stay('2016-02-01', 10), stay('2016-03-01', 10), stay('2016-04-01', 10), stay('2017-01-01', 10)]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [10, undefined],
      [10, undefined],
      [0, 'max_claims'],
      [10, undefined],
    ]);
  });

  it('a waiting period not waived on renewal starts again with every enrolment', () => {
    const s = schemeWith(ratioPlan({ waitingPeriod: { days: 30, waivedOnContinuousRenewal: false } }));
    expect(run(s, 'p', years(2016, 2017), [stay('2017-01-20', 10), stay('2017-01-31', 10)]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [0, 'waiting_period'],
      [10, undefined],
    ]);
  });
});

describe('allowance: per household per year', () => {
  it('LPS pharmacy allowance: hardship only, once a year', () => {
    expect(run('LPS', 'pharmacy_allowance', years(2016, 2017, 'hardship'), [{ eventDate: '2016-03-01' }, { eventDate: '2016-09-01' }, { eventDate: '2017-03-01' }]).map((r) => [r.payoutFen, r.reason])).toEqual([
      [100_000, undefined],
      [0, 'max_claims'],
      [100_000, undefined],
    ]);
    expect(run('LPS', 'pharmacy_allowance', year(2016), [{ eventDate: '2016-03-01' }])[0]!.reason).toBe('not_covered');
  });
});

describe('accumulators and the trace', () => {
  it('evaluating claims one at a time with carried accumulators gives the same answers', () => {
    const c = vectors.claimCases.find((x) => x.id === 'M6')!;
    const cp = compilePlan(builtInScheme('SN')!, 'inpatient_secondary')!;
    const acc = newAccumulators();
    const one = c.claims.map((claim) => evaluateClaims(cp, c.member, [claim], { accumulators: acc })[0]!.payoutFen);
    expect(one).toEqual(c.claims.map((x) => x.expectPayoutFen));
    expect(acc.lifetimePaidFen).toBe(7_250_000 + 2_750_000 + 4_750_000);
    expect(acc.periods.get(2016)).toMatchObject({ baseFen: 25_000_000, paidFen: 10_000_000, claims: 2 });
  });

  it('the trace follows the evaluation order, in both languages, with the numbers', () => {
    const [r] = run('PROV', 'critical_inpatient', year(2016, 'hardship'), [stay('2016-02-17', 99_160_000, 86_440_000)]);
    const steps = r!.trace.map((s) => s.step);
    expect(steps).toEqual(['scheme', 'enrolment', 'waiting_period', 'trigger', 'base', 'threshold', 'amount', 'cap', 'rounding', 'result']);
    const order = steps.map((s) => TRACE_STEPS.indexOf(s));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const s of r!.trace) {
      expect(s.zh).toBeTruthy();
      expect(s.en).toBeTruthy();
    }
    expect(r!.trace.find((s) => s.step === 'base')!.values.baseFen).toBe(12_720_000);
    expect(r!.trace.find((s) => s.step === 'amount')!.zh).toContain('20,000.00 × 40% + 107,200.00 × 75%');
    expect(r!.trace.at(-1)!.values).toMatchObject({ payoutFen: 8_840_000, finalBurdenFen: 3_880_000 });
  });

  it('a refused claim’s trace ends with its reason', () => {
    const [r] = run('GY', 'critical_illness', year(2016), [{ eventDate: '2016-02-15', diagnosis: 'CI02' }]);
    expect(r!.trace.map((s) => s.step)).toEqual(['scheme', 'enrolment', 'waiting_period', 'result']);
    expect(r!.trace.at(-1)!.values.reason).toBe('waiting_period');
  });

  it('the trace can be left out', () => {
    const cp = compilePlan(builtInScheme('LPS')!, 'inpatient')!;
    expect(evaluateClaims(cp, year(2016), [stay('2016-03-01', 100)], { trace: false })[0]).toEqual({ payoutFen: 50, finalBurdenFen: 50, schemeVersion: 2016, trace: [] });
  });

  it('an unknown plan does not compile', () => {
    expect(compilePlan(builtInScheme('LPS')!, 'nope')).toBeUndefined();
  });
});

describe('helpers', () => {
  it.each<[number, number, number]>([
    [0, 10000, 0],
    [4999, 10000, 0],
    [5000, 10000, 1],
    [15000, 10000, 2],
    [14999, 10000, 1],
    [2_333_331_000, 10000, 233_333],
    [7, 1, 7],
  ])('roundDiv(%i, %i) = %i', (n, d, q) => expect(roundDiv(n, d)).toBe(q));

  it.each<[string, number]>([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['2000-03-01', 11_017],
    ['2016-02-29', 16_860],
    ['1969-12-31', -1],
  ])('day number of %s', (iso, n) => {
    expect(parseDay(iso)).toBe(n);
    expect(parseDay(iso)).toBe(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000);
  });

  it('day numbers match the calendar for every day of 2015–2017', () => {
    for (let t = Date.UTC(2015, 0, 1); t <= Date.UTC(2017, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      expect(dayNumber(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(t / 86_400_000);
    }
  });

  it.each<[string, string, string, boolean]>([
    ['C34.1', 'C00', 'C97', true],
    ['C00', 'C00', 'C97', true],
    ['C97.9', 'C00', 'C97', true],
    ['D00', 'C00', 'C97', false],
    ['B99', 'C00', 'C97', false],
    ['I21', 'I21', 'I21', true],
    ['I21.9', 'I21', 'I21', true],
    ['I210', 'I21', 'I21', false],
    ['I22', 'I21', 'I21', false],
    ['Z95.1', 'Z95.1', 'Z95.1', true],
    ['Z95.12', 'Z95.1', 'Z95.1', true],
    ['Z95.2', 'Z95.1', 'Z95.1', false],
    ['Z95', 'Z95.1', 'Z95.1', false],
  ])('%s in %s–%s: %s', (icd, lo, hi, yes) => expect(icdMatches(icd, lo, hi)).toBe(yes));

  it.each<[number, string]>([
    [7000, '70%'],
    [7550, '75.5%'],
    [125, '1.25%'],
    [10000, '100%'],
    [0, '0%'],
  ])('percent(%i) = %s', (bp, s) => expect(percent(bp)).toBe(s));

  it.each<[number, string]>([
    [0, '0.00'],
    [5, '0.05'],
    [100, '1.00'],
    [123_456, '1,234.56'],
    [99_160_000, '991,600.00'],
    [100_000_000_000, '1,000,000,000.00'],
    [-3_880_000, '-38,800.00'],
  ])('yuan(%i) = %s', (fen, text) => expect(yuan(fen)).toBe(text));

  it('exact yuan of fen × bp', () => {
    expect(exactYuan(2_333_331_000)).toBe('2,333.331');
    expect(exactYuan(80_000_007_500)).toBe('80,000.0075');
    expect(exactYuan(10000)).toBe('0.01');
  });

  it('banded amounts: each slice at its own rate', () => {
    const bands = [
      { fromFen: 0, rateBp: 4000 },
      { fromFen: 100, rateBp: 7500 },
    ];
    expect(bandedAmount(bands, 0, 100)).toBe(400_000);
    expect(bandedAmount(bands, 50, 100)).toBe(50 * 4000 + 50 * 7500);
    expect(bandedAmount(bands, 200, 10)).toBe(75_000);
    expect(bandedAmount(bands, 0, 0)).toBe(0);
  });
});
