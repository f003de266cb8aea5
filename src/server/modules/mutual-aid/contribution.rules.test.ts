import { describe, expect, it } from 'vitest';
import { type MemberStatus, type Scheme, scheme as schemeSchema } from '../../../contracts/mutual-aid';
import { ContributionError, allowanceFunding, contributionBill, memberContribution, splitByShares } from './contribution.rules';
import { builtInScheme } from './scheme-data';
import { mutualAidVectors } from '../../../../test/vectors/mutual-aid';


const vectors = mutualAidVectors;

describe('every contribution case of the reference vectors', () => {
  it.each(vectors.contributionCases)('$id $scheme', (c) => {
    const s = builtInScheme(c.scheme)!;
    const bill = c.plan ? allowanceFunding(s, c.plan, c.households!) : memberContribution(s, c.memberStatus!, c.plans);
    const { total, ...byPayer } = c.expect;
    expect(bill.totalFen).toBe(total);
    expect(bill.byPayer).toEqual(byPayer);
  });
});

const S = (over: Partial<Scheme>): Scheme =>
  schemeSchema.parse({
    code: 'T',
    name: { zh: '测试', en: 'Test' },
    regionCode: '52',
    version: 1,
    period: { kind: 'calendar_year' },
    contributions: [],
    plans: [
      { code: 'a', name: { zh: '甲', en: 'A' }, kind: 'lump_sum', trigger: 'first_diagnosis', amountFen: 1, diagnoses: [{ code: 'X', name: { zh: 'x', en: 'x' }, icd10: ['C00'] }] },
      { code: 'b', name: { zh: '乙', en: 'B' }, kind: 'lump_sum', trigger: 'first_diagnosis', amountFen: 1, diagnoses: [{ code: 'X', name: { zh: 'x', en: 'x' }, icd10: ['C00'] }] },
      { code: 'al', name: { zh: '补助', en: 'Allowance' }, kind: 'allowance', trigger: 'household_year', amountFen: 100, eligibleStatuses: ['hardship'], eligibility: { zh: '特困', en: 'extreme' }, funding: [{ payer: 'city_union', shareBp: 3333 }, { payer: 'county_union', shareBp: 3333 }, { payer: 'employer', shareBp: 3334 }] },
    ],
    ...over,
  });

describe('unit bills', () => {
  it('a unit of mixed members under LPS: by payer', () => {
    const bill = contributionBill(builtInScheme('LPS')!, [
      { status: 'ordinary', count: 120 },
      { status: 'hardship', count: 15 },
    ]);
    expect(bill.byPayer).toEqual({ worker: 120 * 10000 + 15 * 6000, city_union: 15 * 2000, county_union: 15 * 2000 });
    expect(bill.totalFen).toBe(135 * 10000);
    expect(bill.lines).toHaveLength(4);
  });

  it.each<[string, Scheme['contributions'], Array<{ status: MemberStatus; count: number; planCodes?: string[] }>, number, Record<string, number>]>([
    ['per plan: members choosing different plans', [{ memberStatus: 'any', basis: 'per_plan', payer: 'worker', amountFen: 1000 }], [{ status: 'ordinary', count: 3, planCodes: ['a', 'b'] }, { status: 'hardship', count: 2, planCodes: ['a'] }], 0, { worker: 8000 }],
    ['per household, with an employer share per member', [{ memberStatus: 'any', basis: 'per_household', payer: 'government', amountFen: 5000 }, { memberStatus: 'any', basis: 'per_member', payer: 'employer', amountFen: 2000 }], [{ status: 'ordinary', count: 4 }], 3, { government: 15000, employer: 8000 }],
    ['status-specific rules beside rules for any member', [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 3000 }, { memberStatus: 'hardship', basis: 'per_member', payer: 'government', amountFen: 3000 }], [{ status: 'ordinary', count: 1 }, { status: 'hardship', count: 1 }], 0, { worker: 6000, government: 3000 }],
    ['nobody: an empty bill', [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 3000 }], [{ status: 'ordinary', count: 0 }], 0, {}],
  ])('%s', (_n, contributions, groups, households, byPayer) => {
    const bill = contributionBill(S({ contributions }), groups, households);
    expect(bill.byPayer).toEqual(byPayer);
    expect(bill.totalFen).toBe(Object.values(byPayer).reduce((a, b) => a + b, 0));
  });

  it('ZY: at most five plans per member; plans must exist', () => {
    const zy = builtInScheme('ZY')!;
    expect(memberContribution(zy, 'ordinary', ['accident_injury', 'critical_illness', 'inpatient', 'female_disease', 'retiree_inpatient']).totalFen).toBe(5000);
    expect(() => memberContribution(S({ maxPlansPerMember: 1 }), 'ordinary', ['a', 'b'])).toThrow(ContributionError);
    expect(() => memberContribution(zy, 'ordinary', ['nope'])).toThrow(/no plan nope/);
    // the same plan twice counts once
    expect(memberContribution(zy, 'ordinary', ['inpatient', 'inpatient']).totalFen).toBe(1000);
  });
});

describe('allowance funding', () => {
  it('shares that do not divide evenly still add up to the total', () => {
    const bill = allowanceFunding(S({}), 'al', 1);
    expect(bill.totalFen).toBe(100);
    expect(bill.byPayer).toEqual({ city_union: 33, county_union: 33, employer: 34 });
  });

  it('a plan without funding shares is refused', () => {
    expect(() => allowanceFunding(S({}), 'a', 1)).toThrow(ContributionError);
  });

  it.each<[number, number[], number[]]>([
    [100, [5000, 5000], [50, 50]],
    [1, [5000, 5000], [1, 0]],
    [3, [5000, 5000], [2, 1]],
    [10, [3333, 3333, 3334], [3, 3, 4]],
    [31_400_000, [5000, 5000], [15_700_000, 15_700_000]],
    [0, [10000], [0]],
  ])('splitByShares(%i, %j) = %j', (total, shares, parts) => {
    expect(splitByShares(total, shares)).toEqual(parts);
  });
});
